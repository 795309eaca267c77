package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker runs queued tasks back to back without going through ThreadPoolExecutor's loop for
 * each; what that loop guaranteed between two tasks must still hold.
 */
@Timeout(120)
class WorkerLoopTest {
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
    void aTaskThatLeavesItsThreadInterruptedDoesNotPassTheInterruptToTheNextTask() {
        pool = AdaptivePoolExecutor.builder().name("stray").minWorkers(1).maxWorkers(1).queueCapacity(8).build();
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            TestSupport.blockOn(release).run();
        });
        TestSupport.awaitLatch(started);
        // queued behind the blocker, so the same worker runs them one after the other
        pool.execute(() -> Thread.currentThread().interrupt());
        AtomicBoolean nextSawInterrupt = new AtomicBoolean(true);
        CountDownLatch nextRan = new CountDownLatch(1);
        pool.execute(() -> {
            nextSawInterrupt.set(Thread.currentThread().isInterrupted());
            nextRan.countDown();
        });
        release.countDown();
        TestSupport.awaitLatch(nextRan);
        assertFalse(nextSawInterrupt.get(), "the next task started with the previous task's interrupt");
    }

    @Test
    void loweringMaxRetiresBusyWorkersWhileTasksAreStillQueued() {
        pool = AdaptivePoolExecutor.builder().name("shrink").minWorkers(4).maxWorkers(4).queueCapacity(10_000).build();
        AtomicInteger ran = new AtomicInteger();
        int tasks = 4_000;
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                TestSupport.parkMillis(1);
                ran.incrementAndGet();
            });
        }
        TestSupport.await("four workers", () -> pool.getPoolSize() == 4);
        pool.setMinWorkers(2);
        pool.setMaxWorkers(2);
        TestSupport.await("two workers", () -> pool.getPoolSize() <= 2, () -> "workers " + pool.getPoolSize());
        int queued = pool.getQueue().size();
        assertTrue(queued > 0, "the queue ran dry before the workers above max left (queued " + queued + ")");
        TestSupport.await("all ran and counted", () -> pool.getCompletedTaskCount() == tasks,
                () -> "ran " + ran.get() + ", completed " + pool.getCompletedTaskCount());
        assertEquals(tasks, ran.get());
        assertEquals(2, pool.getPoolSize());
    }

    @Test
    void completedAndTaskCountsCountEveryTaskRunBackToBack() {
        pool = AdaptivePoolExecutor.builder().name("counts").minWorkers(2).maxWorkers(2).queueCapacity(20_000).build();
        AtomicInteger ran = new AtomicInteger();
        int tasks = 20_000;
        for (int i = 0; i < tasks; i++) {
            pool.execute(ran::incrementAndGet);
        }
        TestSupport.await("all ran", () -> ran.get() == tasks);
        TestSupport.await("all counted", () -> pool.getCompletedTaskCount() == tasks,
                () -> "completed " + pool.getCompletedTaskCount());
        assertEquals(tasks, pool.getTaskCount());
        assertEquals(tasks, pool.metrics().jobsProcessed());
    }
}
