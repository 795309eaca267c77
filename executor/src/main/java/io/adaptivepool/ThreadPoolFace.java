package io.adaptivepool;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link ThreadPoolExecutor} methods of {@link AdaptivePoolExecutor}, each answered by the
 * pool's own engine, so that code and tools that cast to ThreadPoolExecutor see only this pool.
 */
abstract class ThreadPoolFace extends ThreadPoolExecutor {
    /*
     * The ThreadPoolExecutor this class extends is never started: its constructor gets placeholder
     * sizes and the engine's queue, and every public method of it that reads or changes its state
     * is overridden here (execute and the rejection handler in AdaptivePoolExecutor). Its
     * inherited submit calls execute and newTaskFor, as the JDK documents; invokeAll and invokeAny
     * are TimedInvoke's, which submit through execute or submitBefore and newTaskFor.
     */
    final PoolEngine engine;

    ThreadPoolFace(PoolEngine engine) {
        super(0, 1, 0L, TimeUnit.NANOSECONDS, engine.queue, engine.threadFactory(), new AbortPolicy());
        this.engine = engine;
    }

    /** A snapshot of the pool's activity. */
    public abstract PoolMetrics metrics();

    /**
     * Submits as {@code execute} does, but waits for room no later than {@code deadline} (a
     * {@link System#nanoTime()} reading); false if the deadline came first.
     */
    abstract boolean submitBefore(Runnable task, long deadline);

    /**
     * {@inheritDoc}
     *
     * <p>In BLOCK mode it may wait for room to submit a task: an interrupt then is an
     * {@link InterruptedException}, and the tasks submitted are cancelled.
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return TimedInvoke.invokeAll(this, tasks);
    }

    /**
     * {@inheritDoc}
     *
     * <p>In BLOCK mode it may wait for room to submit a task: an interrupt then is an
     * {@link InterruptedException}, and the tasks submitted are cancelled.
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return TimedInvoke.invokeAny(this, tasks);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every wait in it ends by the timeout, the wait for room to submit a task included: a task
     * not submitted by then is returned cancelled; an interrupt while waiting for room is an
     * {@link InterruptedException}.
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return TimedInvoke.invokeAll(this, tasks, timeout, unit);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every wait in it ends by the timeout, the wait for room to submit a task included: no room
     * by then is a {@link TimeoutException}; an interrupt while waiting for room is an
     * {@link InterruptedException}.
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return TimedInvoke.invokeAny(this, tasks, timeout, unit);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new TaskRunner.AdaptiveFuture<>(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new TaskRunner.AdaptiveFuture<>(runnable, value);
    }

    /** Same as {@link AdaptivePoolExecutor#setMinWorkers(int)}. */
    @Override
    public void setCorePoolSize(int corePoolSize) {
        engine.changeSettings(s -> s.withMinWorkers(corePoolSize));
    }

    /** Same as {@link AdaptivePoolExecutor#getMinWorkers()}. */
    @Override
    public int getCorePoolSize() {
        return engine.settings().minWorkers;
    }

    /** Same as {@link AdaptivePoolExecutor#setMaxWorkers(int)}. */
    @Override
    public void setMaximumPoolSize(int maximumPoolSize) {
        engine.changeSettings(s -> s.withMaxWorkers(maximumPoolSize));
    }

    /** Same as {@link AdaptivePoolExecutor#getMaxWorkers()}. */
    @Override
    public int getMaximumPoolSize() {
        return engine.settings().maxWorkers;
    }

    /** Same as {@link AdaptivePoolExecutor#setScaleDownIdle(Duration)}. */
    @Override
    public void setKeepAliveTime(long time, TimeUnit unit) {
        Duration idle = Duration.ofNanos(unit.toNanos(time));
        engine.changeSettings(s -> s.withScaleDownIdle(idle));
    }

    /** The idle time, as {@link AdaptivePoolExecutor#getScaleDownIdle()}. */
    @Override
    public long getKeepAliveTime(TimeUnit unit) {
        return unit.convert(engine.settings().idleNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With {@code true}, idle workers may retire below {@code minWorkers}, down to none, still
     * spaced by the cooldown (as {@code ThreadPoolExecutor} does; HikariCP relies on it).
     */
    @Override
    public void allowCoreThreadTimeOut(boolean value) {
        engine.changeSettings(s -> s.withCoreMayRetire(value));
    }

    @Override
    public boolean allowsCoreThreadTimeOut() {
        return engine.settings().coreMayRetire;
    }

    @Override
    public boolean prestartCoreThread() {
        return engine.prestartCoreWorker();
    }

    @Override
    public int prestartAllCoreThreads() {
        int n = 0;
        while (engine.prestartCoreWorker()) {
            n++;
        }
        return n;
    }

    /** {@inheritDoc} Workers started from now on come from this factory. */
    @Override
    public void setThreadFactory(ThreadFactory threadFactory) {
        if (threadFactory == null) {
            throw new NullPointerException("threadFactory");
        }
        engine.setThreadFactory(threadFactory);
    }

    @Override
    public ThreadFactory getThreadFactory() {
        return engine.threadFactory();
    }

    /**
     * The queue of tasks waiting for a worker. A task put in through it runs like a submitted one
     * (handed to an idle worker, or queued with a worker to take it); one taken out counts as
     * dropped and never runs. After shutdown its offers answer false and {@code put} throws
     * {@link PoolShutdownException}.
     */
    @Override
    public BlockingQueue<Runnable> getQueue() {
        return engine.queue;
    }

    /** {@inheritDoc} A removed task counts as dropped. */
    @Override
    public boolean remove(Runnable task) {
        return engine.remove(task);
    }

    /** {@inheritDoc} Removed tasks count as dropped. */
    @Override
    public void purge() {
        engine.purge();
    }

    /** Workers now, counting those still starting (as {@link PoolMetrics#workers()}). */
    @Override
    public int getPoolSize() {
        return engine.workers();
    }

    /** Workers running a task now (as {@link PoolMetrics#busyWorkers()}). */
    @Override
    public int getActiveCount() {
        return Math.min(engine.workers(), engine.stats.totals().busy);
    }

    /** The most workers at once (as {@link PoolMetrics#peakWorkers()}). */
    @Override
    public int getLargestPoolSize() {
        return engine.stats.peak();
    }

    /**
     * Tasks the pool's workers have finished (as {@link PoolMetrics#jobsProcessed()}, less tasks
     * run by submitters under CALLER_RUNS).
     */
    @Override
    public long getCompletedTaskCount() {
        return engine.stats.processedByWorkers();
    }

    /**
     * As ThreadPoolExecutor counts it: tasks the workers have finished, are running or have
     * queued. Tasks taken out of the queue (dropped) and tasks run by submitters under CALLER_RUNS
     * are not in it; {@link PoolMetrics#jobsSubmitted()} counts every accepted task.
     */
    @Override
    public long getTaskCount() {
        Recorder.Totals workers = engine.stats.workerTotals();
        return workers.processed + workers.busy + engine.queue.size();
    }

    /** {@inheritDoc} Blocked submitters are woken and refused with {@link PoolShutdownException}. */
    @Override
    public void shutdown() {
        engine.shutdown();
    }

    /**
     * {@inheritDoc} The returned tasks are those submitted (for {@code submit}, the Futures), and
     * count as dropped. A task handed to a worker before this call is not among them: that worker
     * runs it, interrupted.
     */
    @Override
    public List<Runnable> shutdownNow() {
        return engine.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return engine.state() >= RunState.SHUTDOWN;
    }

    /** {@inheritDoc} True from shutdown until {@link #isTerminated()} is, so one of the two is true once shut down. */
    @Override
    public boolean isTerminating() {
        return engine.runState.isTerminating();
    }

    /** {@inheritDoc} True only once every worker thread has ended, not merely left its loop. */
    @Override
    public boolean isTerminated() {
        return engine.runState.isTerminated();
    }

    /** {@inheritDoc} Returns true only once every worker thread has ended, not merely left its loop. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return engine.runState.awaitTermination(unit.toNanos(timeout));
    }
}
