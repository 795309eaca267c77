package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.Await;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workers whose thread has started but not yet reached its loop: the minimum right after build, a
 * worker started for queued tasks. A task is handed to one as to an idle worker, never ahead of
 * queued tasks, and a worker that ends before its loop passes on the task it was given.
 */
@Timeout(60)
class FreshWorkerTest {
    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final CountDownLatch go = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        go.countDown();
        release.countDown();
        pools.terminateAll();
    }

    /** A thread that waits for {@code go} before it runs the worker. */
    private Thread held(Runnable worker) {
        return new Thread(() -> {
            Await.quietly(go);
            worker.run();
        });
    }

    /** A thread whose registration by the pool throws (its hashCode is user code), held until {@code go}. */
    private Thread failingBeforeItsLoop(Runnable worker) {
        Thread t = new Thread(() -> {
            Await.quietly(go);
            worker.run();
        }) {
            @Override
            public int hashCode() {
                throw new IllegalStateException("no hash today");
            }
        };
        t.setUncaughtExceptionHandler((thread, e) -> { });
        return t;
    }

    /**
     * A pool of one worker at most (a queue of one, REJECT) whose first thread fails before its loop,
     * held until {@code go}; {@code threads} counts the threads it makes.
     */
    private AdaptivePoolExecutor firstThreadFailsBeforeItsLoop(String name, int minWorkers, AtomicInteger threads) {
        ThreadFactory firstFails = r -> threads.incrementAndGet() == 1 ? failingBeforeItsLoop(r) : new Thread(r);
        return pools.keep(AdaptivePoolExecutor.builder().name(name).minWorkers(minWorkers).maxWorkers(1)
                .queueCapacity(1).saturation(Saturation.REJECT).threadFactory(firstFails).build());
    }

    /** The JSR-166 TCK's testSubmittedTasksRejectedWhenSaturatedOrShutdown, made deterministic. */
    @Test
    void aTaskSubmittedWhileTheMinimumIsStartingIsHandedToItNotQueued() {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("starting").minWorkers(1)
                .maxWorkers(1).queueCapacity(1).saturation(Saturation.REJECT).threadFactory(this::held).build());
        CountDownLatch ran = new CountDownLatch(2);

        pool.execute(ran::countDown);
        assertEquals(0, pool.getQueue().size(), "handed to the starting worker, not queued");
        pool.execute(ran::countDown); // the queue's one place is still free
        assertEquals(1, pool.getQueue().size());

        go.countDown();
        TestSupport.awaitLatch(ran);
        TestSupport.await("the pool to be quiet", () -> pool.metrics().jobsProcessed() == 2);
        TestSupport.assertCountsBalance(pool);
    }

    @Test
    void aStartingWorkerIsNotHandedATaskAheadOfQueuedOnes() {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory firstFreeThenHeld = r -> threads.incrementAndGet() == 1 ? new Thread(r) : held(r);
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("fifo").minWorkers(1).maxWorkers(1)
                .queueCapacity(3).scaleUpThreshold(1.0).saturation(Saturation.REJECT)
                .threadFactory(firstFreeThenHeld).build());
        CountDownLatch busy = new CountDownLatch(1);
        pool.execute(() -> {
            busy.countDown();
            Await.quietly(release);
        });
        TestSupport.awaitLatch(busy);
        List<String> order = new CopyOnWriteArrayList<>();
        pool.execute(() -> order.add("a"));
        pool.execute(() -> order.add("b"));
        pool.setMaxWorkers(2); // starts a worker for the queued tasks; its thread is held
        TestSupport.await("the second worker", () -> pool.getPoolSize() == 2);

        pool.execute(() -> order.add("c"));
        assertEquals(3, pool.getQueue().size(), "queued behind a and b, not handed to the starting worker");

        go.countDown();
        TestSupport.await("a, b and c to run", () -> order.size() == 3);
        assertEquals(Arrays.asList("a", "b", "c"), order);
    }

    @Test
    void aFirstTaskWhoseWorkerEndsBeforeItsLoopStillRuns() {
        AtomicInteger threads = new AtomicInteger();
        AdaptivePoolExecutor pool = firstThreadFailsBeforeItsLoop("first-lost", 0, threads);
        CountDownLatch ran = new CountDownLatch(1);

        pool.execute(ran::countDown); // a worker of its own, whose thread then fails
        go.countDown();

        TestSupport.awaitLatch(ran);
        assertTrue(threads.get() >= 2, "a rescue worker ran it");
        TestSupport.await("the pool to be quiet", () -> pool.metrics().jobsProcessed() == 1);
        TestSupport.assertCountsBalance(pool);
    }

    @Test
    void aTaskHandedToAStartingWorkerThatEndsBeforeItsLoopStillRuns() {
        AtomicInteger threads = new AtomicInteger();
        AdaptivePoolExecutor pool = firstThreadFailsBeforeItsLoop("handed-lost", 1, threads);
        CountDownLatch ran = new CountDownLatch(1);

        pool.execute(ran::countDown); // handed to the starting minimum, whose thread then fails
        go.countDown();

        TestSupport.awaitLatch(ran);
        TestSupport.await("the pool to be quiet", () -> pool.metrics().jobsProcessed() == 1);
        TestSupport.assertCountsBalance(pool);
    }
}
