package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** The Futures that submit returns (Future, FutureTask): results, failures, cancellation, waiting. */
class ConformanceFutureTest extends ConformanceBase {

    @BothPools
    void submitReturnsTheCallablesValueAndTheRunnablesGivenResult(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        AtomicBoolean ran = new AtomicBoolean();
        Future<String> callable = pool.submit(() -> "value");
        Future<?> runnable = pool.submit(() -> ran.set(true));
        Future<String> withResult = pool.submit(() -> { }, "given");
        assertEquals("value", callable.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertNull(runnable.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(ran.get());
        assertEquals("given", withResult.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(callable.isDone());
        assertFalse(callable.isCancelled());
    }

    @BothPools
    void executeRunsAUsersOwnFutureTask(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        FutureTask<String> task = new FutureTask<>(() -> "mine");
        pool.execute(task);
        assertEquals("mine", task.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    @BothPools
    void getAfterTheTaskThrewThrowsExecutionExceptionWithTheCause(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        IllegalStateException boom = new IllegalStateException("boom");
        Future<Object> callable = pool.submit(() -> {
            throw boom;
        });
        Future<?> runnable = pool.submit((Runnable) () -> {
            throw boom;
        });
        ExecutionException fromCallable = assertThrows(ExecutionException.class,
                () -> callable.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertSame(boom, fromCallable.getCause());
        ExecutionException fromRunnable = assertThrows(ExecutionException.class, runnable::get);
        assertSame(boom, fromRunnable.getCause());
        assertTrue(callable.isDone());
        assertFalse(callable.isCancelled());
        assertFalse(callable.cancel(true), "a completed task cannot be cancelled");
        assertFalse(callable.isCancelled());
    }

    @BothPools
    void cancelTrueInterruptsARunningTask(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<?> running = pool.submit(() -> {
            started.countDown();
            // waits without consuming the interrupt: the pool must clear it before the next task
            while (!Thread.currentThread().isInterrupted() && gate.getCount() > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            if (Thread.currentThread().isInterrupted()) {
                interrupted.countDown();
            }
        });
        awaitLatch(started);

        assertTrue(running.cancel(true));

        awaitLatch(interrupted);
        assertTrue(running.isCancelled());
        assertTrue(running.isDone());
        assertThrows(CancellationException.class, running::get);
        assertFalse(running.cancel(true), "already cancelled");
        // the worker goes on to later tasks, with its interrupt cleared
        Future<Boolean> next = pool.submit(() -> Thread.currentThread().isInterrupted());
        assertFalse(next.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "the next task sees no stray interrupt");
    }

    @BothPools
    void cancelFalseLetsARunningTaskFinishButItsFutureIsCancelled(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Future<?> running = pool.submit(() -> {
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                sawInterrupt.set(true);
            }
            finished.countDown();
        });
        awaitLatch(started);

        assertTrue(running.cancel(false));

        assertTrue(running.isCancelled());
        assertTrue(running.isDone());
        gate.countDown();
        awaitLatch(finished);
        assertFalse(sawInterrupt.get(), "cancel(false) does not interrupt");
        assertThrows(CancellationException.class, running::get);
    }

    @BothPools
    void cancelFalseOfAQueuedTaskMeansItNeverRuns(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1);
        AtomicBoolean ran = new AtomicBoolean();
        Future<?> queued = pool.submit(() -> ran.set(true));
        Future<String> after = pool.submit(() -> "after");

        assertTrue(queued.cancel(false));

        assertTrue(queued.isCancelled());
        assertTrue(queued.isDone());
        assertThrows(CancellationException.class, () -> queued.get(0, TimeUnit.MILLISECONDS));
        gate.countDown();
        assertEquals("after", after.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)); // one worker: FIFO
        assertFalse(ran.get(), "the cancelled task was taken from the queue but not run");
    }

    @BothPools
    void timedGetThrowsTimeoutExceptionAndLeavesTheTaskAlone(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        CountDownLatch started = new CountDownLatch(1);
        Future<String> running = pool.submit(() -> {
            started.countDown();
            gate.await();
            return "done";
        });
        awaitLatch(started);
        Future<String> queued = pool.submit(() -> "queued");

        assertThrows(TimeoutException.class, () -> running.get(BRIEFLY_MS, TimeUnit.MILLISECONDS));
        assertThrows(TimeoutException.class, () -> queued.get(BRIEFLY_MS, TimeUnit.MILLISECONDS));
        assertThrows(TimeoutException.class, () -> queued.get(0, TimeUnit.MILLISECONDS));

        assertFalse(running.isDone());
        assertFalse(running.isCancelled());
        gate.countDown();
        assertEquals("done", running.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("queued", queued.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    @BothPools
    void getThrowsInterruptedExceptionToAWaiterThatIsInterrupted(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1);
        Future<String> queued = pool.submit(() -> "queued");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = startThread("future-waiter", () -> {
            try {
                queued.get();
            } catch (Throwable t) {
                outcome.set(t);
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
            done.countDown();
        });
        awaitParked(waiter);

        waiter.interrupt();

        awaitLatch(done);
        assertTrue(outcome.get() instanceof InterruptedException, () -> "got " + outcome.get());
        assertFalse(flagAfter.get(), "the interrupt is consumed by the InterruptedException");
        assertFalse(queued.isDone(), "interrupting a waiter does not affect the task");
        gate.countDown();
        assertEquals("queued", queued.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    @BothPools
    void getByAnAlreadyInterruptedThreadThrowsInterruptedException(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1);
        Future<String> queued = pool.submit(() -> "queued");
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, queued::get);
            assertFalse(Thread.currentThread().isInterrupted(), "the interrupt is consumed");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> queued.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            Thread.interrupted();
        }
    }
}
