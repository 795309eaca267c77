package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tasks that submit to their own pool: a worker that would block on its own saturated pool runs
 * the task itself; a worker waiting on a Future waits as on any Future (the stall guard, not the
 * Future, keeps such pools live: see StallGuardTest).
 */
@Timeout(60)
class NestedSubmitTest {
    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    /**
     * A worker that waits on a Future of its own pool waits as on any FutureTask: the pool never
     * runs the task in the waiting thread. A timed get times out on time.
     */
    @Test
    void aWorkersTimedGetOnAQueuedTaskTimesOutInsteadOfRunningIt() throws Exception {
        pool = AdaptivePoolExecutor.builder().name("timed-get").minWorkers(1).maxWorkers(1).build();
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> innerRanOn = new AtomicReference<>();
        Future<String> outer = pool.submit(() -> {
            Future<?> inner = pool.submit(() -> {
                innerRanOn.set(Thread.currentThread());
                TestSupport.awaitLatch(release);
            });
            long start = System.nanoTime();
            try {
                inner.get(50, TimeUnit.MILLISECONDS);
                return "returned";
            } catch (TimeoutException expected) {
                return "timed out after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms";
            }
        });
        String outcome = TestSupportFutures.get(outer);
        assertTrue(outcome.startsWith("timed out"), outcome);
        release.countDown();
        TestSupport.await("the inner task ran on the worker", () -> innerRanOn.get() != null);
        assertEquals(0, pool.metrics().nestedRunsInline());
    }

    @Test
    void anInterruptedWorkersGetThrowsInterruptedException() {
        pool = AdaptivePoolExecutor.builder().name("interrupted-get").minWorkers(1).maxWorkers(1).build();
        Future<String> outer = pool.submit(() -> {
            Future<?> inner = pool.submit(() -> { });
            Thread.currentThread().interrupt();
            try {
                inner.get();
                return "returned";
            } catch (InterruptedException expected) {
                return "interrupted";
            }
        });
        assertEquals("interrupted", TestSupportFutures.get(outer));
    }

    @Test
    void aNestedTaskRunsOnAnIdleWorkerNotInTheWaitingOne() {
        pool = AdaptivePoolExecutor.builder().name("idle-takes-it").minWorkers(2).maxWorkers(2).build();
        Future<Boolean> outer = pool.submit(() -> {
            Thread me = Thread.currentThread();
            return pool.submit(() -> Thread.currentThread() != me).get();
        });
        assertTrue(TestSupportFutures.get(outer), "the inner task ran on the other worker");
    }

    @Test
    void aWorkerSubmittingToItsOwnSaturatedPoolRunsTheTaskInsteadOfWaitingForEver() {
        // both workers submit and wait while the queue is full: with BLOCK each would wait for
        // room that only its own pool can make
        pool = AdaptivePoolExecutor.builder().name("nested-full").minWorkers(2).maxWorkers(2).queueCapacity(2).build();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Future<Integer>> outer = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            final int n = i + 1;
            outer.add(pool.submit(() -> {
                running.countDown();
                TestSupport.awaitLatch(go);
                List<Future<Integer>> inner = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                    inner.add(pool.submit(() -> n));
                }
                int sum = 0;
                for (Future<Integer> f : inner) {
                    sum += f.get();
                }
                return sum;
            }));
        }
        TestSupport.awaitLatch(running);
        pool.execute(() -> { });
        pool.execute(() -> { });
        assertEquals(2, pool.getQueue().size(), "saturated: both workers busy, queue full");
        go.countDown();
        int total = 0;
        for (Future<Integer> f : outer) {
            total += TestSupportFutures.get(f);
        }
        assertEquals(3 * 1 + 3 * 2, total);
        // whichever outer task submits first finds the pool saturated for all three of its inner
        // tasks (no worker frees before it finishes); the other may find room once it has
        long inline = pool.metrics().nestedRunsInline();
        assertTrue(inline >= 3 && inline <= 6, pool.metrics().toString());
    }
}
