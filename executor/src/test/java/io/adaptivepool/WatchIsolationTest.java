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
 * The one watch thread of the JVM runs user code of every pool: log handlers take its lines, thread
 * factories make the guard's workers. None of it may stop, freeze or couple the watch, and the
 * guard's workers get what the pool's own workers get (thread group) and nothing of the thread that
 * happened to make the watch (inheritable thread-locals). Each of these failed on the engine before.
 */
@Timeout(120)
class WatchIsolationTest extends HeldPoolsTest {
    /** The engine's logger (docs: io.adaptivepool.AdaptivePoolExecutor); held so JUL keeps it. */
    private static final Logger ENGINE_LOG = Logger.getLogger(AdaptivePoolExecutor.class.getName());

    private Handler installed;

    @AfterEach
    void removeHandler() { // before the pools are released and terminated (JUnit runs the base's after this)
        if (installed != null) {
            ENGINE_LOG.removeHandler(installed);
        }
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
            if (message.contains("'probe-throwing-line' stalled")) {
                throw new IllegalStateException("a log handler that fails on this line");
            }
        });
        CountDownLatch queuedRan = new CountDownLatch(1);
        AdaptivePoolExecutor pool = stalledPool("probe-throwing-line", queuedRan);

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
            if (message.contains("'probe-slow-log-a' stalled")) {
                lineHeld.countDown();
                Await.quietly(letLineGo);
            }
        });
        try {
            stalledPool("probe-slow-log-a", new CountDownLatch(1));
            TestSupport.awaitLatch(lineHeld);

            CountDownLatch queuedOfB = new CountDownLatch(1);
            AdaptivePoolExecutor b = stalledPool("probe-slow-log-b", queuedOfB);

            // B's guard reacts in a few hundred ms; the line of A is held for 20 s at most
            assertTrue(queuedOfB.await(10, TimeUnit.SECONDS),
                    "pool B's guard did not act while pool A's stall line was being written: " + b.metrics());
        } finally {
            letLineGo.countDown();
        }
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
        ThreadGroup application = new ThreadGroup("probe-application") {
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
        pools.keep(AdaptivePoolExecutor.builder().name("probe-group-keeper").minWorkers(0).maxWorkers(1).build());
        Thread app = new Thread(application, () -> {
            AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("probe-group").minWorkers(1)
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
        }, "probe-application-main");
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
     * The watch thread must outlive whatever a log handler throws. A handler that throws on every
     * line of one pool (the stall line, then the watch's own "the stall check failed" line) must
     * not end the one watch of the JVM: if it dies, no pool built after it, however unrelated, has
     * a stall guard or a ticking coarse clock again (the watch is never restarted). Run in a child
     * JVM, since a dead watch would take the guard from every later test of this one.
     */
    @Test
    void aLogHandlerThatThrowsOnEveryLineOfOnePoolDoesNotEndTheWatchForEveryPool() throws Exception {
        ChildMain.assertSucceeds(WatchSurvivesAThrowingHandler.class,
                "pool B, built after pool A's handler failed, had no stall guard");
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
        ChildMain.assertSucceeds(GuardWorkersCarryNoOtherContext.class, "a guard worker of pool B carried app A's context");
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
