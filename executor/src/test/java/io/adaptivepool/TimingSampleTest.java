package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A busy pool times one task in 2^k, enough for 5,000 to 10,000 timed tasks a second, and counts
 * each timed task 2^k times; a quiet one times every task. Counts of tasks stay exact throughout;
 * the histograms' counts stay within a sample step of them.
 */
@Timeout(120)
class TimingSampleTest {
    private static final int SHIFT = 4;
    private static final int WEIGHT = 1 << SHIFT;

    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    @Test
    void inASampleOneTaskIn16IsTimedByQueueingOrderAndCounted16Times() {
        pool = AdaptivePoolExecutor.builder().name("pinned").minWorkers(2).maxWorkers(2).queueCapacity(4096).build();
        PoolStats queue = pool.engine.stats;
        queue.setTimingShift(SHIFT); // as the pool sets it at about 100,000 tasks a second
        int n = 1601;
        for (int i = 0; i < n; i++) {
            pool.execute(() -> { });
        }
        TestSupport.await("all processed", () -> pool.metrics().jobsProcessed() == n);
        PoolMetrics m = pool.metrics();
        assertEquals(n, m.jobsSubmitted());
        // queued tasks 0, 16, ..., 1600 were timed: 101 of them, each counted 16 times
        long timed = (n + WEIGHT - 1) / WEIGHT;
        assertEquals(timed * WEIGHT, m.jobDuration().count(), "job-duration count");
        assertEquals(timed * WEIGHT, m.queueWait().count(), "queue-wait count");
        for (long bucket : m.jobDuration().bucketCounts()) {
            assertEquals(0, bucket % WEIGHT, "every timed task counts 16 times");
        }
    }

    @Test
    void theSampleKeepsTheTimedTasksBetween5000And10000ASecondWithHysteresis() {
        assertEquals(0, TimingSample.shiftFor(0));
        assertEquals(0, TimingSample.shiftFor(10_000), "every task up to 10,000 a second");
        assertEquals(1, TimingSample.shiftFor(10_001));
        assertEquals(4, TimingSample.shiftFor(100_000), "1 in 16 at 100,000 a second");
        assertEquals(8, TimingSample.shiftFor(1_600_000), "1 in 256 at 1.6 M a second");
        assertEquals(TimingSample.MAX_SHIFT, TimingSample.shiftFor(1e15));
        for (double rate = 10_001; rate < 1e9; rate *= 1.37) {
            double timed = rate / (1L << TimingSample.shiftFor(rate));
            assertTrue(timed > 5_000 && timed <= 10_000, rate + " tasks/s gives " + timed + " timed a second");
        }
        assertEquals(8, TimingSample.nextShift(4, 1_600_000), "sparser at once");
        assertEquals(4, TimingSample.nextShift(4, 60_000), "not denser until the rate has halved");
        assertEquals(3, TimingSample.nextShift(4, 30_000));
        assertEquals(0, TimingSample.nextShift(8, 100), "quiet: every task");
    }

    @Test
    void aFastPoolTimesASampleWeightedToTheWholeAndAQuietPoolTimesEveryTask() {
        pool = AdaptivePoolExecutor.builder().name("sample").minWorkers(2).maxWorkers(2).queueCapacity(1024).build();
        PoolStats queue = pool.engine.stats;
        AtomicLong ran = new AtomicLong();
        Runnable task = ran::incrementAndGet;
        assertEquals(0, queue.timingShift(), "a new pool times every task");

        // flood with no-op tasks (far above 10,000 a second on any machine) until the pool samples;
        // the sample may change again each second: note the sparsest one and how many there were
        long submitted = 0;
        long deadline = System.nanoTime() + TestSupport.PATIENCE.toNanos();
        while (queue.timingShift() == 0) {
            for (int i = 0; i < 10_000; i++) {
                pool.execute(task);
            }
            submitted += 10_000;
            assertTrue(System.nanoTime() < deadline, "no switch to sampling after " + submitted + " tasks: " + pool.metrics());
        }
        int last = queue.timingShift();
        int sparsest = last;
        int samples = 1;
        for (int chunk = 0; chunk < 20; chunk++) {
            for (int i = 0; i < 10_000; i++) {
                pool.execute(task);
            }
            submitted += 10_000;
            int shift = queue.timingShift();
            if (shift != last) {
                samples++;
                last = shift;
                sparsest = Math.max(sparsest, shift);
            }
        }
        long total = submitted;
        TestSupport.await("all processed", () -> pool.metrics().jobsProcessed() == total);
        PoolMetrics m = pool.metrics();
        assertEquals(total, ran.get());
        assertEquals(total, m.jobsSubmitted(), "task counts stay exact");
        assertEquals(total, m.jobsProcessed());
        // every task before the first switch counted once; after it, one in 2^k counted 2^k times:
        // the histograms' counts are the total give or take a sample step per sample in use
        long execCount = m.jobDuration().count();
        long waitCount = m.queueWait().count();
        long tolerance = (samples + 2L) << sparsest;
        assertTrue(tolerance < total / 4, "the flood was too short to check the estimate: " + tolerance + " vs " + total);
        assertTrue(Math.abs(execCount - total) <= tolerance, "job-duration count " + execCount + " vs " + total);
        assertTrue(Math.abs(waitCount - total) <= tolerance, "queue-wait count " + waitCount + " vs " + total);

        // quiet: a snapshot a second or more later sees the rate fall and times every task again
        TestSupport.await("timing every task again", () -> {
            pool.metrics();
            return queue.timingShift() == 0;
        });
        long before = pool.metrics().jobDuration().count();
        for (int i = 0; i < 50; i++) {
            pool.execute(task);
        }
        long expected = total + 50;
        TestSupport.await("50 more processed", () -> pool.metrics().jobsProcessed() == expected);
        assertEquals(before + 50, pool.metrics().jobDuration().count(), "each of 50 quiet tasks timed once");
    }
}
