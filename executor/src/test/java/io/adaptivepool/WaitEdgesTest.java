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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waits and user code at their edges, where the JDK's pool has no counterpart to compare with:
 * interrupts of callers waiting for room (invokeAll, invokeAny, and every other way, at once with
 * retuning and retirement), non-positive and "for ever" timeouts, a listener's {@code equals}. Each
 * probe but the room-waiter pin failed on the engine before.
 */
@Timeout(120)
class WaitEdgesTest extends HeldPoolsTest {
    /**
     * {@code invokeAll} and {@code invokeAny} say: InterruptedException "if interrupted while
     * waiting". In BLOCK mode the untimed ones wait for room to submit; an interrupt there must
     * reach the caller as InterruptedException (as it does for the timed ones), not as a
     * RejectedExecutionException of a saturated pool.
     */
    @Test
    void anUntimedInvokeAllOrInvokeAnyInterruptedWhileWaitingForRoomThrowsInterruptedException() {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("probe-invoke-interrupt")
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
            }, "probe-" + call);
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
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("probe-negative-wait")
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
     * Issue 22: no user code runs under the engine's lock where it need not. Removing a termination
     * listener compares listeners with their {@code equals}, which is the user's: one that is slow
     * (or blocks) must not hold up the pool's submitters and workers, which share that lock.
     */
    @Test
    void aListenersEqualsDoesNotRunUnderThePoolsLock() throws InterruptedException {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("probe-listener-equals")
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
        Thread remover = new Thread(() -> pool.removeTerminationListener(listener), "probe-listener-remover");
        remover.setDaemon(true);
        remover.start();
        try {
            TestSupport.awaitLatch(inEquals);

            CountDownLatch ran = new CountDownLatch(1);
            Thread submitter = new Thread(() -> pool.execute(ran::countDown), "probe-listener-submitter");
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
            AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("probe-room-" + round)
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
                }, "probe-room-producer-" + p);
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
            }, "probe-room-meddler");
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
        ChildMain.assertSucceeds(ForeverCooldown.class, "a task submitted after a worker went idle did not run");
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
}
