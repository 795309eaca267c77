package io.adaptivepool;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.UnaryOperator;

/**
 * A bounded worker pool whose workers scale between a minimum and a maximum on queue pressure,
 * with explicit backpressure and a graceful, accounted shutdown. A drop-in
 * {@link java.util.concurrent.ExecutorService}, and a {@link ThreadPoolExecutor} for code and
 * tools that expect one: every inherited setter and getter works on the pool's own settings and
 * state ({@code setCorePoolSize} is {@link #setMinWorkers}, {@code setMaximumPoolSize} is
 * {@link #setMaxWorkers}, the keep-alive time is {@link #setScaleDownIdle}).
 *
 * <pre>{@code
 * AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder()
 *     .name("orders").minWorkers(4).maxWorkers(32).queueCapacity(5000)
 *     .saturation(Saturation.BLOCK).maxSubmitWait(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <p>A task submitted while a worker is idle goes straight to that worker; otherwise it gets a new
 * worker (below {@code minWorkers}, with a full queue, or with a scale-up threshold of 0) or waits
 * in the bounded queue, and the pool grows when the queue fills past the threshold. When the queue
 * is full and the workers are at max, the {@link Saturation} mode decides. A task that throws is
 * counted as failed and its exception goes where the JDK sends it (the {@link Future} for
 * {@code submit}, the thread's uncaught-exception handler for {@code execute}); the worker lives
 * on. Optionally, a stall guard ({@link Builder#stallWorkers}) adds workers above max, up to a
 * ceiling, when queued tasks have seen no task start for {@link Builder#stallTimeout}.
 *
 * <p>Accounting: every accepted task is at any moment queued, running, processed, or dropped
 * (returned by {@link #shutdownNow()}, listed by {@link #shutdownGracefully(Duration)}, removed by
 * {@link #remove(Runnable)}, {@link #purge()} or the {@link #getQueue() queue}); see
 * {@link PoolMetrics}.
 */
public final class AdaptivePoolExecutor extends ThreadPoolFace {
    /*
     * This class is the face: argument checks, the adaptive knobs, snapshots, the builder.
     * ThreadPoolFace holds the ThreadPoolExecutor methods; Submission the saturation modes and the
     * task decorator; PoolSpec the builder's values and the build; GracefulShutdown the drain;
     * PoolEngine is the engine (threads, queue, run state: its comment says who owns what and which
     * lock guards it).
     */
    private final Submission submission;

    AdaptivePoolExecutor(PoolEngine engine, Saturation saturation, long maxSubmitWaitNanos,
            UnaryOperator<Runnable> taskDecorator) {
        super(engine);
        this.submission = new Submission(this, engine, saturation, maxSubmitWaitNanos, taskDecorator);
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
        submission.execute(command);
    }

    /**
     * Runs the task on a worker, waiting at most {@code maxWait} for room when saturated, whatever
     * the pool's {@link Saturation} mode. {@link Duration#ZERO}, or a negative {@code maxWait} (no
     * wait, as for the JDK's timed methods), is a deterministic fail-fast: the task is accepted
     * exactly when a worker is idle, there is room in the queue, or a worker can be added.
     *
     * @throws PoolSaturatedException when there was no room within {@code maxWait}, or the wait was
     *     interrupted (the interrupt flag is then set again)
     * @throws PoolShutdownException after shutdown
     * @throws IllegalArgumentException if {@code maxWait} is null
     */
    public void execute(Runnable command, Duration maxWait) {
        submission.submit(command, Deadline.nanos("maxWait", maxWait), false, true);
    }

    /**
     * Submits the task, waiting at most {@code maxWait} for room when saturated (see
     * {@link #execute(Runnable, Duration)}).
     *
     * @return a Future for the result
     * @throws PoolSaturatedException when there was no room within {@code maxWait}
     * @throws PoolShutdownException after shutdown
     * @throws IllegalArgumentException if {@code maxWait} is null
     */
    public <T> Future<T> submit(Callable<T> task, Duration maxWait) {
        Objects.requireNonNull(task, "task");
        long waitNanos = Deadline.nanos("maxWait", maxWait);
        RunnableFuture<T> future = newTaskFor(task);
        submission.submit(future, waitNanos, false, true);
        return future;
    }

    /**
     * Runs the task if it can be accepted at once: a worker is idle, there is room in the queue, or
     * a worker can be added. Never waits and never throws for overload or shutdown; a refusal is
     * counted in {@link PoolMetrics#jobsRejected()}.
     *
     * @return true if the task was accepted
     */
    public boolean tryExecute(Runnable command) {
        return submission.submit(command, 0L, false, false);
    }

    @Override
    boolean submitBefore(Runnable command, long deadline) {
        return submission.submitBefore(command, deadline);
    }

    // ---- live knobs -------------------------------------------------------------------------

    /** The pool's name, from the builder; worker threads are named after it. */
    public String getName() {
        return engine.name;
    }

    /** The minimum number of workers kept alive while the pool runs (same as {@link #getCorePoolSize()}). */
    public int getMinWorkers() {
        return engine.settings().minWorkers;
    }

    /**
     * Sets the minimum number of workers; raising it starts the missing workers at once.
     *
     * @throws IllegalArgumentException if negative or above maxWorkers, or the size is fixed
     *     ({@link Builder#fixedSize}); nothing changes then
     */
    public void setMinWorkers(int minWorkers) {
        engine.changeSettings(s -> s.withMinWorkers(minWorkers));
    }

    /** The maximum number of workers (same as {@link #getMaximumPoolSize()}). */
    public int getMaxWorkers() {
        return engine.settings().maxWorkers;
    }

    /**
     * Sets the maximum number of workers. Raising it starts workers for queued tasks at once and
     * wakes blocked submitters; lowering it retires the extra workers as they finish their current
     * task.
     *
     * @throws IllegalArgumentException if below 1 or below minWorkers, or the size is fixed
     *     ({@link Builder#fixedSize}); nothing changes then
     */
    public void setMaxWorkers(int maxWorkers) {
        engine.changeSettings(s -> s.withMaxWorkers(maxWorkers));
    }

    /** The queue's capacity. */
    public int getQueueCapacity() {
        return engine.settings().queueCapacity;
    }

    /**
     * Sets the queue's capacity. Shrinking below the present depth drops nothing: until the depth
     * falls under the new capacity, submissions find the queue full (and wait, are refused or run
     * in the caller, by the saturation mode).
     *
     * @throws IllegalArgumentException if below 1; nothing changes then
     */
    public void setQueueCapacity(int queueCapacity) {
        engine.changeSettings(s -> s.withQueueCapacity(queueCapacity));
    }

    /** The queue fill ratio, in [0, 1], at or above which submissions scale the pool up; 0 is eager. */
    public double getScaleUpThreshold() {
        return engine.settings().scaleUpThreshold;
    }

    /**
     * Sets the scale-up threshold.
     *
     * @throws IllegalArgumentException if NaN or outside [0, 1]; nothing changes then
     */
    public void setScaleUpThreshold(double scaleUpThreshold) {
        engine.changeSettings(s -> s.withScaleUpThreshold(scaleUpThreshold));
    }

    /** The minimum spacing between threshold-driven scale-up steps, and between retirements. */
    public Duration getScaleCooldown() {
        return engine.settings().scaleCooldown;
    }

    /**
     * Sets the cooldown; the next decision uses it.
     *
     * @throws IllegalArgumentException if null or negative; nothing changes then
     */
    public void setScaleCooldown(Duration scaleCooldown) {
        engine.changeSettings(s -> s.withScaleCooldown(scaleCooldown));
    }

    /** How long a worker above the minimum stays idle before it may retire (the keep-alive time). */
    public Duration getScaleDownIdle() {
        return engine.settings().scaleDownIdle;
    }

    /**
     * Sets the idle time; idle workers re-arm their wait with it at once.
     *
     * @throws IllegalArgumentException if null, zero or negative; nothing changes then
     */
    public void setScaleDownIdle(Duration scaleDownIdle) {
        engine.changeSettings(s -> s.withScaleDownIdle(scaleDownIdle));
    }

    /** The most workers the stall guard may add above {@code maxWorkers}; 0 when the guard is off. */
    public int getStallWorkers() {
        return engine.settings().stallWorkers;
    }

    /**
     * Sets the stall guard's allowance above {@code maxWorkers}; 0 turns the guard off (workers it
     * added finish their task and leave once the queue is empty).
     *
     * @throws IllegalArgumentException if negative, or the size is fixed ({@link Builder#fixedSize});
     *     nothing changes then
     */
    public void setStallWorkers(int stallWorkers) {
        engine.changeSettings(s -> s.withStallWorkers(stallWorkers));
    }

    /** The longest queued tasks may see no task start before the pool counts a stall (see the builder). */
    public Duration getStallTimeout() {
        return engine.settings().stallTimeout;
    }

    /**
     * Sets the stall timeout.
     *
     * @throws IllegalArgumentException if null, zero or negative; nothing changes then
     */
    public void setStallTimeout(Duration stallTimeout) {
        engine.changeSettings(s -> s.withStallTimeout(stallTimeout));
    }

    /** What submissions do when saturated. */
    public Saturation getSaturation() {
        return submission.saturation;
    }

    /** The bound on a BLOCK submission's wait; empty when unbounded. */
    public Optional<Duration> getMaxSubmitWait() {
        long wait = submission.maxSubmitWaitNanos;
        return wait == Submission.UNBOUNDED ? Optional.empty() : Optional.of(Duration.ofNanos(wait));
    }

    /** Whether execution-time and queue-wait timings are recorded. Counters are kept either way. */
    public boolean isMetricsEnabled() {
        return engine.metricsEnabled;
    }

    /**
     * Sets a handler that replaces the exceptions of refused submissions: when set, a refused
     * {@code execute} or {@code submit} calls it (after counting the refusal) instead of throwing
     * {@link PoolSaturatedException} or {@link PoolShutdownException}. {@link #tryExecute} never
     * calls it. Setting the handler {@link #getRejectedExecutionHandler()} answered before any was
     * set restores those exceptions.
     */
    @Override
    public void setRejectedExecutionHandler(RejectedExecutionHandler handler) {
        submission.handler(handler);
    }

    /**
     * The handler set with {@link #setRejectedExecutionHandler}, or else the default: a
     * {@link ThreadPoolExecutor.AbortPolicy} that throws as the pool does.
     */
    @Override
    public RejectedExecutionHandler getRejectedExecutionHandler() {
        return submission.handler();
    }

    // ---- metrics and shutdown -------------------------------------------------------------------

    /** A snapshot of the pool's activity; cheap enough to call on every scrape. */
    @Override
    public PoolMetrics metrics() {
        return engine.watch.snapshot();
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
        return GracefulShutdown.run(this, Config.nanos(Config.notNegative("timeout", timeout)));
    }

    /**
     * Runs {@code listener} when the pool terminates (on the thread that completes termination), or
     * at once if it already has; a listener added while the listeners run is run too. The JMX and
     * Prometheus modules use it to unregister the pool. Whatever a listener throws (a checked
     * exception too) is logged and stops neither the others nor termination. Listeners run before {@link #awaitTermination} returns true; never wait
     * in one for another thread that uses this pool.
     */
    public void addTerminationListener(Runnable listener) {
        engine.runState.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addTerminationListener(Runnable)}. */
    public void removeTerminationListener(Runnable listener) {
        engine.runState.removeListener(listener);
    }

    @Override
    public String toString() {
        String state = isTerminated() ? "Terminated" : isShutdown() ? "Shutting down" : "Running";
        return "AdaptivePoolExecutor[" + engine.name + ", " + state + ", " + metrics().summary() + "]";
    }

    // ---- builder ------------------------------------------------------------------------------

    /**
     * Configures a pool. Each setter checks its own value and {@code build()} checks the
     * combination; a bad value throws {@link IllegalArgumentException} naming the field and the
     * value. {@code build()} does not change the builder, which can build again.
     */
    public static final class Builder {
        private final PoolSpec spec = new PoolSpec();

        private Builder() {
        }

        /** The pool's name, used for thread names, JMX and metrics. Default {@code adaptive-pool-N}. */
        public Builder name(String name) {
            spec.name = Config.name(name);
            return this;
        }

        /** Workers kept alive while the pool runs, started by {@code build()}. Default 1; 0 allowed. */
        public Builder minWorkers(int minWorkers) {
            spec.minWorkers = Config.minWorkers(minWorkers);
            return this;
        }

        /**
         * The most workers that may run at once. Default: the number of available processors, or
         * {@code minWorkers} if that is larger.
         */
        public Builder maxWorkers(int maxWorkers) {
            spec.maxWorkers = Config.maxWorkers(maxWorkers);
            return this;
        }

        /** How many tasks may wait. Default 1000. */
        public Builder queueCapacity(int queueCapacity) {
            spec.queueCapacity = Config.queueCapacity(queueCapacity);
            return this;
        }

        /**
         * The queue fill ratio in [0, 1] at or above which a submission scales the pool up. Default
         * 0.7; 0 is eager (a worker whenever a task would wait and none is idle).
         */
        public Builder scaleUpThreshold(double scaleUpThreshold) {
            spec.scaleUpThreshold = Config.scaleUpThreshold(scaleUpThreshold);
            return this;
        }

        /** How long a worker above the minimum stays idle before it may retire. Default 30 s; must be > 0. */
        public Builder scaleDownIdle(Duration scaleDownIdle) {
            spec.scaleDownIdle = Config.positive("scaleDownIdle", scaleDownIdle);
            return this;
        }

        /** The spacing between threshold-driven scale-up steps, and between retirements. Default 5 s; 0 allowed. */
        public Builder scaleCooldown(Duration scaleCooldown) {
            spec.scaleCooldown = Config.notNegative("scaleCooldown", scaleCooldown);
            return this;
        }

        /** Record execution-time and queue-wait timings. Default true. */
        public Builder metricsEnabled(boolean metricsEnabled) {
            spec.metricsEnabled = metricsEnabled;
            return this;
        }

        /** Makes the worker threads. Default: non-daemon threads named {@code <name>-worker-N}. */
        public Builder threadFactory(ThreadFactory threadFactory) {
            spec.threadFactory = Config.notNull("threadFactory", threadFactory);
            return this;
        }

        /** What a submission does when saturated. Default {@link Saturation#BLOCK}. */
        public Builder saturation(Saturation saturation) {
            spec.saturation = Config.notNull("saturation", saturation);
            return this;
        }

        /** The longest a BLOCK submission waits for room. Default unbounded; 0 makes BLOCK fail fast. */
        public Builder maxSubmitWait(Duration maxSubmitWait) {
            spec.maxSubmitWait = Config.notNegative("maxSubmitWait", maxSubmitWait);
            return this;
        }

        /**
         * The stall guard's allowance: how many workers it may add above {@code maxWorkers} when
         * tasks are queued and none has started for {@link #stallTimeout}, so that tasks waiting on
         * other tasks of the pool, or long-lived tasks, cannot starve the queue. Default 0: the
         * guard is off (stalls are still detected, counted and logged).
         */
        public Builder stallWorkers(int stallWorkers) {
            spec.stallWorkers = Config.stallWorkers(stallWorkers);
            return this;
        }

        /**
         * The longest queued tasks may see no task start before the pool counts a stall. Default 1 s;
         * must be > 0. A pool whose tasks start often counts one sooner: after four times its
         * longest recent gap between starts, but never before a tenth of this, nor before 100 ms.
         */
        public Builder stallTimeout(Duration stallTimeout) {
            spec.stallTimeout = Config.positive("stallTimeout", stallTimeout);
            return this;
        }

        /**
         * Wraps every task once, at submission, on the submitting thread: the place to capture that
         * thread's context (logging MDC, a trace span) and restore it around the task on the worker.
         * The wrapper must run the task it was given. The queue, {@code shutdownNow()} and
         * {@code remove} see the wrapper of an {@code execute}d task, and the Future of a
         * {@code submit}ted one. With {@link Saturation#CALLER_RUNS} a task refused a worker runs
         * its wrapper in the caller. A decorator that throws or returns null refuses the task: the
         * submitter gets that exception (a {@link NullPointerException} for null) and the pool
         * accepts nothing. Default: none.
         */
        public Builder taskDecorator(UnaryOperator<Runnable> taskDecorator) {
            spec.taskDecorator = Config.notNull("taskDecorator", taskDecorator);
            return this;
        }

        /**
         * Runs the workers on virtual threads (Java 21 and later), named {@code <name>-worker-N}:
         * {@code maxWorkers} then bounds how many tasks run at once, not how many platform threads
         * exist. Default false. Not with {@link #threadFactory}.
         *
         * @throws IllegalArgumentException if true on a JVM without virtual threads (before Java 21)
         */
        public Builder virtualThreads(boolean virtualThreads) {
            spec.virtualThreads = Config.virtualThreads(virtualThreads);
            return this;
        }

        /**
         * Fixes {@code minWorkers}, {@code maxWorkers} and {@code stallWorkers} at their built
         * values, for a pool whose users count on its size (a single-thread executor's, on one
         * worker): a live change of one (by its setter, {@code setCorePoolSize},
         * {@code setMaximumPoolSize} or JMX) throws {@link IllegalArgumentException}
         * {@code "<field> (<value>) cannot change: <reason>"} and changes nothing; the present
         * value passes, and the other knobs stay live. Default: not fixed.
         *
         * @param reason why, naming the pool, e.g. {@code "pool 'audit' writes the log in order"}
         * @throws IllegalArgumentException if {@code reason} is null or blank
         */
        public Builder fixedSize(String reason) {
            spec.fixedSize = Config.notBlank("fixedSize", reason);
            return this;
        }

        /** For tests: the clock the scaling policy reads. */
        Builder ticker(Ticker ticker) {
            spec.ticker = ticker;
            return this;
        }

        /**
         * Builds the pool and starts its {@code minWorkers} workers.
         *
         * @throws IllegalArgumentException if {@code maxWorkers} is below {@code minWorkers}, or
         *     both a thread factory and virtual threads are set
         */
        public AdaptivePoolExecutor build() {
            return spec.build();
        }
    }
}
