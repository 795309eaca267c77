package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Submitting tasks (Executor, ExecutorService): null tasks, and tasks that throw. */
class ConformanceTaskTest extends ConformanceBase {

    @BothPools
    void nullTasksAreRefusedWithNullPointerException(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        assertThrows(NullPointerException.class, () -> pool.execute(null));
        assertThrows(NullPointerException.class, () -> pool.submit((Runnable) null));
        assertThrows(NullPointerException.class, () -> pool.submit((Callable<String>) null));
        assertThrows(NullPointerException.class, () -> pool.submit(null, "result"));
        assertTrue(pool.getQueue().isEmpty());
    }

    @BothPools
    void anExceptionFromAnExecutedTaskGoesToTheThreadsUncaughtExceptionHandlerAndThePoolGoesOn(PoolKind kind) {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        List<Thread> on = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        RecordingThreadFactory factory = new RecordingThreadFactory("ueh", (t, e) -> {
            on.add(t);
            uncaught.add(e);
            handled.countDown();
        });
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10).factory(factory));
        IllegalStateException boom = new IllegalStateException("from execute");

        pool.execute(() -> {
            throw boom;
        });

        awaitLatch(handled);
        assertSame(boom, uncaught.get(0));
        assertTrue(factory.made(on.get(0)), "handled on a pool thread");
        CountDownLatch later = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(later::countDown);
        }
        awaitLatch(later);
        await("4 completed tasks, the failed one included", () -> pool.getCompletedTaskCount() == 4);
        await("one worker again", () -> pool.getPoolSize() == 1);
        assertEquals(1, uncaught.size());
    }

    @BothPools
    void anExceptionFromASubmittedTaskGoesIntoItsFutureOnly(PoolKind kind) throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(1);
        RecordingThreadFactory factory = new RecordingThreadFactory("ueh", (t, e) -> {
            uncaught.add(e);
            handled.countDown();
        });
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10).factory(factory));
        IllegalStateException inFuture = new IllegalStateException("from submit");
        IllegalStateException fromExecute = new IllegalStateException("from execute");

        Future<?> failed = pool.submit(() -> {
            throw inFuture;
        });
        pool.execute(() -> {
            throw fromExecute;
        }); // one worker: runs after the submitted task

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> failed.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertSame(inFuture, e.getCause());
        awaitLatch(handled);
        assertEquals(List.of(fromExecute), uncaught, "only the executed task's exception is uncaught");
    }

    @BothPools
    void anInterruptATaskLeavesBehindDoesNotReachTheNextTask(PoolKind kind) throws Exception {
        // the "restore the interrupt" idiom leaves the flag set when a task returns
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        occupy(pool, 1); // so that both tasks below are queued and run back to back
        pool.execute(() -> Thread.currentThread().interrupt());
        Future<Boolean> next = pool.submit(() -> Thread.currentThread().isInterrupted());
        gate.countDown();
        assertEquals(Boolean.FALSE, next.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    @BothPools
    void aTaskMaySubmitToItsOwnPool(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10));
        CountDownLatch innerRan = new CountDownLatch(1);
        Future<Future<?>> outer = pool.submit(() -> pool.submit(innerRan::countDown));
        Future<?> inner = outer.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        awaitLatch(innerRan);
        inner.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
