package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watch's side of a pool: the guard keeps working after shutdown while tasks are queued, the
 * workers it makes inherit what the pool's other workers inherit, and a pool whose lock user code
 * holds does not delay the guard of another pool.
 */
@Timeout(60)
class PoolWatchTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final TestSupport.Pools pools = new TestSupport.Pools();

    @AfterEach
    void tearDown() {
        release.countDown();
        pools.terminateAll();
    }

    /** A test runner's shape: submit all, shutdown(), awaitTermination(), the tasks meet at a barrier. */
    @Test
    void afterShutdownTheGuardStillStartsQueuedTasks() throws InterruptedException {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("runner").minWorkers(0).maxWorkers(4)
                .scaleUpThreshold(0.0).queueCapacity(100).stallWorkers(32).build());
        int tasks = 24;
        CyclicBarrier barrier = new CyclicBarrier(tasks);
        AtomicInteger met = new AtomicInteger();
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                try {
                    barrier.await(TestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                    met.incrementAndGet();
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(TestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS), pool.metrics().toString());
        assertEquals(tasks, met.get(), "every task met the others");
        PoolMetrics m = pool.metrics();
        assertEquals(tasks, m.peakWorkers(), "4 workers, then one per queued task: " + m);
        assertTrue(m.stalls() >= 1, m.toString());
    }

    /** Workers the guard makes (on the watch thread) carry the submitter's loader, daemon flag and priority. */
    @Test
    void theGuardsWorkersInheritWhatThePoolsOtherWorkersInherit() throws Exception {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("inherit").minWorkers(0)
                .maxWorkers(1).queueCapacity(10).stallWorkers(1).threadFactory(Thread::new).build());
        ClassLoader appLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
        List<Thread> ran = new CopyOnWriteArrayList<>();
        List<ClassLoader> loaders = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        Runnable task = () -> {
            ran.add(Thread.currentThread());
            loaders.add(Thread.currentThread().getContextClassLoader());
            both.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the pool is being stopped: done
            }
        };
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread submitter = new Thread(() -> {
            try {
                pool.execute(task); // makes the pool's worker on this thread
                pool.execute(task); // queued: the guard's worker takes it
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "submitter");
        submitter.setContextClassLoader(appLoader);
        submitter.setDaemon(false);
        submitter.setPriority(Thread.NORM_PRIORITY + 2);
        submitter.start();
        submitter.join(TestSupport.PATIENCE.toMillis());
        assertEquals(null, failed.get());
        TestSupport.awaitLatch(both);
        assertEquals(1, pool.metrics().workersOverMax(), "the second task ran on the guard's worker");
        for (int i = 0; i < 2; i++) {
            Thread t = ran.get(i);
            assertEquals(appLoader, loaders.get(i), "context class loader of " + t);
            assertEquals(false, t.isDaemon(), "daemon flag of " + t);
            assertEquals(Thread.NORM_PRIORITY + 2, t.getPriority(), "priority of " + t);
        }
    }

    /** A pool whose thread factory blocks holds up its own new workers, not another pool's guard. */
    @Test
    void aThreadFactoryThatBlocksDoesNotDelayAnotherPoolsGuard() {
        CountDownLatch inFactory = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        AdaptivePoolExecutor slow = pools.keep(AdaptivePoolExecutor.builder().name("slow-factory").maxWorkers(1)
                .queueCapacity(10).stallWorkers(4).threadFactory(r -> {
                    if (made.incrementAndGet() > 1) {
                        inFactory.countDown();
                        TestSupport.awaitLatch(letGo);
                    }
                    return new Thread(r, "slow-factory-worker");
                }).build());
        AdaptivePoolExecutor stalled = pools.keep(AdaptivePoolExecutor.builder().name("beside").maxWorkers(1)
                .queueCapacity(10).stallWorkers(4).build());
        try {
            slow.execute(TestSupport.blockOn(release));
            CountDownLatch slowSecond = new CountDownLatch(1);
            slow.execute(slowSecond::countDown);
            TestSupport.awaitLatch(inFactory); // the guard's worker for it is being made, and blocks
            stalled.execute(TestSupport.blockOn(release));
            CountDownLatch second = new CountDownLatch(1);
            stalled.execute(second::countDown);
            TestSupport.awaitLatch(second);
            assertEquals(1, letGo.getCount(), "the other pool's guard reacted while the factory was blocked");
            letGo.countDown();
            TestSupport.awaitLatch(slowSecond);
        } finally {
            letGo.countDown();
        }
    }

    /** User code holds one pool's lock (as a removeIf predicate does); another pool's guard still reacts. */
    @Test
    void aPoolWhoseLockIsHeldDoesNotDelayAnotherPoolsGuard() {
        AdaptivePoolExecutor held = pools.keep(AdaptivePoolExecutor.builder().name("held").maxWorkers(1)
                .queueCapacity(10).stallWorkers(4).build());
        AdaptivePoolExecutor stalled = pools.keep(AdaptivePoolExecutor.builder().name("stalls").maxWorkers(1)
                .queueCapacity(10).stallWorkers(4).build());
        held.execute(TestSupport.blockOn(release));
        held.execute(() -> { });
        CountDownLatch predicateRuns = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Thread holder = new Thread(() -> held.getQueue().removeIf(r -> {
            predicateRuns.countDown();
            TestSupport.awaitLatch(letGo);
            return false;
        }), "holds-the-lock");
        holder.start();
        TestSupport.awaitLatch(predicateRuns);
        // whether or not the engine runs predicates under its lock, hold the lock as such user code would
        Thread locker = new Thread(() -> {
            held.engine.lock.lock();
            try {
                TestSupport.awaitLatch(letGo);
            } finally {
                held.engine.lock.unlock();
            }
        }, "locker");
        locker.start();
        TestSupport.await("the lock is held", () -> held.engine.lock.isLocked());
        try {
            stalled.execute(TestSupport.blockOn(release));
            CountDownLatch second = new CountDownLatch(1);
            stalled.execute(second::countDown);
            TestSupport.awaitLatch(second);
            assertTrue(held.engine.lock.isLocked(), "the other pool's guard reacted while this lock was held");
            assertEquals(1, stalled.metrics().stalls());
        } finally {
            letGo.countDown();
        }
        TestSupport.await("the held pool's guard runs once its lock is free", () -> held.metrics().stalls() == 1);
    }
}
