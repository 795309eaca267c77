package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ShutdownTest {
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
    void aGracefulShutdownThatDrainsInTimeIsClean() {
        pool = AdaptivePoolExecutor.builder().name("clean").minWorkers(2).maxWorkers(2).build();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            pool.execute(ran::incrementAndGet);
        }
        ShutdownReport report = pool.shutdownGracefully(Duration.ofSeconds(20));
        assertTrue(report.isClean(), report.toString());
        assertTrue(report.isTerminated());
        assertEquals(200, ran.get(), "the queue drained");
        assertTrue(TestSupport.threadsNamed("clean-worker-").isEmpty(), "no pool thread alive after termination");
    }

    @Test
    void aTimeoutInterruptsRunningTasksAndReportsTheNeverStartedOnes() throws Exception {
        pool = AdaptivePoolExecutor.builder().name("timeout").minWorkers(1).maxWorkers(1).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        pool.execute(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        TestSupport.awaitLatch(started);
        Runnable second = () -> { };
        Future<String> third = pool.submit(() -> "never");
        pool.execute(second);
        ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(100));
        assertFalse(report.isClean());
        assertEquals(1, report.interruptedTasks());
        assertTrue(interrupted.get(), "the running task was interrupted");
        List<Runnable> dropped = report.droppedTasks();
        assertEquals(2, dropped.size());
        assertSame(third, dropped.get(0), "dropped tasks come back as submitted, in queue order");
        assertSame(second, dropped.get(1));
        assertTrue(third.isCancelled(), "a dropped Future is cancelled so nobody waits on it for ever");
        assertTrue(report.isTerminated());
        assertTrue(report.elapsed().compareTo(Duration.ofMillis(100)) >= 0);
        PoolMetrics m = pool.metrics();
        assertEquals(3, m.jobsSubmitted());
        assertEquals(1, m.jobsProcessed());
        assertEquals(2, m.jobsDropped());
        assertTrue(TestSupport.threadsNamed("timeout-worker-").isEmpty());
    }

    @Test
    void aTaskThatIgnoresInterruptsIsReportedAndThePoolTerminatesWhenItEnds() throws Exception {
        pool = AdaptivePoolExecutor.builder().name("stubborn").minWorkers(1).maxWorkers(1).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        pool.execute(() -> {
            started.countDown();
            while (!stop.get()) {
                TestSupport.parkMillis(5); // ignores interrupts
            }
        });
        TestSupport.awaitLatch(started);
        ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(50));
        assertEquals(1, report.interruptedTasks());
        assertFalse(report.isTerminated(), "the task is still running");
        assertFalse(pool.isTerminated());
        stop.set(true);
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        assertTrue(TestSupport.threadsNamed("stubborn-worker-").isEmpty());
    }

    @Test
    void shutdownNowReturnsTasksAsSubmittedAndCountsThemDropped() {
        pool = AdaptivePoolExecutor.builder().name("now").minWorkers(1).maxWorkers(1).build();
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            TestSupport.blockOn(release).run();
        });
        TestSupport.awaitLatch(started);
        Runnable a = () -> { };
        Runnable b = () -> { };
        pool.execute(a);
        pool.execute(b);
        List<Runnable> never = pool.shutdownNow();
        assertEquals(List.of(a, b), never);
        assertEquals(2, pool.metrics().jobsDropped());
    }

    @Test
    void terminationListenersRunOnceAndLateOnesRunAtOnce() throws Exception {
        pool = AdaptivePoolExecutor.builder().name("listeners").build();
        AtomicInteger calls = new AtomicInteger();
        pool.addTerminationListener(calls::incrementAndGet);
        pool.addTerminationListener(() -> {
            throw new IllegalStateException("a broken listener must not stop the others");
        });
        pool.addTerminationListener(calls::incrementAndGet);
        pool.shutdown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        TestSupport.await("listeners to run", () -> calls.get() == 2);
        pool.addTerminationListener(calls::incrementAndGet);
        assertEquals(3, calls.get(), "added after termination: runs at once");
    }

    @Test
    void awaitTerminationMeansEveryWorkerThreadHasEnded() throws Exception {
        for (int round = 0; round < 20; round++) {
            String name = "ended" + round;
            AdaptivePoolExecutor p = AdaptivePoolExecutor.builder().name(name).minWorkers(4).maxWorkers(4).build();
            for (int i = 0; i < 50; i++) {
                p.execute(() -> { });
            }
            p.shutdown();
            assertTrue(p.awaitTermination(20, TimeUnit.SECONDS));
            assertTrue(p.isTerminated());
            assertTrue(TestSupport.threadsNamed(name + "-worker-").isEmpty(), "round " + round);
        }
    }
}
