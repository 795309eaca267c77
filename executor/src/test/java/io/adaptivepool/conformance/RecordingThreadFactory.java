package io.adaptivepool.conformance;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes daemon threads named {@code <prefix>-N}, remembers them, and gives each the
 * uncaught-exception handler it was built with (if any).
 */
final class RecordingThreadFactory implements ThreadFactory {
    private final String prefix;
    private final Thread.UncaughtExceptionHandler handler;
    private final AtomicInteger ids = new AtomicInteger();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** The most threads it makes; past that it returns null, as a factory out of threads may. */
    private volatile int limit = Integer.MAX_VALUE;

    RecordingThreadFactory(String prefix) {
        this(prefix, null);
    }

    RecordingThreadFactory(String prefix, Thread.UncaughtExceptionHandler handler) {
        this.prefix = prefix;
        this.handler = handler;
    }

    /** From now on makes at most {@code limit} threads in all, and null past that. */
    RecordingThreadFactory limitedTo(int limit) {
        this.limit = limit;
        return this;
    }

    @Override
    public Thread newThread(Runnable r) {
        if (threads.size() >= limit) {
            return null;
        }
        Thread t = new Thread(r, prefix + "-" + ids.incrementAndGet());
        t.setDaemon(true);
        if (handler != null) {
            t.setUncaughtExceptionHandler(handler);
        }
        threads.add(t);
        return t;
    }

    boolean made(Thread t) {
        return threads.contains(t);
    }

    long alive() {
        return threads.stream().filter(Thread::isAlive).count();
    }
}
