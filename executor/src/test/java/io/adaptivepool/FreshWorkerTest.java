package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workers whose thread has started but not yet reached its loop: one that ends there passes on the
 * task it was given.
 */
@Timeout(60)
class FreshWorkerTest {
    private final List<AdaptivePoolExecutor> pools = new ArrayList<>();
    private final CountDownLatch go = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        go.countDown();
        for (AdaptivePoolExecutor pool : pools) {
            TestSupport.terminate(pool);
        }
    }

    private AdaptivePoolExecutor keep(AdaptivePoolExecutor pool) {
        pools.add(pool);
        return pool;
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

    private static void assertCountsBalance(AdaptivePoolExecutor pool) {
        PoolMetrics m = pool.metrics();
        assertEquals(m.jobsSubmitted(), m.jobsProcessed() + m.jobsDropped() + m.queueDepth() + m.busyWorkers(),
                m.toString());
    }

    @Test
    void aFirstTaskWhoseWorkerEndsBeforeItsLoopStillRuns() {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory firstFails = r -> threads.incrementAndGet() == 1 ? failingBeforeItsLoop(r) : new Thread(r);
        AdaptivePoolExecutor pool = keep(AdaptivePoolExecutor.builder().name("first-lost").minWorkers(0).maxWorkers(1)
                .queueCapacity(1).saturation(Saturation.REJECT).threadFactory(firstFails).build());
        CountDownLatch ran = new CountDownLatch(1);

        pool.execute(ran::countDown); // a worker of its own, whose thread then fails
        go.countDown();

        TestSupport.awaitLatch(ran);
        assertTrue(threads.get() >= 2, "a rescue worker ran it");
        TestSupport.await("the pool to be quiet", () -> pool.metrics().jobsProcessed() == 1);
        assertCountsBalance(pool);
    }
}
