package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adaptivepool.testing.Await;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker that finds nothing to do spins briefly on its hand-off slot before it waits
 * (WorkerLoop): tasks handed during the spin are taken without the lock, exactly once, and the
 * spin is bounded, so an idle worker ends up waiting, not using a core.
 */
@Timeout(60)
class IdleSpinTest {

    @Test
    void aWorkerIdleAfterATaskEndsUpWaitingNotSpinning() {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("spin-bound").minWorkers(1).maxWorkers(1)
                .threadFactory(r -> {
                    Thread t = new Thread(r, "spin-bound-worker");
                    threads.add(t);
                    return t;
                }).build();
        try {
            for (int i = 0; i < 5; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                Await.latch(ran);
                assertEquals(1, threads.size(), "one worker, reused");
                Await.parked(threads.get(0)); // fails if the spin before the wait does not end
            }
        } finally {
            Await.terminated(pool);
        }
    }

    @Test
    void tasksOfOneProducerToTwoSpinningWorkersRunExactlyOnce() throws Exception {
        int tasks = 20_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
        CountDownLatch done = new CountDownLatch(tasks);
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("spin-once").minWorkers(2).maxWorkers(2)
                .queueCapacity(tasks).build();
        try {
            for (int i = 0; i < tasks; i++) {
                int k = i;
                pool.execute(() -> {
                    runs.incrementAndGet(k);
                    done.countDown();
                });
                if (i % 100 == 99) {
                    Thread.yield(); // let the workers catch up and go idle, so that hand-offs meet spins
                }
            }
            Await.latch(done);
            for (int i = 0; i < tasks; i++) {
                assertEquals(1, runs.get(i), "task " + i);
            }
            Await.until("the counts settle", () -> pool.metrics().jobsProcessed() == tasks);
            PoolMetrics m = pool.metrics();
            assertEquals(tasks, m.jobsSubmitted(), m.toString());
            assertEquals(0, m.jobsDropped() + m.queueDepth(), m.toString());
        } finally {
            Await.terminated(pool);
        }
    }
}
