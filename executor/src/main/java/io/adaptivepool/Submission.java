package io.adaptivepool;

import java.util.concurrent.RejectedExecutionHandler;
import java.util.function.UnaryOperator;

/**
 * A submission from start to end: admission by the engine, the start of the workers it reserved,
 * and, when the pool is saturated or shut down, what the {@link Saturation} mode and the caller's
 * kind of call say: run it in the caller, run it in the worker that submitted it, or refuse it by
 * exception, by the user's handler, or by false.
 */
final class Submission {
    /** maxSubmitWaitNanos when the builder set no maxSubmitWait. */
    static final long UNBOUNDED = -1L;

    private final AdaptivePoolExecutor pool;
    private final PoolEngine engine;
    private final TaskRunner runner;
    final Saturation saturation;
    /** The bound on a BLOCK submission's wait, or UNBOUNDED. */
    final long maxSubmitWaitNanos;
    /** The builder's taskDecorator, or null. */
    private final UnaryOperator<Runnable> taskDecorator;
    /** Set with setRejectedExecutionHandler: replaces the exceptions of refusals when not null. */
    private volatile RejectedExecutionHandler handler;

    Submission(AdaptivePoolExecutor pool, PoolEngine engine, Saturation saturation, long maxSubmitWaitNanos,
            UnaryOperator<Runnable> taskDecorator) {
        this.pool = pool;
        this.engine = engine;
        this.runner = new TaskRunner(engine);
        this.saturation = saturation;
        this.maxSubmitWaitNanos = maxSubmitWaitNanos;
        this.taskDecorator = taskDecorator;
    }

    /* The default handler (an AbortPolicy, as the pool throws) is stored as null: the exceptions. */
    void handler(RejectedExecutionHandler handler) {
        if (handler == null) {
            throw new NullPointerException("handler");
        }
        this.handler = handler == DefaultRejection.INSTANCE ? null : handler;
    }

    RejectedExecutionHandler handler() {
        RejectedExecutionHandler h = handler;
        return h != null ? h : DefaultRejection.INSTANCE;
    }

    /** {@code execute(Runnable)}: when saturated, what the pool's Saturation mode says. */
    void execute(Runnable command) {
        switch (saturation) {
            case REJECT:
                submit(command, 0L, false, true);
                break;
            case CALLER_RUNS:
                submit(command, 0L, true, true);
                break;
            default:
                submit(command, maxSubmitWaitNanos, false, true);
        }
    }

    /*
     * Every submission enters by submit or submitBefore once (the pool's submit, invokeAll and
     * invokeAny reach them through execute, and the timed invokeAll and invokeAny through
     * submitBefore), so the task decorator runs once per task, on the submitting thread, before the
     * engine sees the task. A Future of submit stays itself (the queue, shutdownNow and purge see
     * the Future): only its run goes through the wrapper (TaskDecoratorTest).
     */
    boolean submit(Runnable command, long waitNanos, boolean callerRuns, boolean raise) {
        return submit(TaskRunner.decorate(taskDecorator, command), waitNanos, callerRuns, raise, false);
    }

    /**
     * For a timed invokeAll or invokeAny: submits as {@code execute} does, but in BLOCK mode waits
     * for room no later than {@code deadline}, the call's own; false, without a refusal counted or
     * the handler called, if the deadline came first. The pool's own {@code maxSubmitWait}, when it
     * is the shorter, refuses as it does for {@code execute}.
     */
    boolean submitBefore(Runnable command, long deadline) {
        if (saturation != Saturation.BLOCK) {
            execute(command); // waits for no room
            return true;
        }
        Runnable task = TaskRunner.decorate(taskDecorator, command);
        long left = Math.max(0L, Deadline.left(deadline));
        if (maxSubmitWaitNanos >= 0L && maxSubmitWaitNanos < left) {
            return submit(task, maxSubmitWaitNanos, false, true, false);
        }
        return submit(task, left, false, true, true);
    }

    private boolean submit(Runnable command, long waitNanos, boolean callerRuns, boolean raise, boolean byDeadline) {
        if (command == null) {
            throw new NullPointerException("task");
        }
        boolean mayStart = true;
        /*
         * One deadline for the whole call: a wait resumed after a failed start waits only what is
         * left of it (SubmitWaitDeadlineTest). The clock is read only for a bounded, positive wait.
         */
        long deadline = waitNanos > 0L ? Deadline.after(waitNanos) : 0L;
        long nanos = waitNanos;
        for (;;) {
            Admission a;
            try {
                a = engine.admit(command, engine.preStamp(), nanos, mayStart);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return refuse(command, Refusal.INTERRUPTED, raise);
            }
            if (a.toStart != null) {
                if (engine.startAll(a.toStart) == null) {
                    return true;
                }
                mayStart = false; // its worker could not start: the task is ours again
                if (waitNanos > 0L) {
                    nanos = Math.max(0L, Deadline.left(deadline));
                }
                continue;
            }
            if (a == Admission.ACCEPTED) {
                return true;
            }
            if (a == Admission.SHUT_DOWN) {
                return refuse(command, Refusal.SHUT_DOWN, raise);
            }
            Worker me = engine.currentWorker();
            if (a == Admission.RUN_INLINE && me != null) {
                engine.stats.nestedRun(engine.name);
                runner.runInline(me, command);
                return true;
            }
            if (callerRuns) {
                engine.stats.acceptedDirectly.increment();
                runner.runInCaller(command);
                return true;
            }
            if (a == Admission.NO_WORKER) {
                return refuse(command, Refusal.NO_WORKER, raise);
            }
            if (byDeadline) {
                return false;
            }
            return refuse(command, waitNanos != 0L ? Refusal.WAITED : Refusal.SATURATED, raise);
        }
    }

    /** Why a submission was refused. */
    private enum Refusal { SATURATED, WAITED, INTERRUPTED, NO_WORKER, SHUT_DOWN }

    /** Counts a refusal and tells the submitter, by exception, by the user's handler, or by false. */
    private boolean refuse(Runnable command, Refusal why, boolean raise) {
        boolean shutdown = why == Refusal.SHUT_DOWN;
        (shutdown ? engine.stats.rejectedShutdown : engine.stats.rejectedSaturated).increment();
        if (!raise) {
            return false;
        }
        RejectedExecutionHandler h = handler;
        if (h != null) {
            h.rejectedExecution(command, pool);
            return false;
        }
        if (shutdown) {
            throw new PoolShutdownException("pool '" + engine.name + "' is shut down; task refused");
        }
        if (why == Refusal.NO_WORKER) {
            throw new PoolSaturatedException("pool '" + engine.name + "' could not start a worker thread and has none"
                    + " running; task refused (see threadFactoryFailures)");
        }
        Settings s = engine.settings();
        StringBuilder message = new StringBuilder("pool '").append(engine.name).append("' is saturated: queue full (")
                .append(engine.queue.size()).append('/').append(s.queueCapacity).append("), workers at max (")
                .append(s.maxWorkers).append(')');
        if (why == Refusal.INTERRUPTED) {
            message.append("; interrupted while waiting for room");
        } else if (why == Refusal.WAITED) {
            message.append("; no room within the submit wait");
        }
        throw new PoolSaturatedException(message.toString());
    }
}
