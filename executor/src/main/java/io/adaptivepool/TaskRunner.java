package io.adaptivepool;

import java.util.concurrent.FutureTask;
import java.util.function.UnaryOperator;

/**
 * Runs one task with the pool's bookkeeping: on a worker, inline in a worker that submitted to its
 * own saturated pool, or in a submitter (CALLER_RUNS). A task that throws is counted failed; on a
 * worker its exception goes to the thread's uncaught-exception handler and the worker lives on; in
 * a submitter it is the submitter's.
 *
 * <p>Timing: a worker reads the clock when a timed task ends; the next timed task starts at that
 * same reading unless the worker waited for work in between ({@link Recorder#waited}), so a busy
 * worker reads the clock once per timed task, not twice. Untimed tasks (metrics off, or outside
 * the sample) read no clock at all: their start is noted with the {@link CoarseClock}.
 */
final class TaskRunner {
    private final PoolEngine pool;

    TaskRunner(PoolEngine pool) {
        this.pool = pool;
    }

    /**
     * Runs a task on a worker. Interrupts follow ThreadPoolExecutor: a stopping pool's worker runs
     * with its interrupt set; otherwise a stray interrupt left by an earlier task is cleared.
     */
    void run(Worker w, Runnable task, Thread me) {
        if (pool.state() >= RunState.STOP) {
            if (!me.isInterrupted()) {
                me.interrupt();
            }
        } else if (Thread.interrupted() && pool.state() >= RunState.STOP) {
            me.interrupt();
        }
        final Recorder r = w.recorder;
        final long stamp = w.stamp;
        final boolean timed = Stamp.isTimed(stamp);
        final int weightShift = Stamp.weightShift(stamp);
        r.begin(CoarseClock.read());
        long start = 0L;
        if (timed) {
            start = r.waited ? System.nanoTime() : r.lastEnd;
            r.waited = false;
            r.recordWait(start - Stamp.time(stamp), weightShift);
        }
        Throwable failure = null;
        try {
            task.run();
        } catch (Throwable t) {
            failure = t;
        }
        boolean failed = failure != null || isFailedFuture(task);
        r.end();
        if (timed) {
            r.lastEnd = recordTimedEnd(r, start, failed, weightShift);
        } else {
            r.count(failed);
            r.waited = true; // no clock reading at this task's end: the next timed task reads its own
        }
        if (failure != null) {
            toUncaughtHandler(me, failure);
        }
    }

    /** A worker runs a task it submitted to its own saturated pool; counted on its recorder. */
    void runInline(Worker w, Runnable task) {
        Throwable failure = runAside(w.recorder, task, false);
        w.recorder.waited = true;
        if (failure != null) {
            toUncaughtHandler(Thread.currentThread(), failure);
        }
    }

    /** CALLER_RUNS: the submitter runs the task; its exception is the submitter's. */
    void runInCaller(Runnable task) {
        Throwable failure = runAside(pool.stats.callers(), task, true);
        if (failure != null) {
            TaskRunner.<RuntimeException>throwUnchecked(failure);
        }
    }

    /**
     * Runs a task outside the worker loop, timed whenever metrics are on, and records it on
     * {@code r} (under its monitor when it is shared by submitters); returns what it threw.
     */
    private Throwable runAside(Recorder r, Runnable task, boolean shared) {
        long start = pool.metricsEnabled ? System.nanoTime() : 0L;
        Throwable failure = null;
        try {
            task.run();
        } catch (Throwable t) {
            failure = t;
        }
        boolean failed = failure != null || isFailedFuture(task);
        if (shared) {
            synchronized (r) {
                recordAside(r, start, failed);
            }
        } else {
            recordAside(r, start, failed);
        }
        return failure;
    }

    private void recordAside(Recorder r, long start, boolean failed) {
        if (pool.metricsEnabled) {
            r.recordWait(0L, 0);
            r.recordDone(System.nanoTime() - start, failed, 0);
        } else {
            r.count(failed);
        }
    }

    /** Reads the clock at a timed task's end and records the task; returns that reading. */
    private long recordTimedEnd(Recorder r, long start, boolean failed, int weightShift) {
        long end = System.nanoTime();
        r.recordDone(end - start, failed, weightShift);
        if (pool.stats.maybeSample(end)) {
            pool.stats.adjustTiming(pool.metricsEnabled);
        }
        return end;
    }

    private static void toUncaughtHandler(Thread me, Throwable failure) {
        try {
            me.getUncaughtExceptionHandler().uncaughtException(me, failure);
        } catch (Throwable ignored) {
            // a throwing handler must not take the worker down
        }
    }

    /** A Future of {@code submit} that completed exceptionally (its run() does not throw). */
    private static boolean isFailedFuture(Runnable task) {
        return task instanceof AdaptiveFuture && ((AdaptiveFuture<?>) task).failed;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * {@code task} as the workers will run it: itself without a decorator (or for null, which the
     * submission refuses); a Future of submit, with its run wrapped; any other task, wrapped.
     */
    static Runnable decorate(UnaryOperator<Runnable> decorator, Runnable task) {
        if (decorator == null || task == null) {
            return task;
        }
        if (task instanceof AdaptiveFuture) {
            ((AdaptiveFuture<?>) task).decorate(decorator);
            return task;
        }
        return decorated(decorator, task);
    }

    private static Runnable decorated(UnaryOperator<Runnable> decorator, Runnable task) {
        Runnable wrapper = decorator.apply(task);
        if (wrapper == null) {
            throw new NullPointerException("taskDecorator returned null for " + task);
        }
        return wrapper;
    }

    /** The Future returned by {@code submit}: a FutureTask that notes whether its task threw. */
    static class AdaptiveFuture<V> extends FutureTask<V> {
        /** Written and read by the thread that runs the task. */
        boolean failed;
        /**
         * The task decorator's wrapper of this Future's own run, or null: written at submission
         * and handed to the running thread with the task (through the queue or a thread start).
         */
        private Runnable decorated;

        AdaptiveFuture(java.util.concurrent.Callable<V> callable) {
            super(callable);
        }

        AdaptiveFuture(Runnable runnable, V result) {
            super(runnable, result);
        }

        void decorate(UnaryOperator<Runnable> decorator) {
            decorated = decorated(decorator, super::run);
        }

        /** Runs the task, through the decorator's wrapper if any; a wrapper that fails or skips the task fails the Future. */
        @Override
        public void run() {
            Runnable wrapper = decorated;
            if (wrapper == null) {
                super.run();
                return;
            }
            try {
                wrapper.run();
            } catch (Throwable t) {
                if (isDone()) {
                    throw t; // after the task: the worker counts and reports it as for execute
                }
                setException(t);
                return;
            }
            if (!isDone()) {
                setException(new IllegalStateException("the taskDecorator's wrapper returned without running the task"));
            }
        }

        @Override
        protected void setException(Throwable t) {
            failed = true;
            super.setException(t);
        }
    }
}
