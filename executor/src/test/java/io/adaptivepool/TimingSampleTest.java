package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Above {@link AdaptivePoolExecutor#SAMPLE_ABOVE_PER_SECOND} tasks a second the pool times one task
 * in 16 and counts each timed task 16 times; below half of it, every task again. Counts of tasks
 * stay exact throughout; the histograms' counts stay within one sample step of them.
 */
@Timeout(120)
class TimingSampleTest {
    private static final int WEIGHT = 1 << AdaptivePoolExecutor.SAMPLE_SHIFT;

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
        WorkQueue queue = (WorkQueue) pool.getQueue();
        queue.setTimingShift(AdaptivePoolExecutor.SAMPLE_SHIFT); // as the pool sets it above the rate
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
    void aFastPoolTimesASampleWeightedToTheWholeAndAQuietPoolTimesEveryTask() {
        pool = AdaptivePoolExecutor.builder().name("sample").minWorkers(2).maxWorkers(2).queueCapacity(1024).build();
        WorkQueue queue = (WorkQueue) pool.getQueue();
        AtomicLong ran = new AtomicLong();
        Runnable task = ran::incrementAndGet;
        assertEquals(0, queue.timingShift(), "a new pool times every task");

        // flood with no-op tasks (far above 100,000 a second on any machine) until the pool samples
        long submitted = 0;
        long deadline = System.nanoTime() + TestSupport.PATIENCE.toNanos();
        while (queue.timingShift() == 0) {
            for (int i = 0; i < 10_000; i++) {
                pool.execute(task);
            }
            submitted += 10_000;
            assertTrue(System.nanoTime() < deadline, "no switch to sampling after " + submitted + " tasks: " + pool.metrics());
        }
        assertEquals(AdaptivePoolExecutor.SAMPLE_SHIFT, queue.timingShift());
        for (int i = 0; i < 200_000; i++) {
            pool.execute(task);
        }
        submitted += 200_000;
        long total = submitted;
        TestSupport.await("all processed", () -> pool.metrics().jobsProcessed() == total);
        PoolMetrics m = pool.metrics();
        assertEquals(total, ran.get());
        assertEquals(total, m.jobsSubmitted(), "task counts stay exact");
        assertEquals(total, m.jobsProcessed());
        // every task before the switch counted once; after it, one in 16 counted 16 times: the
        // histograms' counts are the total give or take a sample step per switch
        long execCount = m.jobDuration().count();
        long waitCount = m.queueWait().count();
        assertTrue(Math.abs(execCount - total) <= 4 * WEIGHT, "job-duration count " + execCount + " vs " + total);
        assertTrue(Math.abs(waitCount - total) <= 4 * WEIGHT, "queue-wait count " + waitCount + " vs " + total);

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
