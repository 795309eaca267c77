package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's contract where faults and races meet: each test states one property that an
 * earlier engine (on ThreadPoolExecutor's workers) broke.
 */
@Timeout(120)
class EngineContractTest extends HeldPoolsTest {
    /** A factory whose next {@code failures} threads cannot start, as when native threads run out. */
    private static ThreadFactory failingStarts(AtomicInteger failures) {
        AtomicInteger ids = new AtomicInteger();
        return r -> {
            String name = "flaky-" + ids.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                return new Thread(r, name) {
                    @Override
                    public synchronized void start() {
                        throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
                    }
                };
            }
            return new Thread(r, name);
        };
    }

    @Test
    void aTaskWhoseWorkerCannotStartIsRefusedAndNeverRunsLater() {
        AtomicInteger failures = new AtomicInteger(1);
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("no-thread").minWorkers(0)
                .maxWorkers(2).scaleUpThreshold(0.0).threadFactory(failingStarts(failures)).build());
        AtomicInteger ran = new AtomicInteger();
        assertThrows(PoolSaturatedException.class, () -> pool.execute(ran::incrementAndGet));
        CountDownLatch later = new CountDownLatch(1);
        pool.execute(later::countDown); // threads start again now
        TestSupport.awaitLatch(later);
        pool.shutdown();
        TestSupport.await("terminated", pool::isTerminated);
        assertEquals(0, ran.get(), "the refused task never ran");
        PoolMetrics m = pool.metrics();
        assertEquals(1, m.jobsSubmitted(), m.toString());
        assertEquals(1, m.jobsRejectedSaturated());
        assertEquals(1, m.threadFactoryFailures());
    }

    @Test
    void aTaskWhoseExtraWorkerCannotStartWaitsBehindALiveWorkerAndRunsOnce() {
        AtomicInteger failures = new AtomicInteger(0);
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("one-thread").minWorkers(0)
                .maxWorkers(2).scaleUpThreshold(0.0).threadFactory(failingStarts(failures)).build());
        CountDownLatch busy = new CountDownLatch(1);
        pool.execute(() -> {
            busy.countDown();
            TestSupport.awaitLatch(release);
        });
        TestSupport.awaitLatch(busy);
        failures.set(1);
        AtomicInteger ran = new AtomicInteger();
        pool.execute(ran::incrementAndGet); // eager: a second worker, whose start fails
        assertEquals(1, pool.getQueue().size(), "queued behind the live worker instead");
        assertEquals(1, pool.getPoolSize(), "the failed start is not counted");
        release.countDown();
        TestSupport.await("the task ran", () -> ran.get() == 1);
        pool.shutdown();
        TestSupport.await("terminated", pool::isTerminated);
        assertEquals(1, ran.get(), "exactly once");
    }

    @Test
    void startFailuresInSetMinWorkersLeaveTheCountTrueAndTheBoundUsable() {
        AtomicInteger failures = new AtomicInteger(0);
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("min-fails").minWorkers(0)
                .maxWorkers(4).scaleUpThreshold(0.0).threadFactory(failingStarts(failures)).build());
        failures.set(2);
        pool.setMinWorkers(3);
        assertEquals(1, pool.getPoolSize(), "two of three starts failed: " + pool.metrics());
        assertEquals(2, pool.metrics().threadFactoryFailures());
        AtomicInteger running = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                running.incrementAndGet();
                TestSupport.awaitLatch(release);
            });
        }
        TestSupport.await("all four run at once: the pool can still reach max", () -> running.get() == 4,
                () -> pool.metrics().toString());
        assertEquals(4, pool.getPoolSize());
    }

    @Test
    void buildStartsEveryCoreWorkerAndPrestartFindsNoneMissing() {
        AtomicInteger made = new AtomicInteger();
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("core").minWorkers(3).maxWorkers(5)
                .threadFactory(r -> new Thread(r, "core-" + made.incrementAndGet())).build());
        assertEquals(3, made.get(), "three threads made by build()");
        assertEquals(3, pool.getPoolSize());
        assertEquals(0, pool.prestartAllCoreThreads());
        assertTrue(!pool.prestartCoreThread());
        pool.setCorePoolSize(5);
        assertEquals(5, made.get(), "raising min starts the missing workers at once");
        assertEquals(5, pool.getPoolSize());
    }

    @Test
    void shutdownRacingASubmissionAlwaysTerminates() throws Exception {
        for (int round = 0; round < 1500; round++) {
            AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("race-" + round).minWorkers(0).maxWorkers(2)
                    .scaleUpThreshold(0.0).build();
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Boolean> submit = CompletableFuture.supplyAsync(() -> {
                await(start);
                return pool.tryExecute(() -> { });
            });
            await(start);
            pool.shutdown();
            boolean accepted = submit.get(20, TimeUnit.SECONDS);
            assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "round " + round + ": " + pool);
            PoolMetrics m = pool.metrics();
            assertEquals(accepted ? 1 : 0, m.jobsProcessed(), "round " + round + ": " + m);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The common "block the caller" handler: put the task back into the queue and wait for room. */
    @Test
    void aHandlerThatPutsIntoTheQueueIsWokenWhenRoomFrees() throws Exception {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("put-back").minWorkers(1)
                .maxWorkers(1).queueCapacity(1).saturation(Saturation.REJECT).build());
        pool.setRejectedExecutionHandler((r, executor) -> {
            try {
                executor.getQueue().put(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch busy = new CountDownLatch(1);
        pool.execute(() -> {
            busy.countDown();
            TestSupport.awaitLatch(release);
            ran.incrementAndGet();
        });
        TestSupport.awaitLatch(busy);
        pool.execute(ran::incrementAndGet);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> pool.execute(ran::incrementAndGet));
        TestSupport.await("the handler waits in put", () -> pool.metrics().blockedSubmitters() == 1);
        release.countDown();
        third.get(20, TimeUnit.SECONDS);
        TestSupport.await("all three ran", () -> ran.get() == 3);
        PoolMetrics m = pool.metrics();
        assertEquals(3, m.jobsSubmitted(), "two accepted by execute, one put in by the handler: " + m);
        assertEquals(1, m.jobsRejected(), "the refusal that called the handler");
    }

    @Test
    void aListenerAddedWhileTheListenersRunIsRunToo() {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("listeners").build());
        AtomicBoolean late = new AtomicBoolean();
        pool.addTerminationListener(() -> pool.addTerminationListener(() -> late.set(true)));
        pool.shutdown();
        TestSupport.await("terminated", pool::isTerminated);
        assertTrue(late.get(), "the listener added during termination ran");
        AtomicBoolean after = new AtomicBoolean();
        pool.addTerminationListener(() -> after.set(true));
        assertTrue(after.get(), "a listener added after termination runs at once");
    }

    /** Workers retire and start all the time; the count never passes max, nor does the peak. */
    @Test
    void theWorkerCountNeverExceedsMaxWhileWorkersRetireAndStart() throws Exception {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("churn").minWorkers(0).maxWorkers(2)
                .scaleUpThreshold(0.0).scaleDownIdle(Duration.ofNanos(1)).scaleCooldown(Duration.ZERO)
                .queueCapacity(10_000).build());
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger worst = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                worst.accumulateAndGet(pool.getPoolSize(), Math::max);
                worst.accumulateAndGet(pool.metrics().workers(), Math::max);
            }
        });
        sampler.start();
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        AtomicInteger submitted = new AtomicInteger();
        long deadline = System.nanoTime() + TestSupport.PATIENCE.toNanos();
        for (int p = 0; p < 3; p++) {
            producers.add(CompletableFuture.runAsync(() -> {
                /*
                 * 3000 tasks each, and on until workers have retired meanwhile: on a heavily loaded
                 * machine the workers may stay behind the producers for all 3000 (seen on CI).
                 */
                for (int i = 0; i < 3000 || (pool.metrics().scaleDowns() < 3 && System.nanoTime() < deadline); i++) {
                    pool.execute(() -> { });
                    submitted.incrementAndGet();
                    if (i % 50 == 0) {
                        TestSupport.parkMillis(i < 3000 ? 1 : 5); // let workers go idle and retire
                    }
                }
            }));
        }
        for (CompletableFuture<Void> f : producers) {
            f.get(60, TimeUnit.SECONDS);
        }
        done.set(true);
        sampler.join(TimeUnit.SECONDS.toMillis(20));
        TestSupport.await("all processed", () -> pool.metrics().jobsProcessed() == submitted.get());
        PoolMetrics m = pool.metrics();
        assertTrue(worst.get() <= 2, "workers seen: " + worst.get());
        assertTrue(m.peakWorkers() <= 2, m.toString());
        assertTrue(m.scaleDowns() > 0, "workers did retire: " + m);
    }

    @Test
    void purgeCountsTheCancelledFuturesItRemovesAsDropped() {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("purge").minWorkers(1).maxWorkers(1)
                .build());
        pool.execute(TestSupport.blockOn(release));
        List<Future<?>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(pool.submit(() -> { }));
        }
        TestSupport.await("three queued", () -> pool.getQueue().size() == 3);
        queued.get(0).cancel(false);
        queued.get(2).cancel(false);
        pool.purge();
        assertEquals(1, pool.getQueue().size());
        assertEquals(2, pool.metrics().jobsDropped());
    }

    /**
     * The cached pool's hand-off: once {@code execute} returns with a worker idle (or one that can
     * be added, at threshold 0), a thread owns the task, and {@code shutdownNow} right after does
     * not take it back: it runs (interrupted, if it had not started yet).
     */
    @Test
    void aTaskAcceptedByAnIdleOrNewWorkerSurvivesAnImmediateShutdownNow() throws Exception {
        for (int round = 0; round < 300; round++) {
            boolean idleWorker = round % 2 == 0;
            AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("hand-off-" + round)
                    .minWorkers(idleWorker ? 1 : 0).maxWorkers(4).scaleUpThreshold(0.0).build();
            if (idleWorker) {
                TestSupport.await("the worker is idle", () -> pool.getPoolSize() == 1);
            }
            AtomicInteger ran = new AtomicInteger();
            pool.execute(ran::incrementAndGet);
            List<Runnable> never = pool.shutdownNow();
            assertEquals(0, never.size(), "round " + round + ": the task was in a thread's hands");
            assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
            assertEquals(1, ran.get(), "round " + round);
            assertEquals(0, pool.metrics().jobsDropped());
        }
    }
}
