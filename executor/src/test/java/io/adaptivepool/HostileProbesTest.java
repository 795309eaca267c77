package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.Await;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile probes of the engine's edges that the JDK's pool has no counterpart for: user code the
 * watch thread runs (log handlers), and interrupts of producers blocked for room in BLOCK mode.
 * Each states what the engine must do; a probe that fails names the defect it found.
 */
@Timeout(120)
class HostileProbesTest {
    /** The engine's logger (docs: io.adaptivepool.AdaptivePoolExecutor); held so JUL keeps it. */
    private static final Logger ENGINE_LOG = Logger.getLogger(AdaptivePoolExecutor.class.getName());

    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final CountDownLatch release = new CountDownLatch(1);
    private Handler installed;

    @AfterEach
    void tearDown() {
        if (installed != null) {
            ENGINE_LOG.removeHandler(installed);
        }
        release.countDown();
        pools.terminateAll();
    }

    /** Installs, on the engine's logger until the tear-down, a handler that gives each message to {@code onMessage}. */
    private void install(Consumer<String> onMessage) {
        installed = onMessages(onMessage);
        ENGINE_LOG.addHandler(installed);
    }

    private static Handler onMessages(Consumer<String> onMessage) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null) {
                    onMessage.accept(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private AdaptivePoolExecutor stalledPool(String name, CountDownLatch queuedRan) {
        return pools.keep(stalled(name, release, queuedRan::countDown));
    }

    /**
     * A pool of one worker (daemon threads) and a stall guard of one, whose worker holds until
     * {@code hold} opens, with {@code queued} queued behind it: only the guard's worker can run it.
     */
    static AdaptivePoolExecutor stalled(String name, CountDownLatch hold, Runnable queued) {
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name(name).minWorkers(1).maxWorkers(1)
                .queueCapacity(10).stallWorkers(1).stallTimeout(Duration.ofSeconds(1)).threadFactory(r -> {
                    Thread t = new Thread(r);
                    t.setDaemon(true);
                    return t;
                }).build();
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            Await.quietly(hold);
        });
        Await.latch(started);
        pool.execute(queued);
        return pool;
    }

    /**
     * A log handler is user code, and the watch writes a stall's line with it. One that throws on
     * the line must not cost the pool the workers the guard reserved for that stall: reserved and
     * never started, they stay counted for ever, the queued task never gets the worker it was
     * promised, and the pool can never terminate (a phantom worker). The guard's worker must start
     * and run the queued task while the first still holds its worker.
     */
    @Test
    void aLogHandlerThatThrowsOnTheStallLineDoesNotStrandTheGuardsReservedWorkers() throws InterruptedException {
        install(message -> {
            if (message.contains("'hostile-throwing-line' stalled")) {
                throw new IllegalStateException("a log handler that fails on this line");
            }
        });
        CountDownLatch queuedRan = new CountDownLatch(1);
        AdaptivePoolExecutor pool = stalledPool("hostile-throwing-line", queuedRan);

        // the guard acts within a second; the first task holds its worker until released
        assertTrue(queuedRan.await(10, TimeUnit.SECONDS), "the guard's worker never ran the queued task: " + pool.metrics());

        release.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(TestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS),
                "the pool terminates (no reserved worker left counted): " + pool.metrics());
    }

    /**
     * One watch thread serves every pool of the JVM. A log handler that blocks while it writes one
     * pool's stall line (a handler flushing to a slow disk or socket, an async appender whose queue
     * is full) must not stop the stall guard of another pool: pool B's guard adds its worker while
     * pool A's line is still being written.
     */
    @Test
    void aLogHandlerBlockedOnOnePoolsStallLineDoesNotFreezeTheGuardOfAnother() throws InterruptedException {
        CountDownLatch lineHeld = new CountDownLatch(1);
        CountDownLatch letLineGo = new CountDownLatch(1);
        install(message -> {
            if (message.contains("'hostile-slow-log-a' stalled")) {
                lineHeld.countDown();
                Await.quietly(letLineGo);
            }
        });
        try {
            stalledPool("hostile-slow-log-a", new CountDownLatch(1));
            TestSupport.awaitLatch(lineHeld);

            CountDownLatch queuedOfB = new CountDownLatch(1);
            AdaptivePoolExecutor b = stalledPool("hostile-slow-log-b", queuedOfB);

            // B's guard reacts in a few hundred ms; the line of A is held for 20 s at most
            assertTrue(queuedOfB.await(10, TimeUnit.SECONDS),
                    "pool B's guard did not act while pool A's stall line was being written: " + b.metrics());
        } finally {
            letLineGo.countDown();
        }
    }

    /**
     * {@code invokeAll} and {@code invokeAny} say: InterruptedException "if interrupted while
     * waiting". In BLOCK mode the untimed ones wait for room to submit; an interrupt there must
     * reach the caller as InterruptedException (as it does for the timed ones), not as a
     * RejectedExecutionException of a saturated pool.
     */
    @Test
    void anUntimedInvokeAllOrInvokeAnyInterruptedWhileWaitingForRoomThrowsInterruptedException() {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("hostile-invoke-interrupt")
                .minWorkers(1).maxWorkers(1).queueCapacity(1).saturation(Saturation.BLOCK).build());
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            Await.quietly(release);
        });
        TestSupport.awaitLatch(started);
        pool.execute(() -> { });
        List<Callable<String>> tasks = Collections.singletonList(() -> "done");

        for (String call : new String[] {"invokeAll", "invokeAny"}) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            CountDownLatch ended = new CountDownLatch(1);
            Thread caller = new Thread(() -> {
                try {
                    if (call.equals("invokeAll")) {
                        pool.invokeAll(tasks);
                    } else {
                        pool.invokeAny(tasks);
                    }
                } catch (Throwable t) {
                    thrown.set(t);
                } finally {
                    ended.countDown();
                }
            }, "hostile-" + call);
            caller.setDaemon(true);
            caller.start();
            TestSupport.await(call + " blocked for room", () -> pool.metrics().blockedSubmitters() == 1);

            caller.interrupt();

            TestSupport.awaitLatch(ended);
            assertTrue(thrown.get() instanceof InterruptedException,
                    call + " interrupted while waiting for room threw " + thrown.get());
        }
        assertEquals(1, pool.getQueue().size(), "nothing of the interrupted calls stays queued");
    }

    /**
     * Issue 22, item 11: every timed call, {@code submit} and {@code execute} with a Duration
     * included, treats a non-positive timeout as the JDK's timed methods do: as no wait at all, not
     * as bad input. With room the task is accepted; saturated, it is refused at once, as for
     * {@link Duration#ZERO}.
     */
    @Test
    void aNegativeMaxWaitIsNoWaitAsInTheJdksTimedMethods() throws Exception {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("hostile-negative-wait")
                .minWorkers(1).maxWorkers(1).queueCapacity(1).saturation(Saturation.BLOCK).build());
        Duration negative = Duration.ofMillis(-1);
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            Await.quietly(release);
        }, negative);
        TestSupport.awaitLatch(started);
        Future<String> queued = pool.submit(() -> "queued", negative);

        assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }, negative));
        assertThrows(PoolSaturatedException.class, () -> pool.submit(() -> "refused", Duration.ofSeconds(Long.MIN_VALUE)));

        release.countDown();
        assertEquals("queued", queued.get(TestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Issue 22, item 7: the workers the stall guard adds carry whatever the pool's other workers
     * inherit from the thread that makes them. A new thread joins its maker's ThreadGroup, and the
     * group is the default uncaught-exception handler: an application (a server, a test runner)
     * that builds and feeds a pool from its own group hears of every task's exception there. A
     * worker the guard made on the watch's starter thread joins the watch's group instead, so the
     * exception of a task it runs goes elsewhere.
     */
    @Test
    void theGuardsWorkersJoinTheThreadGroupOfThePoolsOtherWorkers() throws Exception {
        List<Throwable> heard = new CopyOnWriteArrayList<>();
        ThreadGroup application = new ThreadGroup("hostile-application") {
            @Override
            public void uncaughtException(Thread t, Throwable e) {
                heard.add(e);
            }
        };
        List<ThreadGroup> groups = new CopyOnWriteArrayList<>();
        CountDownLatch queuedRan = new CountDownLatch(1);
        AtomicReference<AdaptivePoolExecutor> built = new AtomicReference<>();
        IllegalStateException failure = new IllegalStateException("the queued task fails");
        // a pool of the test's own group keeps the watch running (or starts it) outside the application's group
        pools.keep(AdaptivePoolExecutor.builder().name("hostile-group-keeper").minWorkers(0).maxWorkers(1).build());
        Thread app = new Thread(application, () -> {
            AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("hostile-group").minWorkers(1)
                    .maxWorkers(1).queueCapacity(10).stallWorkers(1).stallTimeout(Duration.ofSeconds(1)).build());
            built.set(pool);
            CountDownLatch started = new CountDownLatch(1);
            pool.execute(() -> {
                groups.add(Thread.currentThread().getThreadGroup());
                started.countDown();
                Await.quietly(release);
            });
            Await.latch(started);
            pool.execute(() -> {
                groups.add(Thread.currentThread().getThreadGroup());
                queuedRan.countDown();
                throw failure;
            });
        }, "hostile-application-main");
        app.start();
        app.join(TestSupport.PATIENCE.toMillis());

        assertTrue(queuedRan.await(10, TimeUnit.SECONDS), "the guard ran the queued task: " + built.get().metrics());
        TestSupport.await("the failure to reach an uncaught-exception handler", () -> !heard.isEmpty()
                || groups.size() == 2 && groups.get(1) != application);
        assertEquals(application, groups.get(0), "the pool's own worker is in the application's group");
        assertEquals(application, groups.get(1), "the guard's worker is in the same group");
        assertEquals(Collections.singletonList(failure), heard, "the application's group heard of the failure");
    }

    /**
     * Issue 22: no user code runs under the engine's lock where it need not. Removing a termination
     * listener compares listeners with their {@code equals}, which is the user's: one that is slow
     * (or blocks) must not hold up the pool's submitters and workers, which share that lock.
     */
    @Test
    void aListenersEqualsDoesNotRunUnderThePoolsLock() throws InterruptedException {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("hostile-listener-equals")
                .minWorkers(1).maxWorkers(1).queueCapacity(10).build());
        CountDownLatch inEquals = new CountDownLatch(1);
        CountDownLatch letEqualsReturn = new CountDownLatch(1);
        Runnable listener = new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public boolean equals(Object other) {
                inEquals.countDown();
                Await.quietly(letEqualsReturn);
                return other == this;
            }

            @Override
            public int hashCode() {
                return 1;
            }
        };
        pool.addTerminationListener(listener);
        Thread remover = new Thread(() -> pool.removeTerminationListener(listener), "hostile-listener-remover");
        remover.setDaemon(true);
        remover.start();
        try {
            TestSupport.awaitLatch(inEquals);

            CountDownLatch ran = new CountDownLatch(1);
            Thread submitter = new Thread(() -> pool.execute(ran::countDown), "hostile-listener-submitter");
            submitter.setDaemon(true);
            submitter.start();

            assertTrue(ran.await(10, TimeUnit.SECONDS),
                    "a task submitted while a listener's equals ran did not run: the equals held the pool's lock");
        } finally {
            letEqualsReturn.countDown();
        }
        remover.join(TestSupport.PATIENCE.toMillis());
    }

    /**
     * A pin of the room-waiter rule under everything that can happen to a waiter at once (passes
     * on the present engine; the task path is being changed): one worker at a time and a queue of
     * one, so the worker goes idle between tasks; producers wait for room by {@code execute},
     * {@code execute} with a short Duration, {@code getQueue().put} and a timed {@code offer},
     * are interrupted at random, while max and the capacity are retuned and workers retire and
     * come back (idle time of a few microseconds, core time-out on). No producer is left waiting,
     * and every task accepted runs exactly once, none refused runs.
     */
    @Test
    void everyWayOfWaitingForRoomEndsAndEveryAcceptedTaskRunsOnce() throws InterruptedException {
        int producers = 4;
        int each = 200;
        for (int round = 0; round < 40; round++) {
            AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("hostile-room-" + round)
                    .minWorkers(round % 2).maxWorkers(1).queueCapacity(1).scaleUpThreshold(1.0)
                    .scaleCooldown(Duration.ZERO).scaleDownIdle(Duration.ofNanos(1 + round * 2_000L))
                    .saturation(Saturation.BLOCK).build());
            pool.allowCoreThreadTimeOut(round % 3 == 0);
            AtomicIntegerArray runs = new AtomicIntegerArray(producers * each);
            AtomicIntegerArray accepted = new AtomicIntegerArray(producers * each);
            CountDownLatch done = new CountDownLatch(producers);
            Thread[] threads = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int way = p;
                threads[p] = new Thread(() -> {
                    try {
                        for (int i = 0; i < each; i++) {
                            int id = way * each + i;
                            Runnable task = () -> runs.incrementAndGet(id);
                            boolean in;
                            try {
                                in = waitForRoom(pool, way, task, i);
                            } catch (InterruptedException | RejectedExecutionException refused) {
                                Thread.interrupted();
                                in = false;
                            }
                            if (in) {
                                accepted.set(id, 1);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "hostile-room-producer-" + p);
                threads[p].setDaemon(true);
                threads[p].start();
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread meddler = new Thread(() -> {
                for (int k = 0; !stop.get(); k++) {
                    if (k % 3 == 0) {
                        threads[k % producers].interrupt();
                    } else if (k % 3 == 1) {
                        pool.setMaxWorkers(1 + k % 2);
                    } else {
                        pool.setQueueCapacity(1 + k % 2);
                    }
                    for (int spin = 0; spin < 20; spin++) {
                        Thread.yield();
                    }
                }
            }, "hostile-room-meddler");
            meddler.setDaemon(true);
            meddler.start();
            boolean ended;
            try {
                ended = done.await(TestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                stop.set(true);
                meddler.join(TestSupport.PATIENCE.toMillis());
            }
            int round0 = round;
            assertTrue(ended, () -> "round " + round0 + ": a producer was left waiting: " + pool.metrics());
            pool.shutdown();
            assertTrue(pool.awaitTermination(TestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS), pool.metrics().toString());
            for (int id = 0; id < runs.length(); id++) {
                assertEquals(accepted.get(id), runs.get(id), "round " + round + ", task " + id + " (accepted 1, refused 0)");
            }
        }
    }

    /** One of four ways to wait for room; true if the task was accepted. */
    private static boolean waitForRoom(AdaptivePoolExecutor pool, int way, Runnable task, int i)
            throws InterruptedException {
        if (way == 0) {
            pool.getQueue().put(task);
        } else if (way == 1) {
            return pool.getQueue().offer(task, i % 50, TimeUnit.MICROSECONDS);
        } else if (way == 2) {
            pool.execute(task, Duration.ofNanos(i * 200L));
        } else {
            pool.execute(task);
        }
        return true;
    }

    /**
     * The watch thread must outlive whatever a log handler throws. A handler that throws on every
     * line of one pool (the stall line, then the watch's own "the stall check failed" line) must
     * not end the one watch of the JVM: if it dies, no pool built after it, however unrelated, has
     * a stall guard or a ticking coarse clock again (the watch is never restarted). Run in a child
     * JVM, since a dead watch would take the guard from every later test of this one.
     */
    @Test
    void aLogHandlerThatThrowsOnEveryLineOfOnePoolDoesNotEndTheWatchForEveryPool() throws Exception {
        assertChildSucceeds(WatchSurvivesAThrowingHandler.class,
                "pool B, built after pool A's handler failed, had no stall guard");
    }

    /**
     * Issue 22, item 11: extreme timeouts are treated as the JDK treats them. A cooldown that is
     * "for ever" ({@code Duration.ofSeconds(Long.MAX_VALUE)}, or any beyond ~292 years) must space
     * retirements for ever, not freeze the pool: a worker idle past its idle time asks the policy,
     * is told to wait {@code cooldown - since} more, and {@code now + that} overflows; its next
     * deadline, {@code Math.max(idleSince + idle, notBefore)}, then picks the past one, so it asks
     * again, and again, without ever releasing the pool's lock. Run in a child JVM: the spinning
     * worker would hold a core, and the lock, for the rest of this one.
     */
    @Test
    void aCooldownOfForeverDoesNotFreezeThePool() throws Exception {
        assertChildSucceeds(ForeverCooldown.class, "a task submitted after a worker went idle did not run");
    }

    /**
     * The one watch thread is made by whichever thread builds the JVM's first pool, and a new thread
     * copies its maker's inheritable thread-locals. The guard's workers are made from the watch's
     * side, so a pool of application B gets workers that carry application A's context (a tenant,
     * an MDC map, a security context) and pin A's classes, while B's own workers carry B's
     * (the docs say the guard's workers have "none"). Child JVM: the watch must be made here.
     */
    @Test
    void theGuardsWorkersDoNotCarryTheContextOfTheThreadThatMadeTheWatch() throws Exception {
        assertChildSucceeds(GuardWorkersCarryNoOtherContext.class, "a guard worker of pool B carried app A's context");
    }

    /** Runs {@code main} in a child JVM (this module's classes and test-support) and expects exit 0. */
    private static void assertChildSucceeds(Class<?> main, String failure) throws Exception {
        String classpath = String.join(File.pathSeparator, location(HostileProbesTest.class),
                location(AdaptivePoolExecutor.class), location(Await.class));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path out = Files.createTempFile("hostile-child", ".txt");
        try {
            Process child = new ProcessBuilder(java, "-cp", classpath, main.getName()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            boolean ended = child.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            assertTrue(ended, "the child JVM did not end within 60 s:\n" + text);
            assertEquals(0, child.exitValue(), failure + ":\n" + text);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** The child JVM of the probe above: exit 0 if pool B's guard ran its queued task, else 3. */
    static final class WatchSurvivesAThrowingHandler {
        private WatchSurvivesAThrowingHandler() {
        }

        public static void main(String[] args) throws Exception {
            Logger log = Logger.getLogger(AdaptivePoolExecutor.class.getName());
            CountDownLatch failureLine = new CountDownLatch(1);
            log.addHandler(onMessages(message -> {
                if (message.contains("'child-a'")) {
                    if (message.contains("stall check failed")) {
                        failureLine.countDown();
                    }
                    throw new IllegalStateException("a log handler that fails on every line of pool child-a");
                }
            }));
            CountDownLatch hold = new CountDownLatch(1);
            AdaptivePoolExecutor a = stalled("child-a", hold, () -> { });
            Await.until("pool A to stall", () -> a.metrics().stalls() >= 1);
            // on the present engine the watch writes its failure line at once, and dies of it
            failureLine.await(5, TimeUnit.SECONDS);

            CountDownLatch queuedOfB = new CountDownLatch(1);
            AdaptivePoolExecutor b = stalled("child-b", hold, queuedOfB::countDown);
            boolean ran = queuedOfB.await(10, TimeUnit.SECONDS);
            System.out.println(ran ? "pool B's guard ran its queued task" : "pool B stalled with no guard: " + b.metrics());
            hold.countDown();
            System.exit(ran ? 0 : 3);
        }
    }

    /** The child JVM of the cooldown probe: exit 0 if a task submitted to the idle pool ran, else 3. */
    static final class ForeverCooldown {
        private ForeverCooldown() {
        }

        public static void main(String[] args) throws Exception {
            AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("child-forever-cooldown").minWorkers(1)
                    .maxWorkers(2).scaleUpThreshold(0.0).scaleCooldown(Duration.ofSeconds(Long.MAX_VALUE))
                    .scaleDownIdle(Duration.ofMillis(1)).threadFactory(r -> {
                        Thread t = new Thread(r);
                        t.setDaemon(true);
                        return t;
                    }).build();
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) { // eager: the second task gets a second worker, a scale event
                pool.execute(() -> {
                    started.countDown();
                    Await.quietly(hold);
                });
            }
            Await.latch(started);
            hold.countDown();
            // both workers go idle, and the idle time (1 ms) of the one above min passes: it asks the
            // policy, which tells it to wait out the cooldown (no call here takes the pool's lock)
            Await.until("every task to finish", () -> pool.getCompletedTaskCount() == 2);
            long idleFrom = System.nanoTime();
            Await.until("100 ms past the idle time", () -> System.nanoTime() - idleFrom > TimeUnit.MILLISECONDS.toNanos(100));
            CountDownLatch ran = new CountDownLatch(1);
            Thread submitter = new Thread(() -> pool.execute(ran::countDown), "child-submitter");
            submitter.setDaemon(true);
            submitter.start();
            boolean ok = ran.await(10, TimeUnit.SECONDS);
            System.out.println(ok ? "the pool ran a task after going idle" : "the pool is frozen: a submitter waits for its lock");
            System.exit(ok ? 0 : 3);
        }
    }

    /** The child JVM of the inheritance probe: exit 0 if B's guard worker sees B's context (none), else 3. */
    static final class GuardWorkersCarryNoOtherContext {
        static final InheritableThreadLocal<String> CONTEXT = new InheritableThreadLocal<>();
        /** App A's pool, kept alive (and with it the watch its thread made). */
        static volatile AdaptivePoolExecutor appAPool;

        private GuardWorkersCarryNoOtherContext() {
        }

        public static void main(String[] args) throws Exception {
            Thread appA = new Thread(() -> {
                CONTEXT.set("app-A");
                appAPool = AdaptivePoolExecutor.builder().name("child-app-a").minWorkers(0).maxWorkers(1).build();
            }, "child-app-a-main");
            appA.start();
            appA.join();

            AtomicReference<String> seen = new AtomicReference<>("not run");
            CountDownLatch ran = new CountDownLatch(1);
            stalled("child-app-b", new CountDownLatch(1), () -> {
                seen.set(CONTEXT.get());
                ran.countDown();
            });
            boolean guarded = ran.await(10, TimeUnit.SECONDS);
            System.out.println("pool B's guard worker ran: " + guarded + ", and saw context " + seen.get());
            System.exit(guarded && seen.get() == null ? 0 : 3);
        }
    }
}
