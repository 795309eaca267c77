package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code invokeAll} and {@code invokeAny} (ExecutorService, AbstractExecutorService): results in
 * order, null and empty arguments, failures, and timeouts that cancel what has not completed.
 */
class ConformanceInvokeTest extends ConformanceBase {

    /** A callable that fails with a recognisable exception. */
    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message);
        }
    }

    private static List<Callable<Integer>> numbers(int n) {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int value = i;
            tasks.add(() -> value);
        }
        return tasks;
    }

    /** A callable that waits for the gate, and counts down {@code interrupted} if interrupted. */
    private Callable<Integer> waitsForGate(CountDownLatch started, CountDownLatch interrupted) {
        return () -> {
            started.countDown();
            try {
                gate.await();
                return -1;
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        };
    }

    @BothPools
    void invokeAllReturnsCompletedFuturesInTaskOrder(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 20));
        List<Future<Integer>> futures = pool.invokeAll(numbers(10));
        assertEquals(10, futures.size());
        for (int i = 0; i < 10; i++) {
            assertTrue(futures.get(i).isDone(), "future " + i + " done on return");
            assertEquals(i, futures.get(i).get(0, TimeUnit.SECONDS));
        }
    }

    @BothPools
    void timedInvokeAllWithinTheTimeoutReturnsCompletedFutures(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 20));
        List<Future<Integer>> futures = pool.invokeAll(numbers(5), PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(5, futures.size());
        for (int i = 0; i < 5; i++) {
            assertFalse(futures.get(i).isCancelled());
            assertEquals(i, futures.get(i).get(0, TimeUnit.SECONDS));
        }
    }

    @BothPools
    void invokeAllKeepsEachTasksFailureInItsFuture(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 20));
        Boom boom = new Boom("second");
        List<Callable<Integer>> tasks = Arrays.asList(() -> 1, () -> {
            throw boom;
        }, () -> 3);
        List<Future<Integer>> futures = pool.invokeAll(tasks);
        assertEquals(1, futures.get(0).get());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> futures.get(1).get());
        assertEquals(boom, failed.getCause());
        assertEquals(3, futures.get(2).get());
    }

    @BothPools
    void invokeAllOfNothingReturnsAnEmptyList(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        assertTrue(pool.invokeAll(Collections.<Callable<Integer>>emptyList()).isEmpty());
        assertTrue(pool.invokeAll(Collections.<Callable<Integer>>emptyList(), 1, TimeUnit.SECONDS).isEmpty());
    }

    @BothPools
    void invokeAllRefusesNullTasksAndNullElements(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        assertThrows(NullPointerException.class, () -> pool.invokeAll(null));
        assertThrows(NullPointerException.class, () -> pool.invokeAll(null, 1, TimeUnit.SECONDS));
        List<Callable<Integer>> withNull = Arrays.asList(() -> 1, null);
        assertThrows(NullPointerException.class, () -> pool.invokeAll(withNull));
        assertThrows(NullPointerException.class, () -> pool.invokeAll(withNull, 1, TimeUnit.SECONDS));
    }

    @BothPools
    void timedInvokeAllCancelsWhatHasNotCompletedAtTheTimeout(PoolKind kind) throws Exception {
        // one worker: the first task waits for the gate until interrupted, the second never starts
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        List<Callable<Integer>> tasks = Arrays.asList(waitsForGate(started, interrupted), () -> {
            secondRan.set(true);
            return 2;
        });

        List<Future<Integer>> futures = pool.invokeAll(tasks, BRIEFLY_MS, TimeUnit.MILLISECONDS);

        assertEquals(2, futures.size());
        for (Future<Integer> f : futures) {
            assertTrue(f.isDone(), "every future is done on return");
            assertTrue(f.isCancelled(), "a task not completed by the timeout is cancelled");
            assertThrows(CancellationException.class, f::get);
        }
        if (started.getCount() == 0) {
            awaitLatch(interrupted); // it was running: cancelled with an interrupt
        }
        CountDownLatch after = new CountDownLatch(1);
        pool.execute(after::countDown); // one worker, FIFO: runs after anything it still had queued
        awaitLatch(after);
        awaitQuiescent(pool);
        assertFalse(secondRan.get(), "a cancelled task never runs");
    }

    @BothPools
    void invokeAnyReturnsTheResultOfATaskThatSucceeded(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 10));
        List<Callable<String>> tasks = Arrays.asList(() -> {
            throw new Boom("first fails");
        }, () -> "second", () -> {
            throw new Boom("third fails");
        });
        assertEquals("second", pool.invokeAny(tasks));
        assertEquals("second", pool.invokeAny(tasks, PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    @BothPools
    void invokeAnyCancelsTheOthersOnReturn(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 10));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        List<Callable<Integer>> tasks = Arrays.asList(waitsForGate(started, interrupted), () -> {
            awaitLatch(started); // return only once the other task runs
            return 7;
        });
        assertEquals(7, pool.invokeAny(tasks));
        awaitLatch(interrupted);
    }

    @BothPools
    void invokeAnyWhenEveryTaskFailsThrowsExecutionExceptionWithATasksFailure(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 10));
        List<Callable<Integer>> tasks = Arrays.asList(() -> {
            throw new Boom("one");
        }, () -> {
            throw new Boom("two");
        });
        ExecutionException untimed = assertThrows(ExecutionException.class, () -> pool.invokeAny(tasks));
        assertInstanceOf(Boom.class, untimed.getCause());
        ExecutionException timed = assertThrows(ExecutionException.class,
                () -> pool.invokeAny(tasks, PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertInstanceOf(Boom.class, timed.getCause());
    }

    @BothPools
    void timedInvokeAnyWithNothingDoneThrowsTimeoutExceptionAndCancelsTheTasks(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, 10));
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch interrupted = new CountDownLatch(2);
        List<Callable<Integer>> tasks = Arrays.asList(waitsForGate(started, interrupted),
                waitsForGate(started, interrupted));
        assertThrows(TimeoutException.class, () -> pool.invokeAny(tasks, BRIEFLY_MS, TimeUnit.MILLISECONDS));
        // nothing opens the gate: each task ends only by its cancellation, either before it
        // started (it never runs) or with an interrupt while it ran
        awaitQuiescent(pool);
        await("every task that started to be interrupted", () -> interrupted.getCount() == started.getCount());
    }

    @BothPools
    void invokeAnyRefusesNullAndEmptyCollections(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        assertThrows(NullPointerException.class, () -> pool.invokeAny(null));
        assertThrows(NullPointerException.class, () -> pool.invokeAny(null, 1, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> pool.invokeAny(Collections.<Callable<Integer>>emptyList()));
        assertThrows(IllegalArgumentException.class,
                () -> pool.invokeAny(Collections.<Callable<Integer>>emptyList(), 1, TimeUnit.SECONDS));
        List<Callable<Integer>> withNull = Collections.singletonList(null);
        assertThrows(NullPointerException.class, () -> pool.invokeAny(withNull));
        assertThrows(NullPointerException.class, () -> pool.invokeAny(withNull, 1, TimeUnit.SECONDS));
    }

    @BothPools
    void invokeAllThatIsRejectedThrowsAndCancelsTheTasksItHadSubmitted(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1).rejecting());
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(blocker(started));
        awaitLatch(started);
        AtomicBoolean firstRan = new AtomicBoolean();
        List<Callable<Integer>> tasks = Arrays.asList(() -> {
            firstRan.set(true); // queued, then cancelled when the second is rejected
            return 1;
        }, () -> 2);

        assertThrows(RejectedExecutionException.class, () -> pool.invokeAll(tasks));

        assertEquals(1, pool.getQueue().size());
        Future<?> queued = (Future<?>) pool.getQueue().peek();
        assertTrue(queued.isCancelled());
        gate.countDown();
        awaitQuiescent(pool);
        assertFalse(firstRan.get());
    }
}
