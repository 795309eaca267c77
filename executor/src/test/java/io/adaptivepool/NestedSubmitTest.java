package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A task that submits to its own pool and waits for the result must not deadlock it. */
@Timeout(60)
class NestedSubmitTest {
    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    /** With metrics off no task is timed: a queued task's stamp is then "untimed", not "absent". */
    @ParameterizedTest(name = "metricsEnabled {0}")
    @ValueSource(booleans = {true, false})
    void submitAndWaitFromEveryWorkerCompletes(boolean metrics) {
        pool = AdaptivePoolExecutor.builder().name("nested").minWorkers(1).maxWorkers(2).queueCapacity(100)
                .metricsEnabled(metrics).build();
        List<Future<Integer>> outer = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final int n = i;
            outer.add(pool.submit(() -> {
                Future<Integer> inner = pool.submit(() -> n * 10);
                return inner.get() + 1;
            }));
        }
        int sum = 0;
        for (Future<Integer> f : outer) {
            sum += TestSupportFutures.get(f);
        }
        assertEquals(288, sum);
        PoolMetrics m = pool.metrics();
        assertTrue(m.workers() <= 2, "no extra threads: " + m);
        assertTrue(m.nestedRunsInline() >= 1, "with two workers both waiting, someone ran an inner task: " + m);
        // a Future completes inside its task, a moment before the worker counts the task processed
        TestSupport.await("all 16 tasks counted", () -> pool.metrics().jobsProcessed() == 16);
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

    @Test
    void nestedInvokeAllCompletes() {
        pool = AdaptivePoolExecutor.builder().name("nested-all").minWorkers(1).maxWorkers(1).build();
        Future<Integer> f = pool.submit(() -> {
            List<Callable<Integer>> parts = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                final int n = i;
                parts.add(() -> n);
            }
            int total = 0;
            for (Future<Integer> part : pool.invokeAll(parts)) {
                total += part.get();
            }
            return total;
        });
        assertEquals(15, TestSupportFutures.get(f));
        assertEquals(5, pool.metrics().nestedRunsInline());
        assertTrue(pool.shutdownGracefully(Duration.ofSeconds(10)).isClean());
    }
}
