package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.TestDepth;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A saturated pool refusing millions of submissions keeps its heap flat: a refusal holds no
 * per-task state (DynamicTp once leaked gigabytes through per-task bookkeeping on rejection).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RejectionMemoryIT {
    private static final int REFUSALS = Integer.getInteger("memory.refusals", TestDepth.times(1_000_000));

    @Test
    void millionsOfRefusalsLeaveTheHeapFlat() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("refuser").minWorkers(2).maxWorkers(2)
                .queueCapacity(100).saturation(Saturation.REJECT).build();
        try {
            CountDownLatch running = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> {
                    running.countDown();
                    holdUntil(release);
                });
            }
            TestSupport.awaitLatch(running);
            for (int i = 0; i < 100; i++) {
                pool.execute(() -> holdUntil(release));
            }
            // warm up the refusal paths so their classes and JIT state are not counted as growth
            refuse(pool, 100_000);
            long before = settledHeap();
            refuse(pool, REFUSALS);
            long after = settledHeap();
            long growth = after - before;
            System.out.printf("heap after GC: %d KiB before, %d KiB after %d refusals (%+d KiB)%n",
                    before / 1024, after / 1024, REFUSALS, growth / 1024);
            // a leak of even 16 bytes per refusal would be 16 MB at a million refusals
            assertTrue(growth < 8L * 1024 * 1024, "heap grew by " + growth / 1024 + " KiB");
            assertEquals(100_000L + REFUSALS, pool.metrics().jobsRejectedSaturated());
            assertEquals(102, pool.metrics().jobsSubmitted());
        } finally {
            release.countDown();
            TestSupport.terminate(pool);
        }
    }

    /*
     * Held until the test ends (its finally opens the latch), not for the usual patience of 20 s: on a
     * loaded machine the refusals and collections took longer, a worker came free, a queued task
     * started, and the pool rightly accepted a task (seen on CI).
     */
    private static void holdUntil(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void refuse(AdaptivePoolExecutor pool, int times) {
        Runnable task = () -> { };
        for (int i = 0; i < times; i++) {
            if (i % 2 == 0) {
                if (pool.tryExecute(task)) {
                    throw new AssertionError("a saturated pool accepted a task");
                }
            } else {
                try {
                    pool.execute(task);
                    throw new AssertionError("a saturated pool accepted a task");
                } catch (PoolSaturatedException expected) {
                    // refused
                }
            }
        }
    }

    /** Used heap after full collections, once it stops falling. */
    private static long settledHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (used >= previous) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
