package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real pool's adaptive lifecycle. */
@Timeout(90)
class ScalingTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    /** Tasks of this test running now: counted by the tasks themselves, exact. */
    private final AtomicInteger running = new AtomicInteger();

    private Runnable hold() {
        return held(release);
    }

    /** A task that counts itself running until the latch opens. */
    private Runnable held(CountDownLatch latch) {
        Runnable block = TestSupport.blockOn(latch);
        return () -> {
            running.incrementAndGet();
            try {
                block.run();
            } finally {
                running.decrementAndGet();
            }
        };
    }

    private void awaitWorkers(int n) {
        TestSupport.await(n + " workers", () -> pool.metrics().workers() == n, () -> pool.metrics().toString());
    }

    private void awaitBusy(int n) {
        TestSupport.await(n + " tasks running", () -> running.get() == n, () -> pool.metrics().toString());
    }

    @Test
    void aBurstReachesMaxNeverExceedsItAndTheIdlePoolReturnsToMin() throws Exception {
        pool = AdaptivePoolExecutor.builder().name("burst").minWorkers(2).maxWorkers(8).queueCapacity(50)
                .scaleUpThreshold(0.5).scaleCooldown(Duration.ofMillis(50)).scaleDownIdle(Duration.ofMillis(200)).build();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger minSeen = new AtomicInteger(Integer.MAX_VALUE);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                int threads = TestSupport.threadsNamed("burst-worker-").size();
                maxSeen.accumulateAndGet(threads, Math::max);
                minSeen.accumulateAndGet(pool.getPoolSize(), Math::min);
                TestSupport.parkMillis(2);
            }
        });
        sampler.start();
        int tasks = 2000;
        CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                TestSupport.parkMillis(1);
                done.countDown();
            });
        }
        TestSupport.awaitLatch(done);
        assertEquals(8, pool.metrics().peakWorkers(), "the burst must reach max");
        TestSupport.await("the idle pool to return to min", () -> pool.metrics().workers() == 2);
        sampling.set(false);
        sampler.join();
        assertTrue(maxSeen.get() <= 8, "worker threads seen: " + maxSeen.get());
        assertTrue(minSeen.get() >= 2, "never below min, saw " + minSeen.get());
        assertEquals(8, pool.getLargestPoolSize());
        TestSupport.await("every task counted", () -> pool.metrics().jobsProcessed() == tasks);
        PoolMetrics m = pool.metrics();
        // from min 2 to max 8 and back: at least 6 up and as many down (a worker idle for the idle
        // time mid-burst may retire and be replaced, which counts once each way)
        assertTrue(m.scaleUps() >= 6, m.toString());
        assertEquals(m.scaleUps(), m.scaleDowns(), m.toString());
    }

    @Test
    void thresholdStepsDoubleTheWorkers() {
        pool = AdaptivePoolExecutor.builder().name("double").minWorkers(1).maxWorkers(16).queueCapacity(1000)
                .scaleUpThreshold(0.1).scaleCooldown(Duration.ZERO).scaleDownIdle(Duration.ofHours(1)).build();
        for (int i = 0; i < 400; i++) {
            pool.execute(hold());
        }
        awaitBusy(16);
        PoolMetrics m = pool.metrics();
        assertEquals(16, m.workers());
        assertEquals(15, m.scaleUps());
        assertEquals(400 - 16, m.queueDepth(), "the queue was never full: growth came from the threshold");
    }

    @Test
    void thresholdStepsWaitForTheCooldown() {
        pool = AdaptivePoolExecutor.builder().name("cooldown").minWorkers(2).maxWorkers(16).queueCapacity(1000)
                .scaleUpThreshold(0.1).scaleCooldown(Duration.ofHours(1)).scaleDownIdle(Duration.ofHours(1)).build();
        for (int i = 0; i < 300; i++) {
            pool.execute(hold());
        }
        awaitBusy(4);
        assertEquals(4, pool.metrics().workers(), "one doubling step (2 -> 4), then the cooldown holds");
        pool.setScaleCooldown(Duration.ZERO);
        pool.execute(hold());
        awaitBusy(8);
        assertEquals(8, pool.metrics().workers(), "with the cooldown lifted the next submission doubles again");
    }

    @Test
    void thresholdZeroIsEager() {
        pool = AdaptivePoolExecutor.builder().name("eager").minWorkers(0).maxWorkers(4).queueCapacity(10)
                .scaleUpThreshold(0.0).scaleCooldown(Duration.ofHours(1)).build();
        assertEquals(0, pool.metrics().workers());
        for (int i = 0; i < 4; i++) {
            pool.execute(hold());
            final int expected = i + 1;
            awaitBusy(expected);
            assertEquals(0, pool.getQueue().size(), "a task never waits while a worker can be added");
        }
        pool.execute(hold());
        assertEquals(1, pool.getQueue().size(), "at max the next task queues");
        assertEquals(4, pool.metrics().workers());
    }

    @Test
    void raisingMaxUnderSaturationStartsWorkersAtOnceAndLoweringItRetiresThem() {
        CountDownLatch firstWave = new CountDownLatch(1);
        pool = AdaptivePoolExecutor.builder().name("max").minWorkers(1).maxWorkers(2).queueCapacity(20)
                .scaleDownIdle(Duration.ofHours(1)).build();
        pool.execute(held(firstWave));
        awaitBusy(1);
        for (int i = 1; i < 22; i++) {
            pool.execute(held(firstWave)); // BLOCK: each waits, if need be, for its slot
        }
        awaitBusy(2);
        assertFalse(pool.tryExecute(() -> { }), "saturated");
        pool.setMaxWorkers(6);
        awaitBusy(6);
        assertEquals(16, pool.getQueue().size());
        assertEquals(6, pool.getMaximumPoolSize());
        pool.setMaxWorkers(3);
        assertEquals(6, pool.metrics().workers(), "busy workers finish their task before retiring");
        CountDownLatch secondWave = new CountDownLatch(1);
        firstWave.countDown();
        // the queued tasks drain; the workers above the new max retire as they finish
        TestSupport.await("workers down to the new max and the queue drained",
                () -> pool.metrics().workers() <= 3 && pool.getQueue().isEmpty());
        for (int i = 0; i < 10; i++) {
            assertTrue(pool.tryExecute(held(secondWave)));
        }
        awaitBusy(3);
        assertEquals(3, pool.metrics().workers(), "never above the lowered max");
        secondWave.countDown();
    }

    @Test
    void raisingMinStartsWorkersAndLoweringItLetsThemRetire() {
        pool = AdaptivePoolExecutor.builder().name("min").minWorkers(1).maxWorkers(8)
                .scaleCooldown(Duration.ZERO).scaleDownIdle(Duration.ofMillis(100)).build();
        awaitWorkers(1);
        pool.setMinWorkers(5);
        awaitWorkers(5);
        pool.setMinWorkers(2);
        awaitWorkers(2);
        assertEquals(2, pool.getCorePoolSize());
    }

    @Test
    void loweringTheIdleTimeRetiresIdleWorkersPromptly() {
        pool = AdaptivePoolExecutor.builder().name("idle").minWorkers(1).maxWorkers(6).queueCapacity(100)
                .scaleUpThreshold(0.0).scaleCooldown(Duration.ZERO).scaleDownIdle(Duration.ofHours(1)).build();
        CountDownLatch wave = new CountDownLatch(1);
        for (int i = 0; i < 6; i++) {
            pool.execute(held(wave));
        }
        awaitBusy(6);
        wave.countDown();
        awaitBusy(0);
        assertEquals(6, pool.metrics().workers(), "an hour of idle time keeps them");
        pool.setScaleDownIdle(Duration.ofMillis(20));
        awaitWorkers(1);
    }

    @Test
    void retirementsAreSpacedByTheCooldown() {
        pool = AdaptivePoolExecutor.builder().name("spaced").minWorkers(1).maxWorkers(4).queueCapacity(100)
                .scaleUpThreshold(0.0).scaleCooldown(Duration.ofHours(1)).scaleDownIdle(Duration.ofMillis(20)).build();
        CountDownLatch wave = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            pool.execute(held(wave));
        }
        awaitBusy(4);
        wave.countDown();
        // the eager scale-ups were the last scale events; nothing may retire for an hour
        awaitBusy(0);
        long retiredWithinCooldown = pool.metrics().scaleDowns();
        assertEquals(0, retiredWithinCooldown);
        pool.setScaleCooldown(Duration.ofMillis(30));
        awaitWorkers(1);
        assertEquals(3, pool.metrics().scaleDowns());
    }

    @Test
    void raisingTheThresholdStopsGrowthAndZeroMakesItEager() {
        pool = AdaptivePoolExecutor.builder().name("threshold").minWorkers(1).maxWorkers(8).queueCapacity(100)
                .scaleUpThreshold(1.0).scaleCooldown(Duration.ZERO).scaleDownIdle(Duration.ofHours(1)).build();
        for (int i = 0; i < 50; i++) {
            pool.execute(hold());
        }
        awaitBusy(1);
        assertEquals(1, pool.metrics().workers(), "threshold 1.0 only grows on a full queue");
        pool.setScaleUpThreshold(0.0);
        pool.execute(hold());
        awaitBusy(2);
        pool.setScaleUpThreshold(0.3);
        pool.execute(hold());
        awaitBusy(4);
        assertEquals(4, pool.metrics().workers(), "above the new threshold the workers double");
    }

    @Test
    void shrinkingTheQueueRefusesNewTasksAndLosesNoQueuedOne() {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        pool = AdaptivePoolExecutor.builder().name("shrink").minWorkers(1).maxWorkers(1).queueCapacity(10)
                .saturation(Saturation.REJECT).build();
        pool.execute(held(gate));
        awaitBusy(1);
        for (int i = 0; i < 10; i++) {
            pool.execute(ran::incrementAndGet);
        }
        pool.setQueueCapacity(3);
        assertEquals(10, pool.getQueue().size(), "nothing queued is dropped");
        assertFalse(pool.tryExecute(ran::incrementAndGet), "refused until the depth falls under 3");
        gate.countDown();
        TestSupport.await("every queued task to run", () -> ran.get() == 10);
        assertTrue(pool.tryExecute(ran::incrementAndGet));
        TestSupport.await("the new task to run", () -> ran.get() == 11);
        assertEquals(0, pool.metrics().jobsDropped());
    }

    @Test
    void keepAliveAndIdleAreTheSameKnob() {
        pool = AdaptivePoolExecutor.builder().name("keepalive").build();
        pool.setKeepAliveTime(250, TimeUnit.MILLISECONDS);
        assertEquals(Duration.ofMillis(250), pool.getScaleDownIdle());
        pool.setScaleDownIdle(Duration.ofSeconds(9));
        assertEquals(9, pool.getKeepAliveTime(TimeUnit.SECONDS));
    }
}
