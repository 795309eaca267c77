package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * shutdown, shutdownNow, awaitTermination, isShutdown / isTerminating / isTerminated
 * (ExecutorService, ThreadPoolExecutor).
 */
class ConformanceShutdownTest extends ConformanceBase {

    @BothPools
    void shutdownRunsPreviouslySubmittedTasksAndRejectsNewOnes(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            pool.execute(ran::incrementAndGet);
        }
        Future<String> submitted = pool.submit(() -> "queued before shutdown");

        pool.shutdown();

        assertTrue(pool.isShutdown());
        assertFalse(pool.isTerminated(), "a task still runs");
        assertTrue(pool.isTerminating());
        assertThrows(RejectedExecutionException.class, () -> pool.execute(ran::incrementAndGet));
        assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> "after shutdown"));
        gate.countDown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(3, ran.get(), "the tasks queued before shutdown all ran, the later one did not");
        assertEquals("queued before shutdown", submitted.get(0, TimeUnit.SECONDS));
        assertTrue(pool.isTerminated());
        assertFalse(pool.isTerminating());
        assertTrue(pool.isShutdown());
    }

    @BothPools
    void shutdownTwiceIsHarmless(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 10));
        pool.shutdown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        pool.shutdown();
        assertTrue(pool.isTerminated());
        assertTrue(pool.shutdownNow().isEmpty());
    }

    @BothPools
    void anIdlePoolTerminatesOnShutdownAndItsThreadsEnd(PoolKind kind) throws Exception {
        PoolSpec spec = PoolSpec.of(2, 4, 10);
        ThreadPoolExecutor pool = pool(kind, spec);
        assertEquals(2, pool.getPoolSize());
        assertFalse(pool.isShutdown());
        assertFalse(pool.isTerminating());
        assertFalse(pool.isTerminated());

        pool.shutdown();

        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(pool.isTerminated());
        assertFalse(pool.isTerminating());
        await("the pool's threads to end", () -> spec.factory.alive() == 0);
        assertEquals(0, pool.getPoolSize());
    }

    @BothPools
    void shutdownNowOfAnIdlePoolReturnsNothingAndTerminates(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 10));
        assertTrue(pool.shutdownNow().isEmpty());
        assertTrue(pool.isShutdown());
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(pool.isTerminated());
    }

    @BothPools
    void shutdownNowReturnsExactlyTheQueuedTasksAndInterruptsTheRunningOne(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        awaitLatch(started);
        AtomicInteger ran = new AtomicInteger();
        List<Runnable> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Runnable task = ran::incrementAndGet; // five distinct objects
            queued.add(task);
            pool.execute(task);
        }
        Future<?> queuedFuture = pool.submit(ran::incrementAndGet);

        List<Runnable> neverStarted = pool.shutdownNow();

        awaitLatch(interrupted);
        assertEquals(6, neverStarted.size(), () -> "returned " + neverStarted);
        for (int i = 0; i < 5; i++) {
            assertSame(queued.get(i), neverStarted.get(i), "the tasks themselves, in queue order");
        }
        assertSame(queuedFuture, neverStarted.get(5), "a submitted task is returned as its Future");
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(0, ran.get(), "no returned task ran");
        assertFalse(queuedFuture.isDone(), "shutdownNow does not cancel the Futures it returns");
        assertTrue(pool.getQueue().isEmpty());
    }

    @BothPools
    void shutdownNowReturnsSubmittedMinusStarted(PoolKind kind) throws Exception {
        // whatever the timing, every task either started or is returned, never both
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 100));
        Set<Runnable> started = Collections.newSetFromMap(new ConcurrentHashMap<>());
        List<Runnable> submitted = new ArrayList<>();
        CountDownLatch someStarted = new CountDownLatch(10);
        for (int i = 0; i < 100; i++) {
            Runnable task = new Runnable() {
                @Override
                public void run() {
                    started.add(this);
                    someStarted.countDown();
                    for (int spin = 0; spin < 1000 && !Thread.currentThread().isInterrupted(); spin++) {
                        Thread.onSpinWait();
                    }
                }
            };
            submitted.add(task);
            pool.execute(task);
        }
        awaitLatch(someStarted);

        List<Runnable> returned = pool.shutdownNow();

        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        Set<Runnable> returnedSet = Collections.newSetFromMap(new IdentityHashMap<>());
        returnedSet.addAll(returned);
        assertEquals(returned.size(), returnedSet.size(), "no task returned twice");
        for (Runnable task : submitted) {
            assertTrue(started.contains(task) ^ returnedSet.contains(task),
                    "each task either started or was returned: started " + started.contains(task)
                            + ", returned " + returnedSet.contains(task));
        }
        assertEquals(submitted.size(), started.size() + returned.size());
    }

    @BothPools
    void awaitTerminationReturnsFalseOnTimeoutThenTrueOnceTasksEnd(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1);
        assertFalse(pool.awaitTermination(BRIEFLY_MS, TimeUnit.MILLISECONDS), "not shut down: times out");
        pool.shutdown();
        assertFalse(pool.awaitTermination(BRIEFLY_MS, TimeUnit.MILLISECONDS), "a task still runs");
        assertTrue(pool.isTerminating());
        assertFalse(pool.isTerminated());
        gate.countDown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(pool.isTerminated());
        assertTrue(pool.awaitTermination(0, TimeUnit.MILLISECONDS), "once terminated, at once");
    }

    @BothPools
    void awaitTerminationIsWokenByTermination(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1);
        pool.shutdown();
        CountDownLatch returnedTrue = new CountDownLatch(1);
        Thread waiter = startThread("awaiter", () -> {
            try {
                if (pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                    returnedTrue.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitParked(waiter);
        assertEquals(1, returnedTrue.getCount());
        gate.countDown();
        awaitLatch(returnedTrue);
    }

    @BothPools
    void awaitTerminationThrowsInterruptedExceptionWhenInterrupted(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class,
                    () -> pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            Thread.interrupted();
        }
    }

    @BothPools
    void aTaskMayShutDownItsOwnPool(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1);
        AtomicInteger ran = new AtomicInteger();
        pool.execute(pool::shutdown);
        pool.execute(ran::incrementAndGet); // queued before the shutdown: still runs
        gate.countDown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(1, ran.get());
        assertTrue(pool.isTerminated());
    }

    @BothPools
    void aTaskMayShutDownItsOwnPoolNow(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1);
        List<List<Runnable>> returned = new CopyOnWriteArrayList<>();
        CountDownLatch interruptedItself = new CountDownLatch(1);
        pool.execute(() -> {
            returned.add(pool.shutdownNow());
            if (Thread.currentThread().isInterrupted()) {
                interruptedItself.countDown();
            }
        });
        Runnable queued = () -> { };
        pool.execute(queued);
        gate.countDown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        awaitLatch(interruptedItself); // shutdownNow interrupts every worker, the caller's too
        assertEquals(List.of(List.of(queued)), returned);
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }
}
