package com.example.legacy;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Supplier;

/** Every way legacy code reaches Executors.newCachedThreadPool, for the rewriting tests. */
public class LegacyService {
    public static final ExecutorService SHARED = Executors.newCachedThreadPool();

    private final ExecutorService own;

    public LegacyService() {
        own = Executors.newCachedThreadPool();
    }

    public ExecutorService own() {
        return own;
    }

    public ExecutorService direct() {
        return Executors.newCachedThreadPool();
    }

    public ExecutorService directWithFactory(ThreadFactory factory) {
        return Executors.newCachedThreadPool(factory);
    }

    public ExecutorService methodReference() {
        Supplier<ExecutorService> supplier = Executors::newCachedThreadPool;
        return supplier.get();
    }

    public ExecutorService methodReferenceWithFactory(ThreadFactory factory) {
        Function<ThreadFactory, ExecutorService> function = Executors::newCachedThreadPool;
        return function.apply(factory);
    }

    public ExecutorService lambda() throws Exception {
        Callable<ExecutorService> callable = () -> Executors.newCachedThreadPool();
        return callable.call();
    }

    public ExecutorService fixed() {
        return Executors.newFixedThreadPool(1);
    }

    public ExecutorService nullFactory() {
        return Executors.newCachedThreadPool(null);
    }
}
