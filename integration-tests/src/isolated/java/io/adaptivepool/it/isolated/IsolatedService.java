package io.adaptivepool.it.isolated;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Compiled by the integration test (for Java 8) into a directory of its own and loaded by
 * {@code IsolatedLoaderApp} through an isolated URLClassLoader; never on the application classpath.
 */
public final class IsolatedService implements Callable<ExecutorService> {
    @Override
    public ExecutorService call() {
        return Executors.newCachedThreadPool();
    }
}
