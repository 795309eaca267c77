package io.adaptivepool;

import io.adaptivepool.testing.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BackpressureTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    /** One worker, held by a task until {@link #release}, and a queue of the given capacity, filled. */
    private AdaptivePoolExecutor saturated(AdaptivePoolExecutor.Builder builder, int capacity) {
        CountDownLatch started = new CountDownLatch(1);
        AdaptivePoolExecutor p = builder.minWorkers(1).maxWorkers(1).queueCapacity(capacity).build();
        p.execute(() -> {
            started.countDown();
            TestSupport.blockOn(release).run();
        });
        TestSupport.awaitLatch(started);
        for (int i = 0; i < capacity; i++) {
            assertTrue(p.tryExecute(() -> { }), "room for queued task " + i);
        }
        return p;
    }

    private Thread submitter(Runnable submit, AtomicReference<Throwable> outcome, AtomicBoolean returned) {
        Thread t = new Thread(() -> {
            try {
                submit.run();
                returned.set(true);
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "submitter");
        t.start();
        return t;
    }

    private static void awaitBlocked(Thread t) {
        Await.parked(t);
    }

    @Test
    void blockWaitsForRoomThenSucceeds() throws Exception {
        pool = saturated(AdaptivePoolExecutor.builder().name("block"), 2);
        AtomicInteger ran = new AtomicInteger();
        AtomicBoolean returned = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = submitter(() -> pool.execute(ran::incrementAndGet), failure, returned);
        awaitBlocked(t);
        assertFalse(returned.get(), "BLOCK must wait while the queue is full and workers are at max");
        assertEquals(2, pool.getQueue().size());
        release.countDown();
        t.join(TestSupport.PATIENCE.toMillis());
        assertTrue(returned.get(), "the blocked submission must be accepted once room frees: " + failure.get());
        TestSupport.await("the blocked task to run", () -> ran.get() == 1);
        assertEquals(0, pool.metrics().jobsRejected());
    }

    @Test
    void maxSubmitWaitBoundsBlock() {
        pool = saturated(AdaptivePoolExecutor.builder().name("bounded").maxSubmitWait(Duration.ofMillis(200)), 1);
        long start = System.nanoTime();
        PoolSaturatedException e = assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMillis >= 195, "waited only " + waitedMillis + " ms");
        assertTrue(waitedMillis < 10_000, "waited " + waitedMillis + " ms");
        assertEquals("pool 'bounded' is saturated: queue full (1/1), workers at max (1); no room within the submit wait",
                e.getMessage());
        assertTrue(e instanceof RejectedExecutionException);
        assertEquals(1, pool.metrics().jobsRejectedSaturated());
    }

    @Test
    void submitWithWaitThrowsAfterAboutTheWait() {
        pool = saturated(AdaptivePoolExecutor.builder().name("submitwait"), 1);
        long start = System.nanoTime();
        assertThrows(PoolSaturatedException.class, () -> pool.submit(() -> 1, Duration.ofMillis(150)));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waitedMillis >= 145 && waitedMillis < 10_000, "waited " + waitedMillis + " ms");
        assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }, Duration.ofMillis(50)));
        assertEquals(2, pool.metrics().jobsRejected());
    }

    @Test
    void failFastIsDeterministicOverThousandsOfRepetitions() {
        pool = saturated(AdaptivePoolExecutor.builder().name("failfast").saturation(Saturation.BLOCK), 1);
        Runnable queued = () -> { };
        assertTrue(pool.remove(pool.getQueue().peek()), "empty the queue to start");
        int reps = 3000;
        for (int i = 0; i < reps; i++) {
            assertTrue(pool.tryExecute(queued), "room: accepted, repetition " + i);
            assertFalse(pool.tryExecute(() -> { }), "full: refused, repetition " + i);
            assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }, Duration.ZERO));
            assertThrows(PoolSaturatedException.class, () -> pool.submit(() -> 1, Duration.ZERO));
            assertTrue(pool.remove(queued), "make room again, repetition " + i);
        }
        PoolMetrics m = pool.metrics();
        assertEquals(3L * reps, m.jobsRejectedSaturated());
        assertEquals(reps + 1, m.jobsDropped());
        assertEquals(1 + 1 + reps, m.jobsSubmitted(), "blocker, first filler, one per repetition");
    }

    @Test
    void failFastNeverRefusesWhileAWorkerCanBeAdded() {
        CountDownLatch started = new CountDownLatch(3);
        pool = AdaptivePoolExecutor.builder().name("addworker").minWorkers(1).maxWorkers(3).queueCapacity(1)
                .scaleUpThreshold(1.0).scaleCooldown(Duration.ofHours(1)).build();
        Runnable hold = () -> {
            started.countDown();
            TestSupport.blockOn(release).run();
        };
        // the first worker busy, then one queue slot and two workers to add: a full queue with
        // workers below max adds a worker, cooldown or not, so three more tasks are accepted
        assertTrue(pool.tryExecute(hold));
        TestSupport.await("the first task running", () -> started.getCount() == 2);
        for (int i = 1; i < 4; i++) {
            assertTrue(pool.tryExecute(hold), "task " + i + " must be accepted while a worker can be added");
        }
        TestSupport.awaitLatch(started);
        TestSupport.await("one task queued behind three busy workers", () -> pool.getQueue().size() == 1);
        assertEquals(3, pool.metrics().workers());
        assertFalse(pool.tryExecute(() -> { }), "queue full and workers at max");
        assertEquals(3, pool.getLargestPoolSize(), "never above max");
    }

    @Test
    void rejectRefusesAtOnce() {
        pool = saturated(AdaptivePoolExecutor.builder().name("reject").saturation(Saturation.REJECT), 2);
        assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }));
        Future<?> f = null;
        try {
            f = pool.submit(() -> { });
        } catch (PoolSaturatedException expected) {
            // refused, as it should be
        }
        assertEquals(null, f);
        assertEquals(2, pool.metrics().jobsRejectedSaturated());
        assertEquals(2, pool.getQueue().size(), "nothing queued beyond capacity");
    }

    @Test
    void callerRunsRunsInTheSubmitterWhenSaturatedAndRefusesAfterShutdown() throws Exception {
        pool = saturated(AdaptivePoolExecutor.builder().name("callerruns").saturation(Saturation.CALLER_RUNS), 1);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        pool.execute(() -> ranOn.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), ranOn.get());
        RuntimeException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.execute(() -> {
            throw boom;
        }));
        assertSame(boom, thrown, "a task run in the caller throws to the caller");
        PoolMetrics m = pool.metrics();
        assertEquals(2, m.jobsProcessed());
        assertEquals(1, m.jobsFailed());
        assertEquals(0, m.jobsRejected());
        pool.shutdown();
        AtomicBoolean ran = new AtomicBoolean();
        assertThrows(PoolShutdownException.class, () -> pool.execute(() -> ran.set(true)));
        assertFalse(ran.get(), "after shutdown CALLER_RUNS refuses rather than running the task");
    }

    @Test
    void interruptWhileBlockedThrowsSaturatedAndKeepsTheFlag() throws Exception {
        pool = saturated(AdaptivePoolExecutor.builder().name("interrupt"), 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                pool.execute(() -> { });
            } catch (Throwable e) {
                failure.set(e);
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
        });
        t.start();
        awaitBlocked(t);
        t.interrupt();
        t.join(TestSupport.PATIENCE.toMillis());
        assertTrue(failure.get() instanceof PoolSaturatedException, String.valueOf(failure.get()));
        assertEquals("pool 'interrupt' is saturated: queue full (1/1), workers at max (1); interrupted while waiting for room",
                failure.get().getMessage());
        assertTrue(flagAfter.get(), "the interrupt flag must be set again");
        assertEquals(1, pool.metrics().jobsRejectedSaturated());
    }

    @Test
    void anInterruptedThreadStillSubmitsWhenThereIsRoom() {
        pool = AdaptivePoolExecutor.builder().name("room").build();
        Thread.currentThread().interrupt();
        try {
            pool.execute(() -> { });
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left as it was");
        } finally {
            Thread.interrupted();
        }
        TestSupport.await("the task to run", () -> pool.metrics().jobsProcessed() == 1);
    }

    @Test
    void afterShutdownEverySubmissionIsRefusedWithPoolShutdownException() {
        pool = AdaptivePoolExecutor.builder().name("closed").build();
        pool.shutdown();
        PoolShutdownException e = assertThrows(PoolShutdownException.class, () -> pool.execute(() -> { }));
        assertEquals("pool 'closed' is shut down; task refused", e.getMessage());
        assertThrows(PoolShutdownException.class, () -> pool.submit(() -> 1));
        assertThrows(PoolShutdownException.class, () -> pool.submit(() -> 1, Duration.ofSeconds(1)));
        assertFalse(pool.tryExecute(() -> { }));
        assertEquals(4, pool.metrics().jobsRejectedShutdown());
        assertEquals(0, pool.metrics().jobsSubmitted());
    }

    @Test
    void shutdownWakesBlockedSubmittersWithPoolShutdownException() throws Exception {
        pool = saturated(AdaptivePoolExecutor.builder().name("wake"), 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();
        Thread t = submitter(() -> pool.execute(() -> { }), failure, returned);
        awaitBlocked(t);
        pool.shutdown();
        t.join(TestSupport.PATIENCE.toMillis());
        assertFalse(t.isAlive());
        assertTrue(failure.get() instanceof PoolShutdownException, String.valueOf(failure.get()));
    }

    @Test
    void aUserRejectionHandlerReplacesTheException() {
        pool = saturated(AdaptivePoolExecutor.builder().name("handler").saturation(Saturation.REJECT), 1);
        AtomicReference<Runnable> handed = new AtomicReference<>();
        pool.setRejectedExecutionHandler((task, executor) -> handed.set(task));
        Runnable task = () -> { };
        pool.execute(task);
        assertSame(task, handed.get(), "the handler sees the task as submitted");
        assertEquals(1, pool.metrics().jobsRejected());
        assertFalse(pool.tryExecute(() -> { }), "tryExecute never calls the handler");
    }

    @Test
    void raisingCapacityWakesBlockedSubmitters() throws Exception {
        pool = saturated(AdaptivePoolExecutor.builder().name("grow-queue"), 1);
        AtomicBoolean returned = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = submitter(() -> pool.execute(() -> { }), failure, returned);
        awaitBlocked(t);
        pool.setQueueCapacity(2);
        t.join(TestSupport.PATIENCE.toMillis());
        assertTrue(returned.get(), String.valueOf(failure.get()));
        assertEquals(2, pool.getQueue().size());
    }
}
