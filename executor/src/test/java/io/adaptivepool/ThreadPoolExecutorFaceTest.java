package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What legacy code and monitoring tools see through the ThreadPoolExecutor type. */
@Timeout(60)
class ThreadPoolExecutorFaceTest {
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
    void settersAreTheAdaptiveKnobs() {
        pool = AdaptivePoolExecutor.builder().name("face").minWorkers(1).maxWorkers(4).build();
        ThreadPoolExecutor tpe = pool;
        tpe.setMaximumPoolSize(10);
        tpe.setCorePoolSize(3);
        tpe.setKeepAliveTime(2, TimeUnit.SECONDS);
        assertEquals(10, pool.getMaxWorkers());
        assertEquals(3, pool.getMinWorkers());
        assertEquals(Duration.ofSeconds(2), pool.getScaleDownIdle());
        assertEquals(10, tpe.getMaximumPoolSize());
        assertEquals(3, tpe.getCorePoolSize());
        TestSupport.await("three workers", () -> tpe.getPoolSize() == 3);
    }

    @Test
    void hikariStyleCastAndTuneWorks() {
        // HikariCP: (ThreadPoolExecutor) Executors.newCachedThreadPool(factory), then these two calls
        pool = AdaptivePoolExecutor.builder().name("hikari").minWorkers(2).maxWorkers(4)
                .scaleCooldown(Duration.ZERO).build();
        ThreadPoolExecutor tpe = pool;
        tpe.setKeepAliveTime(50, TimeUnit.MILLISECONDS);
        tpe.allowCoreThreadTimeOut(true);
        assertTrue(tpe.allowsCoreThreadTimeOut());
        TestSupport.await("idle core workers to time out", () -> tpe.getPoolSize() == 0);
        Future<String> f = pool.submit(() -> "still works");
        assertEquals("still works", TestSupportFutures.get(f));
    }

    @Test
    void gettersTellTheTruth() {
        pool = AdaptivePoolExecutor.builder().name("truth").minWorkers(1).maxWorkers(3).queueCapacity(5)
                .scaleUpThreshold(1.0).build();
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 8; i++) {
            pool.execute(() -> {
                started.countDown();
                TestSupport.blockOn(release).run();
            });
        }
        TestSupport.awaitLatch(started);
        TestSupport.await("three active", () -> pool.getActiveCount() == 3);
        assertEquals(3, pool.getPoolSize());
        assertEquals(3, pool.getLargestPoolSize());
        assertEquals(5, pool.getQueue().size());
        assertEquals(0, pool.getQueue().remainingCapacity());
        assertEquals(8, pool.getTaskCount());
        assertEquals(0, pool.getCompletedTaskCount());
        release.countDown();
        TestSupport.await("all completed", () -> pool.getCompletedTaskCount() == 8);
        assertEquals(8, pool.metrics().jobsProcessed());
    }

    @Test
    void theQueueShowsTasksAsSubmitted() {
        pool = AdaptivePoolExecutor.builder().name("queueview").minWorkers(1).maxWorkers(1).queueCapacity(5).build();
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            TestSupport.blockOn(release).run();
        });
        TestSupport.awaitLatch(started);
        Runnable a = () -> { };
        Runnable b = () -> { };
        pool.execute(a);
        Future<?> f = pool.submit(b);
        List<Runnable> seen = new ArrayList<>(pool.getQueue());
        assertEquals(2, seen.size());
        assertSame(a, seen.get(0));
        assertSame(f, seen.get(1), "submit queues the Future it returned");
        assertTrue(pool.getQueue().contains(a));
        assertSame(a, pool.getQueue().peek());
        f.cancel(false);
        pool.purge();
        assertEquals(1, pool.getQueue().size(), "purge removes the cancelled Future");
        assertTrue(pool.remove(a));
        assertEquals(2, pool.metrics().jobsDropped());
    }

    @Test
    void itIsAnExecutorServiceLikeAnyOther() throws Exception {
        pool = AdaptivePoolExecutor.builder().name("es").maxWorkers(2).build();
        ExecutorService es = pool;
        List<java.util.concurrent.Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            final int n = i;
            calls.add(() -> n * n);
        }
        int sum = 0;
        for (Future<Integer> f : es.invokeAll(calls)) {
            sum += f.get();
        }
        assertEquals(2470, sum);
        assertTrue(es.invokeAny(calls) >= 0);
        es.shutdown();
        assertTrue(es.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(es.isTerminated());
    }

    @Test
    void getThreadFactoryMakesThreadsWithTheUsersFactory() {
        ThreadFactory mine = r -> new Thread(r, "mine");
        pool = AdaptivePoolExecutor.builder().name("factory").threadFactory(mine).build();
        Thread t = pool.getThreadFactory().newThread(() -> { });
        assertEquals("mine", t.getName());
        ThreadFactory other = Executors.defaultThreadFactory();
        pool.setThreadFactory(r -> {
            Thread thread = other.newThread(r);
            thread.setName("swapped");
            return thread;
        });
        pool.setMinWorkers(2);
        TestSupport.await("a worker from the new factory", () -> !TestSupport.threadsNamed("swapped").isEmpty());
        assertFalse(TestSupport.threadsNamed("mine").isEmpty(), "the first worker came from the first factory");
    }

    @Test
    void theDefaultHandlerSetBackRefusesWithThePoolsOwnExceptions() {
        pool = AdaptivePoolExecutor.builder().name("restored").minWorkers(1).maxWorkers(1).queueCapacity(1)
                .saturation(Saturation.REJECT).build();
        RejectedExecutionHandler original = pool.getRejectedExecutionHandler();
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        pool.setRejectedExecutionHandler(original);
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            TestSupport.blockOn(release).run();
        });
        TestSupport.awaitLatch(started);
        pool.execute(() -> { });

        PoolSaturatedException saturated = assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }));
        assertEquals("pool 'restored' is saturated: queue full (1/1), workers at max (1)", saturated.getMessage());
        pool.shutdown();
        PoolShutdownException shut = assertThrows(PoolShutdownException.class, () -> pool.execute(() -> { }));
        assertEquals("pool 'restored' is shut down; task refused", shut.getMessage());
        assertEquals(2, pool.metrics().jobsRejected());
    }
}
