package it.layered;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Makes a cached pool from inside a named module of a custom module layer. */
public final class LayeredService implements Callable<ExecutorService> {
    @Override
    public ExecutorService call() {
        return Executors.newCachedThreadPool();
    }
}
