package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MetricsTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    @Test
    void queueWaitIsMeasuredApartFromExecutionTime() {
        pool = AdaptivePoolExecutor.builder().name("wait").minWorkers(1).maxWorkers(1).build();
        CountDownLatch started = new CountDownLatch(1);
        long holdNanos = TimeUnit.MILLISECONDS.toNanos(60);
        pool.execute(() -> {
            started.countDown();
            TestSupport.blockOn(release).run();
        });
        TestSupport.awaitLatch(started);
        long queuedAt = System.nanoTime();
        pool.execute(() -> { });
        TestSupport.await("the queued task to have waited 60 ms", () -> System.nanoTime() - queuedAt >= holdNanos);
        release.countDown();
        TestSupport.await("both processed", () -> pool.metrics().jobsProcessed() == 2);
        PoolMetrics m = pool.metrics();
        HistogramSnapshot wait = m.queueWait();
        HistogramSnapshot exec = m.jobDuration();
        assertEquals(2, wait.count());
        assertEquals(2, exec.count());
        assertTrue(wait.sumSeconds() >= 0.06, "queue wait " + wait.sumSeconds());
        long[] waitCounts = wait.cumulativeCounts();
        double[] bounds = wait.upperBoundsSeconds();
        int at50ms = java.util.Arrays.binarySearch(bounds, 0.05);
        assertEquals(1, waitCounts[at50ms], "exactly one task waited over 50 ms");
        // the no-op ran in well under the time it waited; the blocker ran for about the same time
        long[] execCounts = exec.cumulativeCounts();
        assertTrue(execCounts[at50ms] >= 1, "the no-op's execution time is not its queue wait");
        assertTrue(m.avgQueueWait().compareTo(Duration.ofMillis(25)) >= 0, m.avgQueueWait().toString());
    }

    @Test
    void histogramsMatchTheProcessedCountAndBucketsAreConsistent() {
        pool = AdaptivePoolExecutor.builder().name("hist").maxWorkers(2).build();
        int n = 500;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(done::countDown);
        }
        TestSupport.awaitLatch(done);
        TestSupport.await("all processed", () -> pool.metrics().jobsProcessed() == n);
        PoolMetrics m = pool.metrics();
        assertEquals(n, m.jobDuration().count());
        assertEquals(n, m.queueWait().count());
        long[] cumulative = m.jobDuration().cumulativeCounts();
        assertEquals(n, cumulative[cumulative.length - 1], "+Inf bucket holds every observation");
        for (int i = 1; i < cumulative.length; i++) {
            assertTrue(cumulative[i] >= cumulative[i - 1], "cumulative counts never fall");
        }
        assertEquals(m.jobDuration().upperBoundsSeconds().length + 1, m.jobDuration().bucketCounts().length);
        long sum = 0;
        for (long c : m.jobDuration().bucketCounts()) {
            sum += c;
        }
        assertEquals(n, sum);
    }

    @Test
    void throughputIsARealRate() {
        long built = System.nanoTime();
        pool = AdaptivePoolExecutor.builder().name("rate").maxWorkers(2).build();
        int n = 2000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(done::countDown);
        }
        TestSupport.awaitLatch(done);
        TestSupport.await("all processed", () -> pool.metrics().jobsProcessed() == n);
        PoolMetrics m = pool.metrics();
        double elapsedSeconds = (System.nanoTime() - built) / 1e9;
        // the pool is younger than the 10 s window: the rate is jobs since it started over its age
        assertTrue(m.throughput() >= n / elapsedSeconds * 0.99, m.throughput() + " jobs/s over " + elapsedSeconds + " s");
        assertTrue(m.throughput() > 0);
    }

    @Test
    void gaugesFollowThePoolAndFallBack() {
        pool = AdaptivePoolExecutor.builder().name("gauges").minWorkers(1).maxWorkers(3).queueCapacity(10)
                .scaleUpThreshold(1.0).scaleDownIdle(Duration.ofMillis(50)).scaleCooldown(Duration.ZERO).build();
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 13; i++) {
            pool.execute(() -> {
                running.incrementAndGet();
                TestSupport.blockOn(release).run();
            });
        }
        TestSupport.await("three running", () -> running.get() == 3);
        TestSupport.await("three busy", () -> pool.metrics().busyWorkers() == 3);
        PoolMetrics busy = pool.metrics();
        assertEquals(3, busy.workers());
        assertEquals(10, busy.queueDepth());
        assertEquals(10, busy.queueCapacity());
        assertEquals(3, busy.peakWorkers());
        assertEquals(1, busy.minWorkers());
        assertEquals(3, busy.maxWorkers());
        release.countDown();
        TestSupport.await("back to min, every task counted",
                () -> pool.metrics().workers() == 1 && pool.metrics().jobsProcessed() == 13);
        PoolMetrics idle = pool.metrics();
        assertEquals(0, idle.busyWorkers());
        assertEquals(0, idle.queueDepth());
        assertEquals(3, idle.peakWorkers(), "the peak stays");
        assertEquals(13, idle.jobsProcessed());
        assertEquals(2, idle.scaleUps());
        assertEquals(2, idle.scaleDowns());
    }

    @Test
    void withMetricsDisabledCountersStillAddUpAndTimingsAreEmpty() {
        pool = AdaptivePoolExecutor.builder().name("nometrics").metricsEnabled(false).build();
        int n = 100;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            final int k = i;
            pool.execute(() -> {
                done.countDown();
                if (k % 10 == 0) {
                    throw new IllegalStateException("ten percent fail");
                }
            });
        }
        TestSupport.awaitLatch(done);
        TestSupport.await("all processed", () -> pool.metrics().jobsProcessed() == n);
        PoolMetrics m = pool.metrics();
        assertEquals(n, m.jobsSubmitted());
        assertEquals(10, m.jobsFailed());
        assertEquals(0, m.jobDuration().count());
        assertEquals(Duration.ZERO, m.avgJobLatency());
        assertArrayEquals(new long[m.jobDuration().bucketCounts().length], m.jobDuration().bucketCounts());
    }
}
