package com.example.kinds;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Every kind of executor the agent can replace, made the ways legacy code makes them. */
public class Kinds {
    public static ExecutorService fixed(int n) {
        return Executors.newFixedThreadPool(n);
    }

    public static ExecutorService fixed(int n, ThreadFactory factory) {
        return Executors.newFixedThreadPool(n, factory);
    }

    public static IntFunction<ExecutorService> fixedReference() {
        return Executors::newFixedThreadPool;
    }

    public static ExecutorService single() {
        return Executors.newSingleThreadExecutor();
    }

    public static ExecutorService single(ThreadFactory factory) {
        return Executors.newSingleThreadExecutor(factory);
    }

    /** The pool of Executors.newCachedThreadPool, written out. */
    public static ThreadPoolExecutor handWritten() {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new SynchronousQueue<Runnable>());
    }

    public static ThreadPoolExecutor handWritten(ThreadFactory factory, RejectedExecutionHandler handler) {
        return new ThreadPoolExecutor(2, Integer.MAX_VALUE, 30L, TimeUnit.SECONDS, new SynchronousQueue<Runnable>(),
                factory, handler);
    }

    /** A construction nested in another's arguments: both are rewritten. */
    public static ThreadPoolExecutor[] nested() {
        ThreadPoolExecutor[] pools = new ThreadPoolExecutor[2];
        pools[0] = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new SynchronousQueue<Runnable>(),
                threadsOf(pools[1] = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1L, TimeUnit.SECONDS,
                        new SynchronousQueue<Runnable>())));
        return pools;
    }

    private static ThreadFactory threadsOf(ThreadPoolExecutor pool) {
        return r -> new Thread(r, "nested");
    }

    /** Bounded: not a cached pool, stays the JDK's. */
    public static ThreadPoolExecutor bounded() {
        return new ThreadPoolExecutor(0, 10, 60L, TimeUnit.SECONDS, new SynchronousQueue<Runnable>());
    }

    /** Unbounded threads on another queue: stays the JDK's. */
    public static ThreadPoolExecutor otherQueue() {
        return new ThreadPoolExecutor(1, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>());
    }

    /** A subclass: never replaced. */
    public static ThreadPoolExecutor subclass() {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new SynchronousQueue<Runnable>()) {
        };
    }

    /** Arguments the JDK refuses are refused as before. */
    public static ThreadPoolExecutor negativeCore() {
        return new ThreadPoolExecutor(-1, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new SynchronousQueue<Runnable>());
    }
}
