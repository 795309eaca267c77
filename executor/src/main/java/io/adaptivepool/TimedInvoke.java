package io.adaptivepool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code invokeAll} and {@code invokeAny} of {@link ThreadPoolFace}. The timed ones bound every
 * wait, the wait for room to submit included, by the call's own deadline: the inherited ones
 * submit through {@code execute}, which in BLOCK mode may wait for room far past that deadline (an
 * {@code invokeAny(tasks, -1, MILLISECONDS)} on a saturated pool waited for ever). In all four, an
 * interrupt while waiting for room is the caller's {@link InterruptedException}, as an interrupt
 * while waiting for a result is, and cancels the tasks submitted; the inherited untimed ones let
 * it out as the pool's {@link PoolSaturatedException}. Results and exceptions are otherwise as
 * {@link java.util.concurrent.AbstractExecutorService}'s: a zero or negative timeout submits
 * nothing to invokeAll and returns its tasks cancelled, and invokeAny throws
 * {@link TimeoutException} when no task succeeded in time.
 */
final class TimedInvoke {
    /*
     * An untimed call is a call with no deadline: timed is false, deadline is then unused, its
     * tasks are submitted by execute (the pool's own submit wait) and its waits have no limit.
     */
    private TimedInvoke() {
    }

    static <T> List<Future<T>> invokeAll(ThreadPoolFace pool, Collection<? extends Callable<T>> tasks, long timeout,
            TimeUnit unit) throws InterruptedException {
        if (tasks == null || unit == null) {
            throw new NullPointerException();
        }
        return invokeAll(pool, tasks, true, Deadline.after(unit.toNanos(timeout)));
    }

    static <T> List<Future<T>> invokeAll(ThreadPoolFace pool, Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        if (tasks == null) {
            throw new NullPointerException();
        }
        return invokeAll(pool, tasks, false, 0L);
    }

    private static <T> List<Future<T>> invokeAll(ThreadPoolFace pool, Collection<? extends Callable<T>> tasks,
            boolean timed, long deadline) throws InterruptedException {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> task : tasks) {
                futures.add(pool.newTaskFor(task));
            }
            if (submitAll(pool, futures, timed, deadline) && awaitAll(futures, timed, deadline)) {
                return futures;
            }
        } catch (Throwable failure) {
            cancelAll(futures);
            throw failure;
        }
        cancelAll(futures); // the deadline passed: what has not completed is cancelled
        return futures;
    }

    private static <T> boolean submitAll(ThreadPoolFace pool, List<Future<T>> futures, boolean timed, long deadline)
            throws InterruptedException {
        for (Future<T> f : futures) {
            if (timed && Deadline.left(deadline) <= 0L || !submit(pool, (Runnable) f, timed, deadline)) {
                return false;
            }
        }
        return true;
    }

    private static <T> boolean awaitAll(List<Future<T>> futures, boolean timed, long deadline)
            throws InterruptedException {
        for (Future<T> f : futures) {
            if (f.isDone()) {
                continue;
            }
            try {
                if (!timed) {
                    f.get();
                    continue;
                }
                long left = Deadline.left(deadline);
                if (left <= 0L) {
                    return false;
                }
                f.get(left, TimeUnit.NANOSECONDS);
            } catch (CancellationException | ExecutionException ignored) {
                // the Future holds it
            } catch (TimeoutException timedOut) {
                return false;
            }
        }
        return true;
    }

    static <T> T invokeAny(ThreadPoolFace pool, Collection<? extends Callable<T>> tasks,
            long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks == null || unit == null) {
            throw new NullPointerException();
        }
        return invokeAny(pool, tasks, true, Deadline.after(unit.toNanos(timeout)));
    }

    static <T> T invokeAny(ThreadPoolFace pool, Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        if (tasks == null) {
            throw new NullPointerException();
        }
        try {
            return invokeAny(pool, tasks, false, 0L);
        } catch (TimeoutException cannot) {
            throw new AssertionError("an invokeAny without a timeout timed out", cannot);
        }
    }

    private static <T> T invokeAny(ThreadPoolFace pool, Collection<? extends Callable<T>> tasks,
            boolean timed, long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        int notSubmitted = tasks.size();
        if (notSubmitted == 0) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        BlockingQueue<Future<T>> completed = new LinkedBlockingQueue<>();
        List<Future<T>> futures = new ArrayList<>(notSubmitted);
        Iterator<? extends Callable<T>> it = tasks.iterator();
        ExecutionException failure = null;
        try {
            int active = 0;
            for (;;) {
                Future<T> f = completed.poll();
                if (f == null) {
                    if (notSubmitted > 0) {
                        Completing<T> next = new Completing<>(it.next(), completed);
                        futures.add(next);
                        if (!submit(pool, next, timed, deadline)) {
                            throw new TimeoutException();
                        }
                        notSubmitted--;
                        active++;
                        continue;
                    }
                    if (active == 0) {
                        break;
                    }
                    if (!timed) {
                        f = completed.take();
                    } else if ((f = completed.poll(Math.max(0L, Deadline.left(deadline)), TimeUnit.NANOSECONDS)) == null) {
                        throw new TimeoutException();
                    }
                }
                active--;
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    failure = e;
                } catch (RuntimeException e) {
                    failure = new ExecutionException(e);
                }
            }
            throw failure != null ? failure : new ExecutionException("no task completed", null);
        } finally {
            cancelAll(futures);
        }
    }

    /**
     * Submits one task, by the deadline if timed (false if it came first), else as {@code execute}
     * does; an interrupt while waiting for room is the caller's InterruptedException.
     */
    private static boolean submit(ThreadPoolFace pool, Runnable task, boolean timed, long deadline)
            throws InterruptedException {
        try {
            if (timed) {
                return pool.submitBefore(task, deadline);
            }
            pool.execute(task);
            return true;
        } catch (RejectedExecutionException refused) {
            if (Thread.interrupted()) {
                InterruptedException interrupted = new InterruptedException("interrupted while waiting for room");
                interrupted.initCause(refused);
                throw interrupted;
            }
            throw refused;
        }
    }

    private static <T> void cancelAll(List<Future<T>> futures) {
        for (Future<T> f : futures) {
            f.cancel(true);
        }
    }

    /** A task of invokeAny: on completion, it queues itself for the caller to look at. */
    private static final class Completing<V> extends TaskRunner.AdaptiveFuture<V> {
        private final BlockingQueue<Future<V>> completed;

        Completing(Callable<V> task, BlockingQueue<Future<V>> completed) {
            super(task);
            this.completed = completed;
        }

        @Override
        protected void done() {
            completed.add(this);
        }
    }
}
