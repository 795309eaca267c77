package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FailureTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    private ThreadFactory capturing(String name) {
        AtomicInteger ids = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + ids.incrementAndGet());
            t.setUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
            return t;
        };
    }

    /**
     * A task handed straight to a new worker (its first task: min 0, eager threshold) that throws
     * is counted like any other failed task, and its worker lives on (unlike ThreadPoolExecutor,
     * whose worker dies and is replaced).
     */
    @Test
    void aFirstTaskThatThrowsIsCountedFailedAndItsWorkerSurvives() {
        pool = AdaptivePoolExecutor.builder().name("first").minWorkers(0).maxWorkers(1).scaleUpThreshold(0.0)
                .threadFactory(capturing("first")).build();
        assertEquals(0, pool.getPoolSize(), "no worker before the first task");
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("first task fails");
        pool.execute(() -> {
            ranOn.add(Thread.currentThread());
            throw boom;
        });
        TestSupport.await("the failure reached the handler", () -> uncaught.size() == 1);
        assertSame(boom, uncaught.get(0));
        TestSupport.await("the failed first task counted", () -> pool.metrics().jobsProcessed() == 1);
        CountDownLatch second = new CountDownLatch(1);
        pool.execute(() -> {
            ranOn.add(Thread.currentThread());
            second.countDown();
        });
        TestSupport.awaitLatch(second);
        TestSupport.await("both counted", () -> pool.metrics().jobsProcessed() == 2);
        PoolMetrics m = pool.metrics();
        assertEquals(2, m.jobsSubmitted());
        assertEquals(1, m.jobsFailed());
        assertEquals(2, m.jobDuration().count(), "both timed");
        assertSame(ranOn.get(0), ranOn.get(1), "the worker survived its first task's failure");
        assertEquals(1, m.scaleUps(), "one worker, started once");
        assertEquals(0, m.scaleDowns());
    }

    @Test
    void aThrowingTaskIsCountedFailedAndTheWorkerSurvives() {
        pool = AdaptivePoolExecutor.builder().name("throws").minWorkers(1).maxWorkers(1)
                .threadFactory(capturing("throws")).build();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        RuntimeException boom = new IllegalStateException("boom");
        pool.execute(() -> {
            ranOn.add(Thread.currentThread());
            throw boom;
        });
        StackOverflowError deep = new StackOverflowError("deep");
        pool.execute(() -> {
            ranOn.add(Thread.currentThread());
            throw deep;
        });
        OutOfMemoryError oom = new OutOfMemoryError("task asked for too much");
        pool.execute(() -> {
            ranOn.add(Thread.currentThread());
            throw oom;
        });
        CountDownLatch fine = new CountDownLatch(1);
        pool.execute(() -> {
            ranOn.add(Thread.currentThread());
            fine.countDown();
        });
        TestSupport.awaitLatch(fine);
        TestSupport.await("three uncaught failures", () -> uncaught.size() == 3);
        assertSame(boom, uncaught.get(0), "execute's exception goes to the worker's uncaught-exception handler");
        assertSame(deep, uncaught.get(1));
        assertSame(oom, uncaught.get(2));
        assertEquals(4, ranOn.size());
        assertTrue(ranOn.stream().allMatch(t -> t == ranOn.get(0)), "one worker ran all four: it survived");
        TestSupport.await("processed", () -> pool.metrics().jobsProcessed() == 4);
        PoolMetrics m = pool.metrics();
        assertEquals(3, m.jobsFailed());
        assertEquals(1, m.jobsSucceeded());
        assertEquals(0, m.scaleDowns(), "no worker died");
    }

    @Test
    void aFailedSubmitCompletesItsFutureAndIsCounted() {
        pool = AdaptivePoolExecutor.builder().name("future").threadFactory(capturing("future")).build();
        Future<Object> f = pool.submit(() -> {
            throw new java.io.IOException("disk");
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertEquals("disk", e.getCause().getMessage());
        TestSupport.await("processed", () -> pool.metrics().jobsProcessed() == 1);
        assertEquals(1, pool.metrics().jobsFailed());
        assertTrue(uncaught.isEmpty(), "a Future keeps its exception");
    }

    @Test
    void aThrowingThreadFactoryIsSurvivedAndCounted() {
        AtomicInteger calls = new AtomicInteger();
        ThreadFactory flaky = r -> {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("no more threads for you");
            }
            return new Thread(r, "flaky-1");
        };
        pool = AdaptivePoolExecutor.builder().name("flaky").minWorkers(1).maxWorkers(4).queueCapacity(4)
                .scaleUpThreshold(0.0).saturation(Saturation.REJECT).threadFactory(flaky).build();
        assertRunsOnWithOneWorker();
    }

    @Test
    void aThreadFactoryReturningNullIsSurvivedAndCounted() {
        AtomicInteger calls = new AtomicInteger();
        ThreadFactory stingy = r -> calls.incrementAndGet() > 1 ? null : new Thread(r, "stingy-1");
        pool = AdaptivePoolExecutor.builder().name("stingy").minWorkers(1).maxWorkers(4).queueCapacity(4)
                .scaleUpThreshold(0.0).saturation(Saturation.REJECT).threadFactory(stingy).build();
        assertRunsOnWithOneWorker();
    }

    @Test
    void aThreadThatCannotStartIsSurvivedAndCounted() {
        // The executor starts the factory's thread itself; a thread that cannot be started (here one
        // already started, refused by the executor with IllegalThreadStateException; in production
        // "OutOfMemoryError: unable to create native thread") must cost a worker, not the task.
        AtomicInteger calls = new AtomicInteger();
        ThreadFactory exhausted = r -> {
            if (calls.incrementAndGet() > 1) {
                Thread unusable = new Thread(() -> { });
                unusable.start();
                return unusable;
            }
            return new Thread(r, "exhausted-1");
        };
        pool = AdaptivePoolExecutor.builder().name("exhausted").minWorkers(1).maxWorkers(4).queueCapacity(4)
                .scaleUpThreshold(0.0).saturation(Saturation.REJECT).threadFactory(exhausted).build();
        assertRunsOnWithOneWorker();
    }

    /** The pool has one worker and cannot get more: it queues, then refuses per REJECT, and drains. */
    private void assertRunsOnWithOneWorker() {
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            TestSupport.blockOn(release).run();
        });
        TestSupport.awaitLatch(started);
        AtomicInteger ran = new AtomicInteger();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            try {
                pool.execute(ran::incrementAndGet);
                accepted++;
            } catch (PoolSaturatedException e) {
                refused++;
            }
        }
        assertEquals(4, accepted, "the queue's capacity, with the one worker busy");
        assertEquals(6, refused);
        PoolMetrics m = pool.metrics();
        assertEquals(1, m.workers());
        assertTrue(m.threadFactoryFailures() >= 1, m.toString());
        release.countDown();
        TestSupport.await("the queue to drain on the one worker", () -> ran.get() == 4);
        assertEquals(6, pool.metrics().jobsRejectedSaturated());
    }

    /**
     * With no worker alive and none startable, a submission is refused at once, as the JDK's cached
     * pool refuses it: never accepted into a queue that nothing will drain.
     */
    @Test
    void aFactoryThatNeverWorksRefusesTasksRatherThanStrandThem() {
        pool = AdaptivePoolExecutor.builder().name("never").minWorkers(0).maxWorkers(2).queueCapacity(3)
                .threadFactory(r -> null).build();
        for (int i = 0; i < 3; i++) {
            PoolSaturatedException refused = assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }));
            assertEquals("pool 'never' could not start a worker thread and has none running; task refused"
                    + " (see threadFactoryFailures)", refused.getMessage());
        }
        assertFalse(pool.tryExecute(() -> { }));
        PoolMetrics m = pool.metrics();
        assertEquals(0, m.jobsSubmitted(), m.toString());
        assertEquals(0, m.queueDepth());
        assertEquals(4, m.jobsRejectedSaturated());
        assertEquals(4, m.threadFactoryFailures());
        ShutdownReport report = pool.shutdownGracefully(Duration.ofSeconds(5));
        assertTrue(report.isClean(), "nothing was accepted, so nothing is dropped");
    }
}
