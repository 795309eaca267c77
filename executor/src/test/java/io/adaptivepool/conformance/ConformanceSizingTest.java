package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pool sizes and threads (ThreadPoolExecutor): growth beyond core only when the queue is full,
 * keep-alive and core thread time-out, prestarting, the thread factory, the size and keep-alive
 * setters, and the counts at quiescence.
 */
class ConformanceSizingTest extends ConformanceBase {
    private static final Duration SHORT_KEEP_ALIVE = Duration.ofMillis(100);

    @BothPools
    void theCoreThreadsRunFromTheStart(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 4, 10));
        assertEquals(2, pool.getPoolSize());
        assertEquals(2, pool.getCorePoolSize());
        assertEquals(4, pool.getMaximumPoolSize());
        // not at once: ThreadPoolExecutor counts a worker as active until its thread has started
        // its loop (a new Worker's lock state is -1, which isLocked() reports as held)
        await("no active worker", () -> pool.getActiveCount() == 0);
        assertEquals(0, pool.getTaskCount(), "nor a task");
    }

    @BothPools
    void tasksAreQueuedBeforeThePoolGrowsBeyondCoreAndGrowsOnlyWhenTheQueueIsFull(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 3, 2));
        occupy(pool, 1);
        CountDownLatch started = new CountDownLatch(2);
        pool.execute(blocker(started));
        pool.execute(blocker(started));
        assertEquals(1, pool.getPoolSize(), "queued while the queue has room");
        assertEquals(2, pool.getQueue().size());

        CountDownLatch onNewWorker = new CountDownLatch(1);
        pool.execute(blocker(onNewWorker)); // the queue is full: a new worker takes this task
        assertEquals(2, pool.getPoolSize());
        awaitLatch(onNewWorker);
        assertEquals(2, pool.getQueue().size(), "the new worker ran the new task, not the queued ones");
        assertEquals(2, pool.getLargestPoolSize());

        gate.countDown();
        awaitLatch(started);
        awaitQuiescent(pool);
    }

    @BothPools
    void threadsAboveCoreRetireAfterTheKeepAlive(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 3, 1).keepAlive(SHORT_KEEP_ALIVE));
        occupy(pool, 1);
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(blocker(started)); // one queued, two on new workers
        }
        assertEquals(3, pool.getPoolSize());
        gate.countDown();
        awaitLatch(started);
        await("the pool to shrink back to its core", () -> pool.getPoolSize() == 1);
        assertEquals(3, pool.getLargestPoolSize());
    }

    @BothPools
    void allowCoreThreadTimeOutLetsEveryIdleThreadRetire(PoolKind kind) {
        PoolSpec spec = PoolSpec.of(2, 2, 10).keepAlive(SHORT_KEEP_ALIVE);
        ThreadPoolExecutor pool = pool(kind, spec);
        assertFalse(pool.allowsCoreThreadTimeOut(), "off by default");
        assertEquals(2, pool.getPoolSize());

        pool.allowCoreThreadTimeOut(true);

        assertTrue(pool.allowsCoreThreadTimeOut());
        await("every idle thread to retire", () -> pool.getPoolSize() == 0);
        await("their threads to end", () -> spec.factory.alive() == 0);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        awaitLatch(ran);
        pool.allowCoreThreadTimeOut(false);
        assertFalse(pool.allowsCoreThreadTimeOut());
    }

    @BothPools
    void coreThreadTimeOutNeedsAPositiveKeepAlive(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        pool.allowCoreThreadTimeOut(true);
        assertThrows(IllegalArgumentException.class, () -> pool.setKeepAliveTime(0, TimeUnit.SECONDS));
        assertEquals(30, pool.getKeepAliveTime(TimeUnit.SECONDS));
    }

    @BothPools
    void prestartStartsOnlyMissingCoreThreads(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 4, 10).keepAlive(SHORT_KEEP_ALIVE));
        assertFalse(pool.prestartCoreThread(), "all core threads already run");
        assertEquals(0, pool.prestartAllCoreThreads());
        assertEquals(2, pool.getPoolSize());
        pool.allowCoreThreadTimeOut(true);
        await("every idle thread to retire", () -> pool.getPoolSize() == 0);
        // what happens when core time-out is turned off again differs (see docs/conformance.md):
        // ThreadPoolExecutor starts core threads lazily, this pool restores its minimum at once
    }

    @BothPools
    void aPoolWithNoCoreThreadsStartsOneForATask(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(0, 2, 10));
        assertEquals(0, pool.getPoolSize());
        assertFalse(pool.prestartCoreThread());
        assertEquals(0, pool.prestartAllCoreThreads());
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        awaitLatch(ran);
        assertTrue(pool.getLargestPoolSize() >= 1);
    }

    @BothPools
    void newWorkersComeFromTheThreadFactorySetLast(PoolKind kind) {
        PoolSpec spec = PoolSpec.of(1, 2, 1);
        ThreadPoolExecutor pool = pool(kind, spec);
        RecordingThreadFactory second = new RecordingThreadFactory("second");
        occupy(pool, 1); // on the first factory's thread

        pool.setThreadFactory(second);

        pool.execute(() -> { }); // fills the queue
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(() -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        });
        awaitLatch(ran);
        assertTrue(second.made(ranOn.get()), "the new worker came from the new factory: " + ranOn.get());
        assertEquals(1, spec.factory.threads.size(), "the first factory made only the first worker");
        Thread fromGetter = pool.getThreadFactory().newThread(() -> { });
        assertTrue(second.made(fromGetter), "getThreadFactory makes threads with the factory set");
        assertThrows(NullPointerException.class, () -> pool.setThreadFactory(null));
    }

    @BothPools
    void sizeAndKeepAliveSettersRoundTrip(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 4, 10));
        pool.setMaximumPoolSize(6);
        assertEquals(6, pool.getMaximumPoolSize());
        pool.setCorePoolSize(3);
        assertEquals(3, pool.getCorePoolSize());
        pool.setKeepAliveTime(5, TimeUnit.SECONDS);
        assertEquals(5000, pool.getKeepAliveTime(TimeUnit.MILLISECONDS));
        pool.setKeepAliveTime(1500, TimeUnit.MILLISECONDS);
        assertEquals(1500, pool.getKeepAliveTime(TimeUnit.MILLISECONDS));
        pool.setCorePoolSize(6);
        assertEquals(6, pool.getCorePoolSize());
        pool.setCorePoolSize(1);
        pool.setMaximumPoolSize(1);
        assertEquals(1, pool.getCorePoolSize());
        assertEquals(1, pool.getMaximumPoolSize());
    }

    @BothPools
    void badSizesAndKeepAlivesAreRefusedAndChangeNothing(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 4, 10));
        assertThrows(IllegalArgumentException.class, () -> pool.setCorePoolSize(-1));
        assertThrows(IllegalArgumentException.class, () -> pool.setCorePoolSize(5), "core above max");
        assertThrows(IllegalArgumentException.class, () -> pool.setMaximumPoolSize(0));
        assertThrows(IllegalArgumentException.class, () -> pool.setMaximumPoolSize(1), "max below core");
        assertThrows(IllegalArgumentException.class, () -> pool.setKeepAliveTime(-1, TimeUnit.SECONDS));
        assertEquals(2, pool.getCorePoolSize());
        assertEquals(4, pool.getMaximumPoolSize());
        assertEquals(30, pool.getKeepAliveTime(TimeUnit.SECONDS));
        assertEquals(2, pool.getPoolSize());
    }

    @BothPools
    void loweringTheMaximumRetiresTheExtraWorkers(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 3, 1));
        occupy(pool, 1);
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(blocker(started));
        }
        assertEquals(3, pool.getPoolSize());

        pool.setMaximumPoolSize(1);
        gate.countDown();

        awaitLatch(started);
        await("the workers above the new maximum to retire", () -> pool.getPoolSize() == 1);
    }

    @BothPools
    void loweringTheCoreLetsTheExtraIdleThreadsRetireAfterTheKeepAlive(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(3, 3, 10).keepAlive(SHORT_KEEP_ALIVE));
        assertEquals(3, pool.getPoolSize());
        pool.setCorePoolSize(1);
        await("the idle threads above the new core to retire", () -> pool.getPoolSize() == 1);
        CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        awaitLatch(ran);
    }

    @BothPools
    void raisingTheCoreStartsThreadsForQueuedTasks(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 3, 10));
        occupy(pool, 1);
        CountDownLatch queuedStarted = new CountDownLatch(2);
        pool.execute(blocker(queuedStarted));
        pool.execute(blocker(queuedStarted));
        assertEquals(2, pool.getQueue().size());

        pool.setCorePoolSize(3);

        awaitLatch(queuedStarted);
        assertEquals(3, pool.getPoolSize());
    }

    @BothPools
    void countsAtQuiescence(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 20));
        awaitQuiescent(pool); // a worker still starting counts as active, and as a task (see above)
        assertEquals(0, pool.getTaskCount());
        assertEquals(0, pool.getCompletedTaskCount());
        for (int i = 0; i < 10; i++) {
            pool.execute(() -> { });
        }
        for (int i = 0; i < 5; i++) {
            pool.submit(() -> "x");
        }
        await("15 completed tasks", () -> pool.getCompletedTaskCount() == 15);
        awaitQuiescent(pool);
        assertEquals(15, pool.getTaskCount());
        assertEquals(0, pool.getActiveCount());
        assertEquals(2, pool.getPoolSize());
        assertEquals(2, pool.getLargestPoolSize());

        occupy(pool, 2);
        for (int i = 0; i < 3; i++) {
            pool.execute(() -> { });
        }
        await("two active workers", () -> pool.getActiveCount() == 2);
        assertEquals(15 + 2 + 3, pool.getTaskCount(), "counts running and queued tasks");
        assertEquals(15, pool.getCompletedTaskCount());
        gate.countDown();
        await("20 completed tasks", () -> pool.getCompletedTaskCount() == 20);
        awaitQuiescent(pool);
        assertEquals(20, pool.getTaskCount());
        assertEquals(2, pool.getLargestPoolSize());
    }
}
