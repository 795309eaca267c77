package com.acme.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Code as it is still found in many services: an {@link Executors#newCachedThreadPool()} made once,
 * fed in bursts, never shut down. Each task reads a request into a buffer, waits for one of a few
 * database connections, "queries" (a sleep), then checksums the buffer. A cached pool starts a thread
 * for every task that finds no idle thread, so a burst that arrives faster than the database answers
 * becomes that many threads, each holding its stack and its buffer while it waits for a connection.
 *
 * <p>Nothing here knows about adaptive-pool: {@code -javaagent:adaptive-pool-agent.jar} replaces the
 * pool made in {@link #start()} from the outside.
 */
final class ReportService {
    private final int minKb;
    private final int maxKb;
    private final int minSleepMs;
    private final int maxSleepMs;
    private final int cpuPasses;
    private final Semaphore connections;
    private final Random random;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private ExecutorService executor;

    ReportService(int minKb, int maxKb, int minSleepMs, int maxSleepMs, int cpuPasses, int dbConnections, long seed) {
        this.minKb = minKb;
        this.maxKb = maxKb;
        this.minSleepMs = minSleepMs;
        this.maxSleepMs = maxSleepMs;
        this.cpuPasses = cpuPasses;
        this.connections = new Semaphore(dbConnections);
        this.random = new Random(seed);
    }

    void start() {
        executor = Executors.newCachedThreadPool();
    }

    /** Submits {@code count} report tasks as fast as the executor takes them. */
    List<Future<Long>> submitBurst(int count) {
        List<Future<Long>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kb = minKb + random.nextInt(maxKb - minKb + 1);
            int sleepMs = minSleepMs + random.nextInt(maxSleepMs - minSleepMs + 1);
            futures.add(executor.submit(() -> render(kb, sleepMs)));
        }
        return futures;
    }

    private long render(int kb, int sleepMs) throws InterruptedException {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        try {
            byte[] buffer = new byte[kb * 1024];
            for (int i = 0; i < buffer.length; i += 4096) {
                buffer[i] = (byte) i; // touch every page, as a read into the buffer would
            }
            connections.acquire(); // the database's connection pool is bounded, as they all are
            try {
                Thread.sleep(sleepMs); // the query
            } finally {
                connections.release();
            }
            long hash = 17;
            for (int pass = 0; pass < cpuPasses; pass++) { // "rendering the report"
                for (byte b : buffer) {
                    hash = 31 * hash + b;
                }
            }
            completed.incrementAndGet();
            return hash;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    long completed() {
        return completed.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    int peakInFlight() {
        return peakInFlight.get();
    }

    /** The executor's class, so the output shows whether the agent replaced it. */
    String executorType() {
        return executor.getClass().getName();
    }
}
