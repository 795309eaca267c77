package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An adaptive pool behind nothing but {@link ExecutorService}, as the JDK hands out a single-thread
 * executor (its {@code FinalizableDelegatedExecutorService}, {@code AutoShutdownDelegatedExecutorService}
 * since Java 21): a cast to {@code ThreadPoolExecutor} fails, so code cannot reconfigure the pool.
 * {@code close()} is {@code ExecutorService}'s own (Java 19 and later). Subclasses may wrap each
 * task ({@link VirtualTasks}); what {@link #shutdownNow()} returns is then unwrapped.
 */
class DelegatedExecutor implements ExecutorService {
    final AdaptivePoolExecutor pool;

    DelegatedExecutor(AdaptivePoolExecutor pool) {
        this.pool = pool;
    }

    /** The task as the pool runs it; this one runs it as it is. */
    Runnable wrap(Runnable task) {
        return task;
    }

    /** The task as the pool runs it; this one runs it as it is. */
    <T> Callable<T> wrap(Callable<T> task) {
        return task;
    }

    /** The caller's task of one that {@link #wrap(Runnable)} made. */
    Runnable unwrap(Runnable task) {
        return task;
    }

    private static <T> T notNull(T task) {
        if (task == null) {
            throw new NullPointerException("task");
        }
        return task;
    }

    private <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
        List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            wrapped.add(wrap(notNull(task)));
        }
        return wrapped;
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(wrap(notNull(command)));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return pool.submit(wrap(notNull(task)));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return pool.submit(wrap(notNull(task)));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return pool.submit(wrap(notNull(task)), result);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return pool.invokeAll(wrapAll(tasks));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return pool.invokeAll(wrapAll(tasks), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return pool.invokeAny(wrapAll(tasks));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return pool.invokeAny(wrapAll(tasks), timeout, unit);
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> dropped = pool.shutdownNow();
        List<Runnable> tasks = new ArrayList<>(dropped.size());
        for (Runnable task : dropped) {
            tasks.add(unwrap(task));
        }
        return tasks;
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + pool + "]";
    }
}
