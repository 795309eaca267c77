package io.adaptivepool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A bounded worker pool whose workers scale between a minimum and a maximum on queue pressure,
 * with explicit backpressure and a graceful, accounted shutdown. A drop-in
 * {@link java.util.concurrent.ExecutorService}, and a {@link ThreadPoolExecutor} for code and
 * tools that expect one.
 *
 * <pre>{@code
 * AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder()
 *     .name("orders").minWorkers(4).maxWorkers(32).queueCapacity(5000)
 *     .saturation(Saturation.BLOCK).maxSubmitWait(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <h2>Design</h2>
 *
 * <p>Engine: the JDK's {@link ThreadPoolExecutor} runs the workers (proven code for worker
 * lifecycle, interrupts and termination); this class steers it through the queue it is given, as
 * Tomcat's {@code TaskQueue} does. {@code corePoolSize} is {@code minWorkers},
 * {@code maximumPoolSize} is {@code maxWorkers}, keep-alive is {@code scaleDownIdle}.
 *
 * <p>Submission: {@code execute} hands the task itself to {@code ThreadPoolExecutor.execute}; the
 * queue keeps when each task was queued beside it and gives a worker its task in the worker's
 * reusable {@link WorkerSlot}, so the pool adds no allocation per task. The queue's {@code offer}
 * answers "start a worker instead" when the queue is full or the {@link ScalingPolicy} wants more
 * workers. When the executor cannot
 * add one (max reached), its rejection handler queues the task if there is room (a worker could
 * not be started, say) and otherwise throws a preallocated signal that sends the submission to the
 * saturation path: wait for room (BLOCK), refuse (REJECT, fail-fast), or run in the caller
 * (CALLER_RUNS). Refusals count and allocate nothing that outlives the call.
 *
 * <p>Scaling: decided on the submission path, never on a timer. A submission that finds the
 * queue at or above the threshold, with no idle worker, asks the policy; a doubling step is
 * started at once by briefly raising the core size (which makes the executor start workers for
 * queued tasks) and lowering it back. A full queue adds a worker at once, cooldown or not. Idle
 * workers above the floor wait {@code scaleDownIdle}, then ask the policy, which spaces
 * retirements by the cooldown; the executor itself never retires a worker below
 * {@code corePoolSize}, so the pool never drops under min.
 *
 * <p>Concurrency: knobs are volatile and written under {@code configLock}, which also serialises
 * every change of the executor's core size; the policy is guarded by its own monitor and consulted
 * only under pressure. The queue's lock is never held while taking the executor's main lock (the
 * executor takes them in the other order when it drains the queue on {@code shutdownNow}).
 *
 * <p>Failures: a task that throws is counted as failed; the worker survives and the exception
 * goes to the worker thread's uncaught-exception handler ({@code execute}) or into the
 * {@link Future} ({@code submit}). The exception: a task handed straight to a new worker as its
 * first task runs in the executor's own loop, and if it throws, that worker ends and another
 * starts in its place, as in ThreadPoolExecutor (counted as neither scale-down nor scale-up). A
 * thread factory that throws, returns null, or whose thread cannot start is counted; the pool
 * runs on with the workers it has.
 *
 * <p>Accounting: every accepted task is at any moment queued, running, processed, or dropped
 * (returned by {@link #shutdownNow()}, listed by {@link #shutdownGracefully(Duration)}, removed by
 * {@link #remove(Runnable)} or {@link #purge()}); see {@link PoolMetrics}.
 */
public final class AdaptivePoolExecutor extends ThreadPoolExecutor {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final long UNBOUNDED = -1L;
    private static final long SHUTDOWN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * The logger, created on first use: java.util.logging is not touched until there is something
     * to say, so a pool built early (by the agent, say) does not initialise JUL before an
     * application server installs its own log manager.
     */
    private static final class Log {
        static final Logger LOG = Logger.getLogger(AdaptivePoolExecutor.class.getName());
    }

    /** How a worker runs a task: from the queue, or one it waits for that is still queued. */
    static final int ON_WORKER = 0;
    static final int NESTED = 2;

    private final String name;
    private final Saturation saturation;
    private final long maxSubmitWaitNanos;
    private final boolean metricsEnabled;
    private final WorkQueue queue;
    private final WorkerFactory workerFactory;
    private final PoolStats stats;
    /** Each worker thread's own slot (see {@link WorkerSlot}); empty on other threads. */
    private final ThreadLocal<WorkerSlot> slots = new ThreadLocal<>();
    /** Guarded by its own monitor. */
    private final ScalingPolicy policy;
    /** Serialises knob changes and every change of the executor's core size. */
    private final ReentrantLock configLock = new ReentrantLock();
    /** Threads that ran as workers and may still be alive; pruned as workers start, joined on termination. */
    private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
    private final List<Runnable> terminationListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean factoryFailureLogged = new AtomicBoolean();
    private final AtomicBoolean nestedRunLogged = new AtomicBoolean();

    private volatile int minWorkers;
    private volatile int maxWorkers;
    private volatile double scaleUpThreshold;
    /** The smallest queue depth at or above the threshold: ceil(threshold * capacity). */
    private volatile int thresholdDepth;
    private volatile Duration scaleCooldown;
    private volatile Duration scaleDownIdle;
    private volatile RejectedExecutionHandler userRejectionHandler;
    private volatile int stallWorkers;
    private volatile Duration stallTimeout;

    private AdaptivePoolExecutor(Builder b, String name, int maxWorkers, WorkQueue queue, WorkerFactory factory) {
        super(b.minWorkers, maxWorkers, Config.nanos(b.scaleDownIdle), TimeUnit.NANOSECONDS, queue, factory,
                SIGNALLING_HANDLER);
        this.name = name;
        this.saturation = b.saturation;
        this.maxSubmitWaitNanos = b.maxSubmitWait == null ? UNBOUNDED : Config.nanos(b.maxSubmitWait);
        this.metricsEnabled = b.metricsEnabled;
        this.queue = queue;
        this.workerFactory = factory;
        this.stats = new PoolStats(System.nanoTime());
        this.policy = new ScalingPolicy(b.ticker, b.minWorkers, maxWorkers, b.scaleUpThreshold,
                Config.nanos(b.scaleCooldown));
        this.minWorkers = b.minWorkers;
        this.maxWorkers = maxWorkers;
        this.scaleUpThreshold = b.scaleUpThreshold;
        this.thresholdDepth = depthFor(b.scaleUpThreshold, b.queueCapacity);
        this.scaleCooldown = b.scaleCooldown;
        this.scaleDownIdle = b.scaleDownIdle;
        this.stallWorkers = b.stallWorkers;
        this.stallTimeout = b.stallTimeout;
        queue.attach(this, b.metricsEnabled);
        factory.attach(this);
    }

    /** A builder with every default: see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- submission -------------------------------------------------------------------------

    /**
     * Runs the task on a worker, or follows the {@link Saturation} mode when the queue is full and
     * no worker can be added.
     *
     * @throws PoolSaturatedException when saturated and the mode refuses (REJECT, or BLOCK after
     *     {@code maxSubmitWait} or an interrupt)
     * @throws PoolShutdownException after shutdown
     * @throws NullPointerException if {@code command} is null
     */
    @Override
    public void execute(Runnable command) {
        switch (saturation) {
            case REJECT:
                submitJob(command, 0L, false, true);
                break;
            case CALLER_RUNS:
                submitJob(command, 0L, true, true);
                break;
            default:
                submitJob(command, maxSubmitWaitNanos, false, true);
        }
    }

    /**
     * Runs the task on a worker, waiting at most {@code maxWait} for room when saturated, whatever
     * the pool's {@link Saturation} mode. {@link Duration#ZERO} is a deterministic fail-fast: the
     * task is accepted exactly when there is room in the queue or a worker can be added.
     *
     * @throws PoolSaturatedException when there was no room within {@code maxWait}, or the wait was
     *     interrupted (the interrupt flag is then set again)
     * @throws PoolShutdownException after shutdown
     * @throws IllegalArgumentException if {@code maxWait} is null or negative
     */
    public void execute(Runnable command, Duration maxWait) {
        submitJob(command, Config.nanos(Config.notNegative("maxWait", maxWait)), false, true);
    }

    /**
     * Submits the task, waiting at most {@code maxWait} for room when saturated (see
     * {@link #execute(Runnable, Duration)}).
     *
     * @return a Future for the result
     * @throws PoolSaturatedException when there was no room within {@code maxWait}
     * @throws PoolShutdownException after shutdown
     */
    public <T> Future<T> submit(Callable<T> task, Duration maxWait) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        long waitNanos = Config.nanos(Config.notNegative("maxWait", maxWait));
        RunnableFuture<T> future = newTaskFor(task);
        submitJob(future, waitNanos, false, true);
        return future;
    }

    /**
     * Runs the task if it can be accepted at once: there is room in the queue or a worker can be
     * added. Never waits and never throws for overload or shutdown; a refusal is counted in
     * {@link PoolMetrics#jobsRejected()}.
     *
     * @return true if the task was accepted
     */
    public boolean tryExecute(Runnable command) {
        return submitJob(command, 0L, false, false);
    }

    private boolean submitJob(Runnable command, long waitNanos, boolean callerRuns, boolean raise) {
        if (command == null) {
            throw new NullPointerException("task");
        }
        boolean waiting = false;
        long deadline = 0L;
        for (;;) {
            try {
                super.execute(command);
                return true; // counted by the queue, or by beforeExecute for a new worker's first task
            } catch (SaturationSignal saturated) {
                // the queue is full and no worker could be added: fall through
            } catch (PoolShutdownException refused) {
                return refuse(command, true, raise, waiting, false);
            } catch (RuntimeException | Error threadNotStarted) {
                // the new worker's thread did not start ("unable to create native thread", or a
                // factory that handed out a started thread): the executor has already undone it
                onThreadFactoryFailure(threadNotStarted, true);
                try {
                    if (queueWithoutWorker(command)) {
                        return true;
                    }
                } catch (PoolShutdownException refused) {
                    return refuse(command, true, raise, waiting, false);
                }
            }
            if (isShutdown()) {
                return refuse(command, true, raise, waiting, false);
            }
            if (callerRuns) {
                stats.acceptedDirectly.increment();
                runOnSharedRecorder(command, true);
                return true;
            }
            long remaining = UNBOUNDED;
            if (waitNanos == 0L) {
                return refuse(command, false, raise, false, false);
            }
            WorkerSlot slot = waiting ? null : slots.get();
            if (slot != null) {
                // a worker of this pool would wait for room that only this pool's workers can
                // make: if they all did, none would ever come. It runs the task itself instead.
                stats.acceptedDirectly.increment();
                noteNestedRun();
                runTask(slot.recorder, command, metricsEnabled ? Stamp.of(System.nanoTime(), 0) : Stamp.UNTIMED, NESTED);
                return true;
            } else if (waitNanos > 0L) {
                if (!waiting) {
                    deadline = System.nanoTime() + waitNanos;
                }
                remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    queue.passOnWakeUp();
                    return refuse(command, false, raise, true, false);
                }
            }
            waiting = true;
            try {
                if (!queue.awaitRoom(remaining)) {
                    queue.passOnWakeUp();
                    return refuse(command, false, raise, true, false);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return refuse(command, false, raise, true, true);
            }
        }
    }

    /** Counts a refusal and tells the submitter, by exception, by the user's handler, or by false. */
    private boolean refuse(Runnable command, boolean shutdown, boolean raise, boolean waited, boolean interrupted) {
        (shutdown ? stats.rejectedShutdown : stats.rejectedSaturated).increment();
        if (!raise) {
            return false;
        }
        RejectedExecutionHandler handler = userRejectionHandler;
        if (handler != null) {
            handler.rejectedExecution(command, this);
            return false;
        }
        if (shutdown) {
            throw new PoolShutdownException("pool '" + name + "' is shut down; task refused");
        }
        StringBuilder message = new StringBuilder("pool '").append(name).append("' is saturated: queue full (")
                .append(queue.size()).append('/').append(queue.capacity()).append("), workers at max (")
                .append(maxWorkers).append(')');
        if (interrupted) {
            message.append("; interrupted while waiting for room");
        } else if (waited) {
            message.append("; no room within the submit wait");
        }
        throw new PoolSaturatedException(message.toString());
    }

    /**
     * Called by the executor when it would reject: at shutdown, or when no worker could be added.
     * Queues the task if there is room, else signals saturation to {@link #submitJob}.
     */
    private void onExecutorRejected(Runnable command) {
        if (isShutdown()) {
            throw new PoolShutdownException("pool '" + name + "' is shut down; task refused");
        }
        if (!queueWithoutWorker(command)) {
            throw SaturationSignal.INSTANCE;
        }
    }

    /** Queues a task that could not get a new worker, undoing it if the pool shut down meanwhile. */
    private boolean queueWithoutWorker(Runnable command) {
        if (!queue.forceOffer(command)) {
            return false;
        }
        if (isShutdown() && queue.removeTask(command) != WorkQueue.NOT_QUEUED) {
            stats.takenBack.increment();
            throw new PoolShutdownException("pool '" + name + "' is shut down; task refused");
        }
        return true;
    }

    private static final RejectedExecutionHandler SIGNALLING_HANDLER =
            (task, executor) -> ((AdaptivePoolExecutor) executor).onExecutorRejected(task);

    /** Thrown by the rejection handler to {@link #submitJob}; preallocated, no stack trace. */
    private static final class SaturationSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final SaturationSignal INSTANCE = new SaturationSignal();

        private SaturationSignal() {
            super("saturated", null, false, false);
        }
    }

    // ---- running ------------------------------------------------------------------------------

    /**
     * Runs a task on a worker thread: a queued task from the worker's slot ({@code ON_WORKER}), or
     * a task of this pool the worker runs itself rather than wait for it ({@code NESTED}). A task
     * that throws is counted failed and its exception goes to the thread's uncaught-exception
     * handler; the worker lives on.
     */
    void runTask(Recorder r, Runnable task, long stamp, int mode) {
        final boolean timed = stamp != Stamp.UNTIMED;
        final int weightShift = Stamp.weightShift(stamp);
        if (mode == ON_WORKER) {
            r.running(true);
        }
        long start = 0L;
        if (timed) {
            // a worker that did not wait since its last timed task starts this one at that task's end
            start = (mode == ON_WORKER && !r.waited) ? r.lastEnd : System.nanoTime();
            if (mode == ON_WORKER) {
                r.waited = false;
            }
            r.recordWait(start - Stamp.time(stamp), weightShift);
        }
        Throwable failure = null;
        try {
            task.run();
        } catch (Throwable t) {
            failure = t;
        }
        boolean failed = failure != null || isFailedFuture(task);
        if (mode == ON_WORKER) {
            r.running(false);
        }
        if (timed) {
            long end = recordTimedEnd(r, start, failed, weightShift);
            if (mode == ON_WORKER) {
                r.lastEnd = end;
            }
        } else {
            r.count(failed);
            if (mode == ON_WORKER) {
                r.waited = true; // no clock reading at this task's end: the next timed task reads its own
            }
        }
        if (failure != null) {
            Thread me = Thread.currentThread();
            try {
                me.getUncaughtExceptionHandler().uncaughtException(me, failure);
            } catch (Throwable ignored) {
                // a throwing handler must not take the worker down
            }
        }
    }

    /**
     * After a queued task, its worker runs the next queued ones itself while there are any, rather
     * than go back through ThreadPoolExecutor's loop for each (its worker lock, interrupt checks and
     * hooks, and the queue's look-up of the worker's slot). It goes back to that loop, which then
     * waits, retires or stops as usual, once the queue is empty, the pool is shut down, the thread
     * is interrupted (that loop clears a stray interrupt before the next task, or stops) or the
     * pool has more workers than its max.
     */
    void runQueued(WorkerSlot slot) {
        final Thread me = Thread.currentThread();
        while (!isShutdown() && !me.isInterrupted() && stats.threads.get() <= maxWorkers && queue.takeNow(slot)) {
            slot.runLoaded();
        }
    }

    /**
     * A task the executor hands a new worker directly (its first task) runs without the worker's
     * slot: these two hooks do its bookkeeping. If it throws, the executor lets that worker end and
     * starts another, as ThreadPoolExecutor does; the exception reaches the uncaught-exception
     * handler all the same.
     */
    @Override
    protected void beforeExecute(Thread t, Runnable task) {
        WorkerSlot slot = firstTaskSlot(task);
        if (slot == null) {
            return;
        }
        stats.acceptedDirectly.increment(); // accepted as this worker's first task, not through the queue
        Recorder r = slot.recorder;
        r.running(true);
        if (metricsEnabled) {
            long start = System.nanoTime();
            slot.firstTaskStart = start;
            r.waited = false;
            r.recordWait(start - slot.createdAt, 0);
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        WorkerSlot slot = firstTaskSlot(task);
        if (slot == null) {
            return;
        }
        Recorder r = slot.recorder;
        boolean failed = failure != null || isFailedFuture(task);
        r.running(false);
        if (metricsEnabled) {
            r.lastEnd = recordTimedEnd(r, slot.firstTaskStart, failed, 0);
        } else {
            r.count(failed);
        }
        if (failure != null) {
            // the executor ends this worker and starts another in its place: neither is scaling.
            // It leaves the pool now, before the executor counts it out and admits another (its
            // thread ends a moment later), so the workers counted never exceed max.
            slot.diedOfTask = true;
            stats.dyingOfTask.incrementAndGet();
            stats.live.decrementAndGet();
            stats.replacing.incrementAndGet();
        }
    }

    /** Reads the clock at a timed task's end and records the task; returns that reading. */
    private long recordTimedEnd(Recorder r, long start, boolean failed, int weightShift) {
        long end = System.nanoTime();
        r.recordDone(end - start, failed, weightShift);
        if (stats.maybeSample(end)) {
            adjustTiming();
        }
        return end;
    }

    /** The running worker's slot if {@code task} is a first task the executor runs directly, else null. */
    private WorkerSlot firstTaskSlot(Runnable task) {
        return task instanceof WorkerSlot ? null : slots.get();
    }

    /** CALLER_RUNS: the submitter runs the task; its exception is the submitter's. */
    private void runOnSharedRecorder(Runnable task, boolean rethrow) {
        final boolean timed = metricsEnabled;
        long start = timed ? System.nanoTime() : 0L;
        Throwable failure = null;
        try {
            task.run();
        } catch (Throwable t) {
            failure = t;
        }
        boolean failed = failure != null || isFailedFuture(task);
        Recorder r = stats.callers();
        synchronized (r) {
            if (timed) {
                r.recordWait(0L, 0);
                r.recordDone(System.nanoTime() - start, failed, 0);
            } else {
                r.count(failed);
            }
        }
        if (failure != null) {
            if (rethrow) {
                throwUnchecked(failure);
            }
            Thread me = Thread.currentThread();
            me.getUncaughtExceptionHandler().uncaughtException(me, failure);
        }
    }

    private static boolean isFailedFuture(Runnable task) {
        return task instanceof AdaptiveFuture && ((AdaptiveFuture<?>) task).failed;
    }

    /** This pool's slot of the calling thread if it is one of the pool's workers, else null. */
    WorkerSlot currentSlot() {
        return slots.get();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }

    /** A worker waits for a task of this pool that is still queued: run it here rather than deadlock. */
    void runNested(AdaptiveFuture<?> future) {
        WorkerSlot slot = slots.get();
        if (slot == null) {
            return;
        }
        long stamp = queue.removeTask(future);
        if (stamp == WorkQueue.NOT_QUEUED) {
            return;
        }
        noteNestedRun();
        runTask(slot.recorder, future, stamp, NESTED);
    }

    /**
     * A busy pool with metrics times a sample of its tasks: more than this many a second and at
     * most twice as many. Slower pools time every task.
     */
    static final double TIMED_PER_SECOND = 5_000;
    /** The sparsest sample: one task in 2^20. */
    static final int MAX_TIMING_SHIFT = 20;

    /**
     * The sample for a task rate: the smallest k for which one task in 2^k makes at most
     * 2 x {@link #TIMED_PER_SECOND} timed tasks a second (0, every task, up to that rate).
     */
    static int timingShiftFor(double tasksPerSecond) {
        int k = 0;
        while (k < MAX_TIMING_SHIFT && tasksPerSecond > 2 * TIMED_PER_SECOND * (1L << k)) {
            k++;
        }
        return k;
    }

    /**
     * The sample to switch to from {@code current} at this rate: a sparser one as soon as the rate
     * calls for it, a denser one only once the rate has halved beyond that (hysteresis).
     */
    static int nextTimingShift(int current, double tasksPerSecond) {
        int wanted = timingShiftFor(tasksPerSecond);
        if (wanted > current) {
            return wanted;
        }
        int relaxed = timingShiftFor(2 * tasksPerSecond);
        return relaxed < current ? relaxed : current;
    }

    /**
     * Sets the timing sample from the task rate of the last second or so. Reading the clock costs
     * tens of nanoseconds alone, and more in a busy worker, where it waits for the hand-off's
     * contended memory: on 2 cores, timing one task in 16 still cost 15% of the throughput of 1 µs
     * tasks, one in 256 nothing measurable. A sample of 5,000 to 10,000 tasks a second is plenty
     * for the histograms at any rate.
     */
    private void adjustTiming() {
        if (!metricsEnabled) {
            return;
        }
        int shift = queue.timingShift();
        int next = nextTimingShift(shift, stats.recentRate());
        if (next != shift) {
            queue.setTimingShift(next);
        }
    }

    private void noteNestedRun() {
        stats.nestedRunsInline.increment();
        if (nestedRunLogged.compareAndSet(false, true)) {
            Log.LOG.info("pool '" + name + "': a worker needed a task of its own pool to run and no other worker"
                    + " could take it (nested submit-and-wait, or a submission that would block a saturated pool from"
                    + " inside it), so it ran the task itself; further cases are counted in nestedRunsInline");
        }
    }

    /** The body of every worker thread, around the executor's own worker loop. */
    void workerBody(Runnable executorWorker, long createdAt) {
        Thread me = Thread.currentThread();
        workerThreads.removeIf(t -> !t.isAlive());
        workerThreads.add(me);
        boolean replacement = stats.takeReplacement();
        int live = stats.live.incrementAndGet();
        stats.notePeak(live);
        if (live > minWorkers && !replacement) {
            stats.scaleUps.increment();
        }
        WorkerSlot slot = new WorkerSlot(this, stats.workerStarted(), createdAt);
        slots.set(slot);
        try {
            executorWorker.run();
        } finally {
            slots.remove();
            stats.workerEnded(slot.recorder);
            if (!slot.diedOfTask) {
                stats.live.decrementAndGet();
            } else {
                stats.dyingOfTask.decrementAndGet(); // the executor has dropped it from its pool by now
            }
            stats.threads.decrementAndGet();
            if (!slot.diedOfTask && !isShutdown()) {
                stats.scaleDowns.increment();
            }
            queue.wakeBlockedSubmitters();
        }
    }

    void onThreadFactoryFailure(Throwable failure, boolean threadWasCounted) {
        if (threadWasCounted) {
            stats.threads.decrementAndGet();
        }
        stats.threadFactoryFailures.increment();
        if (factoryFailureLogged.compareAndSet(false, true)) {
            Log.LOG.log(Level.WARNING, "pool '" + name + "': could not start a worker thread ("
                    + (failure == null ? "the thread factory returned null" : failure.toString())
                    + "); running on with " + stats.threads.get()
                    + " workers; further failures are counted in threadFactoryFailures", failure);
        } else if (Log.LOG.isLoggable(Level.FINE)) {
            Log.LOG.log(Level.FINE, "pool '" + name + "': could not start a worker thread", failure);
        }
    }

    // ---- scaling ------------------------------------------------------------------------------

    /**
     * Asked by the queue for a submission that finds {@code queued} tasks waiting, room, and no
     * more than {@code queued} idle workers (so the task would wait): 0 to queue it, -1 to start a worker for it directly, or a number of workers to start now
     * for the queued tasks, after queueing it.
     */
    int workersToAdd(int queued, int idle) {
        int threads = stats.threads.get();
        if (threads >= maxWorkers) {
            return 0;
        }
        double threshold = scaleUpThreshold;
        if (threshold > 0.0 && queued < thresholdDepth) {
            return 0;
        }
        int add;
        synchronized (policy) {
            add = policy.workersToAdd(threads, idle, queued, queue.capacity());
        }
        if (add == 0) {
            return 0;
        }
        return threshold == 0.0 ? -1 : add;
    }

    /**
     * Starts up to {@code count} workers now, for queued tasks, by raising the executor's core
     * size for a moment (it starts a worker per queued task up to the new size) and restoring it.
     * Skipped if another thread is changing the pool's size at this moment.
     */
    void growNow(int count) {
        if (count <= 0 || !configLock.tryLock()) {
            return;
        }
        try {
            if (isShutdown()) {
                return;
            }
            int target = Math.min(maxWorkers, stats.threads.get() + count);
            int min = minWorkers;
            if (target > min) {
                try {
                    super.setCorePoolSize(target);
                } catch (RuntimeException | Error threadNotStarted) {
                    onThreadFactoryFailure(threadNotStarted, true);
                } finally {
                    super.setCorePoolSize(min);
                }
            }
        } finally {
            configLock.unlock();
        }
    }

    /**
     * Asked by an idle worker whose wait for work timed out: 0 to retire now, else how long to keep
     * waiting for work before asking again (see {@link ScalingPolicy#retire(int)}). Counts every
     * worker thread made, started or not, as the executor does: a count that missed threads still
     * starting could let a worker leave while the executor still needs it, stranding queued tasks.
     * At the floor the worker simply waits another idle period.
     */
    long idleWorkerMayRetire() {
        if (isShutdown()) {
            return 0L;
        }
        long decision;
        synchronized (policy) {
            decision = policy.retire(stats.threads.get());
        }
        return decision >= 0L ? decision : Math.max(1L, getKeepAliveTime(TimeUnit.NANOSECONDS));
    }

    /** Cheap: false when the pool is at max, so a submission need not consult the scaling policy. */
    boolean mayAddWorker() {
        return stats.threads.get() < maxWorkers;
    }

    boolean workersAtMax() {
        return stats.threads.get() >= maxWorkers;
    }

    private static int depthFor(double threshold, int capacity) {
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(threshold * capacity));
    }

    // ---- live knobs -------------------------------------------------------------------------

    /** The pool's name, from the builder; worker threads are named after it. */
    public String getName() {
        return name;
    }

    /** The minimum number of workers kept alive while the pool runs (same as {@link #getCorePoolSize()}). */
    public int getMinWorkers() {
        return minWorkers;
    }

    /**
     * Sets the minimum number of workers; raising it starts the missing workers at once.
     *
     * @throws IllegalArgumentException if negative or above maxWorkers; nothing changes then
     */
    public void setMinWorkers(int minWorkers) {
        Config.minWorkers(minWorkers);
        configLock.lock();
        try {
            Config.minNotAboveMax(minWorkers, maxWorkers, true);
            super.setCorePoolSize(minWorkers);
            this.minWorkers = minWorkers;
            synchronized (policy) {
                policy.setMinWorkers(minWorkers);
            }
            if (!isShutdown()) {
                try {
                    prestartAllCoreThreads();
                } catch (RuntimeException | Error threadNotStarted) {
                    onThreadFactoryFailure(threadNotStarted, true);
                }
            }
        } finally {
            configLock.unlock();
        }
    }

    /** The maximum number of workers (same as {@link #getMaximumPoolSize()}). */
    public int getMaxWorkers() {
        return maxWorkers;
    }

    /**
     * Sets the maximum number of workers. Raising it starts workers for queued tasks at once and
     * wakes blocked submitters; lowering it retires the extra workers as they finish their current
     * task.
     *
     * @throws IllegalArgumentException if below 1 or below minWorkers; nothing changes then
     */
    public void setMaxWorkers(int maxWorkers) {
        Config.maxWorkers(maxWorkers);
        int raisedBy;
        configLock.lock();
        try {
            Config.minNotAboveMax(minWorkers, maxWorkers, false);
            raisedBy = maxWorkers - this.maxWorkers;
            super.setMaximumPoolSize(maxWorkers);
            this.maxWorkers = maxWorkers;
            synchronized (policy) {
                policy.setMaxWorkers(maxWorkers);
            }
        } finally {
            configLock.unlock();
        }
        if (raisedBy > 0) {
            growNow(Math.min(raisedBy, queue.size()));
            queue.wakeBlockedSubmitters();
        }
    }

    /** The queue's capacity. */
    public int getQueueCapacity() {
        return queue.capacity();
    }

    /**
     * Sets the queue's capacity. Shrinking below the present depth drops nothing: new tasks are
     * refused (or wait) until the depth falls under the new capacity.
     *
     * @throws IllegalArgumentException if below 1; nothing changes then
     */
    public void setQueueCapacity(int queueCapacity) {
        Config.queueCapacity(queueCapacity);
        configLock.lock();
        try {
            queue.setCapacity(queueCapacity);
            thresholdDepth = depthFor(scaleUpThreshold, queueCapacity);
        } finally {
            configLock.unlock();
        }
    }

    /** The queue fill ratio, in [0, 1], at or above which submissions scale the pool up; 0 is eager. */
    public double getScaleUpThreshold() {
        return scaleUpThreshold;
    }

    /**
     * Sets the scale-up threshold.
     *
     * @throws IllegalArgumentException if NaN or outside [0, 1]; nothing changes then
     */
    public void setScaleUpThreshold(double scaleUpThreshold) {
        Config.scaleUpThreshold(scaleUpThreshold);
        configLock.lock();
        try {
            synchronized (policy) {
                policy.setThreshold(scaleUpThreshold);
            }
            this.thresholdDepth = depthFor(scaleUpThreshold, queue.capacity());
            this.scaleUpThreshold = scaleUpThreshold;
        } finally {
            configLock.unlock();
        }
    }

    /** The minimum spacing between threshold-driven scale-up steps, and between retirements. */
    public Duration getScaleCooldown() {
        return scaleCooldown;
    }

    /**
     * Sets the cooldown; the next decision uses it.
     *
     * @throws IllegalArgumentException if null or negative; nothing changes then
     */
    public void setScaleCooldown(Duration scaleCooldown) {
        Config.notNegative("scaleCooldown", scaleCooldown);
        configLock.lock();
        try {
            synchronized (policy) {
                policy.setCooldownNanos(Config.nanos(scaleCooldown));
            }
            this.scaleCooldown = scaleCooldown;
        } finally {
            configLock.unlock();
        }
    }

    /** How long a worker above the minimum stays idle before it may retire (the keep-alive time). */
    public Duration getScaleDownIdle() {
        return scaleDownIdle;
    }

    /**
     * Sets the idle time; idle workers re-arm their wait with it at once.
     *
     * @throws IllegalArgumentException if null, zero or negative; nothing changes then
     */
    public void setScaleDownIdle(Duration scaleDownIdle) {
        Config.positive("scaleDownIdle", scaleDownIdle);
        configLock.lock();
        try {
            super.setKeepAliveTime(Config.nanos(scaleDownIdle), TimeUnit.NANOSECONDS);
            this.scaleDownIdle = scaleDownIdle;
        } finally {
            configLock.unlock();
        }
    }

    /** The most workers the stall guard may add above {@code maxWorkers}; 0 when the guard is off. */
    public int getStallWorkers() {
        return stallWorkers;
    }

    /**
     * Sets the stall guard's allowance above {@code maxWorkers}; 0 turns the guard off (workers
     * it added retire as they go idle).
     *
     * @throws IllegalArgumentException if negative; nothing changes then
     */
    public void setStallWorkers(int stallWorkers) {
        this.stallWorkers = Config.stallWorkers(stallWorkers);
    }

    /** How long queued tasks may see no task start before the pool counts a stall. */
    public Duration getStallTimeout() {
        return stallTimeout;
    }

    /**
     * Sets the stall timeout.
     *
     * @throws IllegalArgumentException if null, zero or negative; nothing changes then
     */
    public void setStallTimeout(Duration stallTimeout) {
        this.stallTimeout = Config.positive("stallTimeout", stallTimeout);
    }

    /** What submissions do when saturated. */
    public Saturation getSaturation() {
        return saturation;
    }

    /** The bound on a BLOCK submission's wait; empty when unbounded. */
    public Optional<Duration> getMaxSubmitWait() {
        return maxSubmitWaitNanos == UNBOUNDED ? Optional.empty() : Optional.of(Duration.ofNanos(maxSubmitWaitNanos));
    }

    /** Whether execution-time and queue-wait timings are recorded. Counters are kept either way. */
    public boolean isMetricsEnabled() {
        return metricsEnabled;
    }

    // ---- ThreadPoolExecutor face --------------------------------------------------------------

    /** Same as {@link #setMinWorkers(int)}. */
    @Override
    public void setCorePoolSize(int corePoolSize) {
        setMinWorkers(corePoolSize);
    }

    /** Same as {@link #getMinWorkers()}. */
    @Override
    public int getCorePoolSize() {
        return minWorkers;
    }

    /** Same as {@link #setMaxWorkers(int)}. */
    @Override
    public void setMaximumPoolSize(int maximumPoolSize) {
        setMaxWorkers(maximumPoolSize);
    }

    /** Same as {@link #setScaleDownIdle(Duration)}. */
    @Override
    public void setKeepAliveTime(long time, TimeUnit unit) {
        setScaleDownIdle(Duration.ofNanos(unit.toNanos(time)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>With {@code true}, idle workers may retire below {@code minWorkers}, down to none, still
     * spaced by the cooldown (as {@code ThreadPoolExecutor} does; HikariCP relies on it).
     */
    @Override
    public void allowCoreThreadTimeOut(boolean value) {
        configLock.lock();
        try {
            super.allowCoreThreadTimeOut(value);
            synchronized (policy) {
                policy.setCoreMayRetire(value);
            }
        } finally {
            configLock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The pool keeps its own factory in front of this one, so that a factory that throws or
     * returns null is survived and worker threads are tracked; {@link #getThreadFactory()} returns
     * that front, which makes threads with this factory for any other caller.
     */
    @Override
    public void setThreadFactory(ThreadFactory threadFactory) {
        if (threadFactory == null) {
            throw new NullPointerException("threadFactory");
        }
        workerFactory.delegate = threadFactory;
    }

    /**
     * Sets a handler that replaces the exceptions of refused submissions: when set, a refused
     * {@code execute} or {@code submit} calls it (after counting the refusal) instead of throwing
     * {@link PoolSaturatedException} or {@link PoolShutdownException}. {@link #tryExecute} never
     * calls it.
     */
    @Override
    public void setRejectedExecutionHandler(RejectedExecutionHandler handler) {
        if (handler == null) {
            throw new NullPointerException("handler");
        }
        userRejectionHandler = handler;
    }

    /** The handler set with {@link #setRejectedExecutionHandler}, or one that throws as the pool does. */
    @Override
    public RejectedExecutionHandler getRejectedExecutionHandler() {
        RejectedExecutionHandler handler = userRejectionHandler;
        return handler != null ? handler : (task, executor) -> {
            throw new PoolSaturatedException("pool '" + name + "' refused the task");
        };
    }

    /**
     * {@inheritDoc} A removed task counts as dropped, except one the executor itself takes back
     * out of the queue because the pool shut down while it was being queued: that task is refused
     * (the submitter gets {@link PoolShutdownException}) and counts as refused only.
     */
    @Override
    public boolean remove(Runnable task) {
        boolean removed = super.remove(task);
        if (removed) {
            if (isShutdown() && calledByExecutorRecheck()) {
                stats.takenBack.increment(); // refused: not submitted after all
            } else {
                stats.dropped.increment();
            }
        }
        return removed;
    }

    /**
     * True if the caller of {@link #remove(Runnable)} is {@code ThreadPoolExecutor.execute}
     * re-checking the run state after queueing (it then refuses the task). Read from the stack:
     * the executor's code gives no other sign, and this only runs for a removal after shutdown.
     */
    private static boolean calledByExecutorRecheck() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        for (int i = 1; i < Math.min(stack.length, 4); i++) {
            StackTraceElement frame = stack[i];
            if (frame.getClassName().equals(AdaptivePoolExecutor.class.getName()) && frame.getMethodName().equals("remove")) {
                continue;
            }
            return frame.getClassName().equals(ThreadPoolExecutor.class.getName())
                    && frame.getMethodName().equals("execute");
        }
        return false;
    }

    /** {@inheritDoc} Removed tasks count as dropped. */
    @Override
    public void purge() {
        for (Iterator<Runnable> it = queue.iterator(); it.hasNext(); ) {
            Runnable task = it.next();
            if (task instanceof Future && ((Future<?>) task).isCancelled() && queue.remove(task)) {
                stats.dropped.increment();
            }
        }
        super.purge();
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new AdaptiveFuture<>(this, callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new AdaptiveFuture<>(this, runnable, value);
    }

    /**
     * Tasks the pool's workers have finished (as {@link PoolMetrics#jobsProcessed()}, less tasks
     * run by submitters under CALLER_RUNS). ThreadPoolExecutor's own count would miss most: a
     * worker runs queued tasks back to back without going through its loop.
     */
    @Override
    public long getCompletedTaskCount() {
        return stats.processedByWorkers();
    }

    /** Tasks ever accepted, as {@link PoolMetrics#jobsSubmitted()} (see {@link #getCompletedTaskCount()}). */
    @Override
    public long getTaskCount() {
        return metrics().jobsSubmitted();
    }

    // ---- metrics ------------------------------------------------------------------------------

    /** A snapshot of the pool's activity; cheap enough to call on every scrape. */
    public PoolMetrics metrics() {
        PoolMetrics.Builder b = new PoolMetrics.Builder();
        Recorder.Totals totals = stats.totals();
        long failed = totals.failed;
        long processed = Math.max(failed, totals.processed);
        long dropped = stats.dropped.sum();
        long submitted = stats.submitted(Math.max(processed + dropped,
                queue.enqueued() + stats.acceptedDirectly.sum() - stats.takenBack.sum()));
        b.poolName = name;
        b.jobsFailed = failed;
        b.jobsProcessed = processed;
        b.jobsDropped = dropped;
        b.jobsSubmitted = submitted;
        b.rejectedSaturated = stats.rejectedSaturated.sum();
        b.rejectedShutdown = stats.rejectedShutdown.sum();
        // worker threads: the executor's own count (under its main lock, briefly), as getPoolSize()
        // gives, less workers ended by a failing first task that it has not dropped yet (it admits
        // the replacement first, so its count can pass max by one for that moment; read after it);
        // busy: the workers' own flags, exact (getActiveCount() also counts a worker still starting)
        int workers = getPoolSize();
        workers = Math.max(0, workers - stats.dyingOfTask.get());
        b.workers = workers;
        b.busyWorkers = Math.min(workers, totals.busy);
        // peak: the most workers seen running, or counted by the executor up to max, and never
        // lower than a peak reported before. Not getLargestPoolSize(): ThreadPoolExecutor admits a
        // new worker a moment before it drops one ended by its task's exception, so its count can
        // pass max by one for that moment.
        stats.notePeak(Math.min(workers, maxWorkers));
        b.peakWorkers = stats.peakLive();
        b.minWorkers = minWorkers;
        b.maxWorkers = maxWorkers;
        b.queueDepth = queue.size();
        b.queueCapacity = queue.capacity();
        b.scaleUps = stats.scaleUps.sum();
        b.scaleDowns = stats.scaleDowns.sum();
        b.threadFactoryFailures = stats.threadFactoryFailures.sum();
        b.nestedRunsInline = stats.nestedRunsInline.sum();
        b.jobDuration = new HistogramSnapshot(totals.execBuckets, totals.execSum);
        b.queueWait = new HistogramSnapshot(totals.waitBuckets, totals.waitSum);
        stats.fillWindow(b, System.nanoTime(), totals);
        adjustTiming();
        return new PoolMetrics(b);
    }

    // ---- shutdown -----------------------------------------------------------------------------

    /** {@inheritDoc} Blocked submitters are woken and refused with {@link PoolShutdownException}. */
    @Override
    public void shutdown() {
        super.shutdown();
        queue.wakeBlockedSubmitters();
    }

    /**
     * {@inheritDoc} The returned tasks are those submitted (for {@code submit}, the Futures), and
     * count as dropped.
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> tasks = super.shutdownNow();
        queue.wakeBlockedSubmitters();
        stats.dropped.add(tasks.size());
        return tasks;
    }

    /**
     * Stops intake, lets the queue drain for up to {@code timeout}, then interrupts the tasks still
     * running and removes those that never started, and waits up to one more second for the
     * interrupted tasks to return. Dropped tasks that are Futures are cancelled, so no caller waits
     * on them for ever. If the calling thread is interrupted, the drain ends at once and the flag is
     * set again.
     *
     * @throws IllegalArgumentException if {@code timeout} is null or negative
     */
    public ShutdownReport shutdownGracefully(Duration timeout) {
        long timeoutNanos = Config.nanos(Config.notNegative("timeout", timeout));
        long start = System.nanoTime();
        shutdown();
        boolean interrupted = false;
        try {
            if (awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return new ShutdownReport(new ArrayList<>(), 0, true, Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        int interruptedTasks = stats.totals().busy; // running now, about to be interrupted
        List<Runnable> dropped = shutdownNow();
        for (Runnable task : dropped) {
            if (task instanceof Future) {
                ((Future<?>) task).cancel(false);
            }
        }
        boolean terminated = false;
        try {
            terminated = !interrupted && awaitTermination(SHUTDOWN_GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            terminated = isTerminated();
        }
        return new ShutdownReport(dropped, interruptedTasks, terminated, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * {@inheritDoc} Returns true only once every worker thread has ended, not merely left its loop.
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!super.awaitTermination(timeout, unit)) {
            return false;
        }
        Thread me = Thread.currentThread();
        for (Thread t : workerThreads) {
            if (t != me) {
                TimeUnit.NANOSECONDS.timedJoin(t, deadline - System.nanoTime());
                if (t.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@inheritDoc} True only once every worker thread has ended. */
    @Override
    public boolean isTerminated() {
        if (!super.isTerminated()) {
            return false;
        }
        Thread me = Thread.currentThread();
        for (Thread t : workerThreads) {
            if (t != me && t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code listener} when the pool terminates (on the thread that completes termination), or
     * at once if it already has. The JMX and Prometheus modules use it to unregister the pool.
     * A listener that throws is logged and does not stop the others. Listeners run while the
     * executor holds its main lock (as {@link #terminated()} does): keep them short, and never
     * wait in one for another thread that uses this pool.
     */
    public void addTerminationListener(Runnable listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        terminationListeners.add(listener);
        if (super.isTerminated() && terminationListeners.remove(listener)) {
            runListener(listener);
        }
    }

    /** Removes a listener added with {@link #addTerminationListener(Runnable)}. */
    public void removeTerminationListener(Runnable listener) {
        terminationListeners.remove(listener);
    }

    @Override
    protected void terminated() {
        super.terminated();
        queue.wakeBlockedSubmitters();
        for (Runnable listener : terminationListeners) {
            if (terminationListeners.remove(listener)) {
                runListener(listener);
            }
        }
    }

    private void runListener(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException | Error e) {
            Log.LOG.log(Level.WARNING, "pool '" + name + "': a termination listener failed", e);
        }
    }

    @Override
    public String toString() {
        PoolMetrics m = metrics();
        String state = isTerminated() ? "Terminated" : isShutdown() ? "Shutting down" : "Running";
        return "AdaptivePoolExecutor[" + name + ", " + state + ", workers = " + m.workers()
                + " (min " + minWorkers + ", max " + maxWorkers + "), busy = " + m.busyWorkers()
                + ", queued = " + m.queueDepth() + "/" + m.queueCapacity()
                + ", processed = " + m.jobsProcessed() + ", rejected = " + m.jobsRejected() + "]";
    }

    // ---- parts --------------------------------------------------------------------------------

    /**
     * The Future returned by {@code submit}. It records a failure for the metrics, and a worker of
     * the same pool that waits on it while it is still queued runs it itself instead of
     * deadlocking.
     */
    static final class AdaptiveFuture<V> extends FutureTask<V> {
        /** Written and read by the thread that runs the task. */
        private final AdaptivePoolExecutor pool;
        boolean failed;

        AdaptiveFuture(AdaptivePoolExecutor pool, Callable<V> callable) {
            super(callable);
            this.pool = pool;
        }

        AdaptiveFuture(AdaptivePoolExecutor pool, Runnable runnable, V result) {
            super(runnable, result);
            this.pool = pool;
        }

        @Override
        protected void setException(Throwable t) {
            failed = true;
            super.setException(t);
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            helpIfNested();
            return super.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            helpIfNested();
            return super.get(timeout, unit);
        }

        private void helpIfNested() {
            if (!isDone()) {
                pool.runNested(this);
            }
        }
    }

    /** Wraps the user's thread factory: counts and survives its failures, and runs the worker body. */
    static final class WorkerFactory implements ThreadFactory {
        volatile ThreadFactory delegate;
        private AdaptivePoolExecutor pool;

        WorkerFactory(ThreadFactory delegate) {
            this.delegate = delegate;
        }

        void attach(AdaptivePoolExecutor pool) {
            this.pool = pool;
        }

        @Override
        public Thread newThread(Runnable executorWorker) {
            if (executorWorker == null || executorWorker.getClass().getEnclosingClass() != ThreadPoolExecutor.class) {
                return delegate.newThread(executorWorker); // someone else using getThreadFactory()
            }
            final AdaptivePoolExecutor p = pool;
            Thread thread;
            try {
                final long createdAt = p.metricsEnabled ? System.nanoTime() : 0L;
                thread = delegate.newThread(() -> p.workerBody(executorWorker, createdAt));
            } catch (Throwable failure) {
                p.onThreadFactoryFailure(failure, false);
                return null;
            }
            if (thread == null) {
                p.onThreadFactoryFailure(null, false);
                return null;
            }
            p.stats.threads.incrementAndGet();
            return thread;
        }
    }

    static ThreadFactory namedThreads(String poolName) {
        AtomicInteger ids = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, poolName + "-worker-" + ids.incrementAndGet());
            thread.setDaemon(false);
            thread.setPriority(Thread.NORM_PRIORITY);
            return thread;
        };
    }

    // ---- builder ------------------------------------------------------------------------------

    /**
     * Configures a pool. Each setter checks its own value and {@code build()} checks the
     * combination; a bad value throws {@link IllegalArgumentException} naming the field and the
     * value. {@code build()} does not change the builder, which can build again.
     */
    public static final class Builder {
        private String name;
        private int minWorkers = 1;
        private int maxWorkers = -1;
        private int queueCapacity = 1000;
        private double scaleUpThreshold = 0.7;
        private Duration scaleDownIdle = Duration.ofSeconds(30);
        private Duration scaleCooldown = Duration.ofSeconds(5);
        private boolean metricsEnabled = true;
        private ThreadFactory threadFactory;
        private Saturation saturation = Saturation.BLOCK;
        private Duration maxSubmitWait;
        private int stallWorkers;
        private Duration stallTimeout = Duration.ofSeconds(1);
        private Ticker ticker = Ticker.SYSTEM;

        private Builder() {
        }

        /** The pool's name, used for thread names, JMX and metrics. Default {@code adaptive-pool-N}. */
        public Builder name(String name) {
            this.name = Config.name(name);
            return this;
        }

        /** Workers kept alive while the pool runs, started by {@code build()}. Default 1; 0 allowed. */
        public Builder minWorkers(int minWorkers) {
            this.minWorkers = Config.minWorkers(minWorkers);
            return this;
        }

        /**
         * The most workers that may run at once. Default: the number of available processors, or
         * {@code minWorkers} if that is larger.
         */
        public Builder maxWorkers(int maxWorkers) {
            this.maxWorkers = Config.maxWorkers(maxWorkers);
            return this;
        }

        /** How many tasks may wait. Default 1000. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = Config.queueCapacity(queueCapacity);
            return this;
        }

        /**
         * The queue fill ratio in [0, 1] at or above which a submission scales the pool up. Default
         * 0.7; 0 is eager (a worker whenever a task would wait and none is idle).
         */
        public Builder scaleUpThreshold(double scaleUpThreshold) {
            this.scaleUpThreshold = Config.scaleUpThreshold(scaleUpThreshold);
            return this;
        }

        /** How long a worker above the minimum stays idle before it may retire. Default 30 s; must be > 0. */
        public Builder scaleDownIdle(Duration scaleDownIdle) {
            this.scaleDownIdle = Config.positive("scaleDownIdle", scaleDownIdle);
            return this;
        }

        /** The spacing between threshold-driven scale-up steps, and between retirements. Default 5 s; 0 allowed. */
        public Builder scaleCooldown(Duration scaleCooldown) {
            this.scaleCooldown = Config.notNegative("scaleCooldown", scaleCooldown);
            return this;
        }

        /** Record execution-time and queue-wait timings. Default true. */
        public Builder metricsEnabled(boolean metricsEnabled) {
            this.metricsEnabled = metricsEnabled;
            return this;
        }

        /** Makes the worker threads. Default: non-daemon threads named {@code <name>-worker-N}. */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Config.notNull("threadFactory", threadFactory);
            return this;
        }

        /** What a submission does when saturated. Default {@link Saturation#BLOCK}. */
        public Builder saturation(Saturation saturation) {
            this.saturation = Config.notNull("saturation", saturation);
            return this;
        }

        /** The longest a BLOCK submission waits for room. Default unbounded; 0 makes BLOCK fail fast. */
        public Builder maxSubmitWait(Duration maxSubmitWait) {
            this.maxSubmitWait = Config.notNegative("maxSubmitWait", maxSubmitWait);
            return this;
        }

        /**
         * The stall guard's allowance: how many workers it may add above {@code maxWorkers} when
         * tasks are queued and none has started for {@link #stallTimeout}, so that tasks waiting on
         * other tasks of the pool, or long-lived tasks, cannot starve the queue. Default 0: the
         * guard is off (stalls are still detected, counted and logged).
         */
        public Builder stallWorkers(int stallWorkers) {
            this.stallWorkers = Config.stallWorkers(stallWorkers);
            return this;
        }

        /** How long queued tasks may see no task start before the pool counts a stall. Default 1 s; must be > 0. */
        public Builder stallTimeout(Duration stallTimeout) {
            this.stallTimeout = Config.positive("stallTimeout", stallTimeout);
            return this;
        }

        /** For tests: the clock the scaling policy reads. */
        Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /**
         * Builds the pool and starts its {@code minWorkers} workers.
         *
         * @throws IllegalArgumentException if {@code maxWorkers} is below {@code minWorkers}
         */
        public AdaptivePoolExecutor build() {
            int max = maxWorkers > 0 ? maxWorkers : Math.max(Runtime.getRuntime().availableProcessors(), minWorkers);
            Config.minNotAboveMax(minWorkers, max, false);
            String poolName = name != null ? name : "adaptive-pool-" + POOL_IDS.incrementAndGet();
            ThreadFactory factory = threadFactory != null ? threadFactory : namedThreads(poolName);
            AdaptivePoolExecutor pool = new AdaptivePoolExecutor(this, poolName, max,
                    new WorkQueue(queueCapacity), new WorkerFactory(factory));
            try {
                pool.prestartAllCoreThreads();
            } catch (RuntimeException | Error threadNotStarted) {
                pool.onThreadFactoryFailure(threadNotStarted, true);
            }
            return pool;
        }
    }
}
