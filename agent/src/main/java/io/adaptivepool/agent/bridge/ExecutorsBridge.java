package io.adaptivepool.agent.bridge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * Where rewritten call sites of {@code Executors.newCachedThreadPool} land. The agent redirects
 * {@code INVOKESTATIC java/util/concurrent/Executors.newCachedThreadPool} (and method handles to it)
 * to the method of the same name and descriptor here, so a rewrite adds no method and no
 * instruction, and retransformation of loaded classes works too.
 *
 * <p>Class loading: the agent puts this one class on the bootstrap class path, so that every
 * class loader finds the same copy: the application loader, isolated {@code URLClassLoader}s
 * whose parent is the platform loader, web-app and fat-jar loaders. It therefore uses only
 * {@code java.base}, has no nested class and no lambda (only this class file is copied), and
 * never fails: without a hook, or when the hook throws or answers null, it returns what
 * {@link Executors} would have.
 *
 * <p>Public only because rewritten classes in any package call it; not an API.
 */
public final class ExecutorsBridge {
    /**
     * Makes the replacement for a call site; the argument is the caller's thread factory, or null
     * for the no-argument overload. Answers null to keep the JDK's pool. Set once by the agent.
     */
    private static volatile Function<ThreadFactory, ExecutorService> hook;
    private static volatile boolean failureReported;

    private ExecutorsBridge() {
    }

    /** Replaces {@link Executors#newCachedThreadPool()}. */
    public static ExecutorService newCachedThreadPool() {
        ExecutorService replacement = replacement(null);
        return replacement != null ? replacement : Executors.newCachedThreadPool();
    }

    /**
     * Replaces {@link Executors#newCachedThreadPool(ThreadFactory)}.
     *
     * @throws NullPointerException if {@code threadFactory} is null, as the JDK's method does
     */
    public static ExecutorService newCachedThreadPool(ThreadFactory threadFactory) {
        if (threadFactory == null) {
            return Executors.newCachedThreadPool(null); // throws NullPointerException, exactly as before
        }
        ExecutorService replacement = replacement(threadFactory);
        return replacement != null ? replacement : Executors.newCachedThreadPool(threadFactory);
    }

    private static ExecutorService replacement(ThreadFactory threadFactory) {
        Function<ThreadFactory, ExecutorService> h = hook;
        if (h == null) {
            return null;
        }
        try {
            return h.apply(threadFactory);
        } catch (Throwable failure) { // the hook reports its own failures; this is the last resort
            if (!failureReported) {
                failureReported = true;
                System.err.println("[adaptive-pool-agent] replacing Executors.newCachedThreadPool failed ("
                        + failure + "); this and later pools that fail are the JDK's cached pools");
            }
            return null;
        }
    }

    /**
     * Installs the hook, unless one is installed already (a second agent start keeps the first).
     *
     * @return true if this hook was installed
     */
    public static synchronized boolean install(Function<ThreadFactory, ExecutorService> newHook) {
        if (hook != null) {
            return false;
        }
        hook = newHook;
        return true;
    }

    /** For tests: removes the hook, so that calls fall back to {@link Executors}. */
    public static synchronized void uninstall() {
        hook = null;
    }
}
