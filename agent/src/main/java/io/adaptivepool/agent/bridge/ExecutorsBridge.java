package io.adaptivepool.agent.bridge;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Where rewritten call sites land. The agent redirects {@code INVOKESTATIC} of the replaced
 * {@link Executors} factories (and method handles to them) to the method of the same name and
 * descriptor here, and a construction {@code new ThreadPoolExecutor(...)} (its {@code NEW},
 * {@code DUP} and constructor call) to {@code newThreadPoolExecutor} with the constructor's
 * parameters; so a rewrite adds no method and no stack slot, and retransformation of loaded
 * classes works too.
 *
 * <p>Class loading: the agent puts this one class on the bootstrap class path, so that every
 * class loader finds the same copy: the application loader, isolated {@code URLClassLoader}s
 * whose parent is the platform loader, web-app and fat-jar loaders. It therefore uses only
 * {@code java.base}, has no nested class and no lambda (only this class file is copied), and
 * never fails: without a hook, when the hook throws or answers null, and for arguments the JDK
 * refuses (which it then refuses exactly as before), it returns what the JDK would have.
 *
 * <p>Public only because rewritten classes in any package call it; not an API.
 */
public final class ExecutorsBridge {
    /** The hook's first argument for a hand-written pool; the others are the factory's name. */
    public static final String CONSTRUCTOR = "new ThreadPoolExecutor";

    /**
     * Makes the replacement for a call: its arguments are the factory's name (or {@link #CONSTRUCTOR})
     * and the call's arguments. Answers null to keep the JDK's pool. Set once by the agent.
     */
    private static volatile BiFunction<String, Object[], ExecutorService> hook;
    private static volatile boolean failureReported;

    private ExecutorsBridge() {
    }

    /** Replaces {@link Executors#newCachedThreadPool()}. */
    public static ExecutorService newCachedThreadPool() {
        ExecutorService replacement = replacement("newCachedThreadPool", new Object[0]);
        return replacement != null ? replacement : Executors.newCachedThreadPool();
    }

    /** Replaces {@link Executors#newCachedThreadPool(ThreadFactory)}. */
    public static ExecutorService newCachedThreadPool(ThreadFactory threadFactory) {
        ExecutorService replacement = threadFactory == null ? null
                : replacement("newCachedThreadPool", new Object[] {threadFactory});
        return replacement != null ? replacement : Executors.newCachedThreadPool(threadFactory);
    }

    /** Replaces {@link Executors#newFixedThreadPool(int)}. */
    public static ExecutorService newFixedThreadPool(int nThreads) {
        ExecutorService replacement = nThreads <= 0 ? null
                : replacement("newFixedThreadPool", new Object[] {nThreads});
        return replacement != null ? replacement : Executors.newFixedThreadPool(nThreads);
    }

    /** Replaces {@link Executors#newFixedThreadPool(int, ThreadFactory)}. */
    public static ExecutorService newFixedThreadPool(int nThreads, ThreadFactory threadFactory) {
        ExecutorService replacement = nThreads <= 0 || threadFactory == null ? null
                : replacement("newFixedThreadPool", new Object[] {nThreads, threadFactory});
        return replacement != null ? replacement : Executors.newFixedThreadPool(nThreads, threadFactory);
    }

    /** Replaces {@link Executors#newSingleThreadExecutor()}. */
    public static ExecutorService newSingleThreadExecutor() {
        ExecutorService replacement = replacement("newSingleThreadExecutor", new Object[0]);
        return replacement != null ? replacement : Executors.newSingleThreadExecutor();
    }

    /** Replaces {@link Executors#newSingleThreadExecutor(ThreadFactory)}. */
    public static ExecutorService newSingleThreadExecutor(ThreadFactory threadFactory) {
        ExecutorService replacement = threadFactory == null ? null
                : replacement("newSingleThreadExecutor", new Object[] {threadFactory});
        return replacement != null ? replacement : Executors.newSingleThreadExecutor(threadFactory);
    }

    /**
     * Replaces {@code Executors.newVirtualThreadPerTaskExecutor()} (Java 21 and later; only classes
     * compiled against it call here, so the JDK's method, found by reflection, exists).
     */
    public static ExecutorService newVirtualThreadPerTaskExecutor() {
        ExecutorService replacement = replacement("newVirtualThreadPerTaskExecutor", new Object[0]);
        if (replacement != null) {
            return replacement;
        }
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Executors.newVirtualThreadPerTaskExecutor() is not available", e);
        }
    }

    /** Replaces {@link ThreadPoolExecutor#ThreadPoolExecutor(int, int, long, TimeUnit, BlockingQueue)}. */
    public static ThreadPoolExecutor newThreadPoolExecutor(int corePoolSize, int maximumPoolSize, long keepAliveTime,
            TimeUnit unit, BlockingQueue<Runnable> workQueue) {
        ThreadPoolExecutor replacement = cachedPool(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue,
                null, null, true, true);
        return replacement != null ? replacement
                : new ThreadPoolExecutor(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue);
    }

    /** Replaces {@link ThreadPoolExecutor#ThreadPoolExecutor(int, int, long, TimeUnit, BlockingQueue, ThreadFactory)}. */
    public static ThreadPoolExecutor newThreadPoolExecutor(int corePoolSize, int maximumPoolSize, long keepAliveTime,
            TimeUnit unit, BlockingQueue<Runnable> workQueue, ThreadFactory threadFactory) {
        ThreadPoolExecutor replacement = cachedPool(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue,
                threadFactory, null, threadFactory != null, true);
        return replacement != null ? replacement
                : new ThreadPoolExecutor(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue, threadFactory);
    }

    /** Replaces {@link ThreadPoolExecutor#ThreadPoolExecutor(int, int, long, TimeUnit, BlockingQueue, RejectedExecutionHandler)}. */
    public static ThreadPoolExecutor newThreadPoolExecutor(int corePoolSize, int maximumPoolSize, long keepAliveTime,
            TimeUnit unit, BlockingQueue<Runnable> workQueue, RejectedExecutionHandler handler) {
        ThreadPoolExecutor replacement = cachedPool(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue,
                null, handler, true, handler != null);
        return replacement != null ? replacement
                : new ThreadPoolExecutor(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue, handler);
    }

    /**
     * Replaces {@link ThreadPoolExecutor#ThreadPoolExecutor(int, int, long, TimeUnit, BlockingQueue,
     * ThreadFactory, RejectedExecutionHandler)}.
     */
    public static ThreadPoolExecutor newThreadPoolExecutor(int corePoolSize, int maximumPoolSize, long keepAliveTime,
            TimeUnit unit, BlockingQueue<Runnable> workQueue, ThreadFactory threadFactory,
            RejectedExecutionHandler handler) {
        ThreadPoolExecutor replacement = cachedPool(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue,
                threadFactory, handler, threadFactory != null, handler != null);
        return replacement != null ? replacement : new ThreadPoolExecutor(corePoolSize, maximumPoolSize, keepAliveTime,
                unit, workQueue, threadFactory, handler);
    }

    /**
     * The replacement of a hand-written cached pool, or null: only for the very pool
     * {@code Executors.newCachedThreadPool} makes, unbounded threads ({@code Integer.MAX_VALUE})
     * handing off through a {@link SynchronousQueue}, with arguments the JDK accepts.
     */
    private static ThreadPoolExecutor cachedPool(int corePoolSize, int maximumPoolSize, long keepAliveTime,
            TimeUnit unit, BlockingQueue<Runnable> workQueue, ThreadFactory threadFactory,
            RejectedExecutionHandler handler, boolean factoryValid, boolean handlerValid) {
        if (maximumPoolSize != Integer.MAX_VALUE || workQueue == null || workQueue.getClass() != SynchronousQueue.class
                || corePoolSize < 0 || keepAliveTime < 0 || unit == null || !factoryValid || !handlerValid) {
            return null;
        }
        ExecutorService replacement = replacement(CONSTRUCTOR,
                new Object[] {corePoolSize, unit.toNanos(keepAliveTime), threadFactory, handler});
        return replacement instanceof ThreadPoolExecutor ? (ThreadPoolExecutor) replacement : null;
    }

    private static ExecutorService replacement(String call, Object[] arguments) {
        BiFunction<String, Object[], ExecutorService> h = hook;
        if (h == null) {
            return null;
        }
        try {
            return h.apply(call, arguments);
        } catch (Throwable failure) { // the hook reports its own failures; this is the last resort
            if (!failureReported) {
                failureReported = true;
                System.err.println("[adaptive-pool-agent] replacing " + call + " failed (" + failure
                        + "); this and later pools that fail are the JDK's");
            }
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * Installs the hook, unless one is installed already (a second agent start keeps the first).
     *
     * @return true if this hook was installed
     */
    public static synchronized boolean install(BiFunction<String, Object[], ExecutorService> newHook) {
        if (hook != null) {
            return false;
        }
        hook = newHook;
        return true;
    }

    /** For tests: removes the hook, so that calls fall back to the JDK. */
    public static synchronized void uninstall() {
        hook = null;
    }
}
