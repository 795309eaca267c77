package io.adaptivepool;

import java.time.Duration;

/**
 * A snapshot of one pool's activity, taken by {@link AdaptivePoolExecutor#metrics()}.
 *
 * <p>Counters are read in an order that keeps them consistent with each other (never more failed
 * than processed, never more processed than submitted), but the snapshot is not atomic: on a busy
 * pool each value is a point-in-time reading that may already be stale when returned.
 *
 * <p>Accounting: every accepted task ({@link #jobsSubmitted()}) is at any moment queued, running,
 * processed ({@link #jobsProcessed()}) or dropped by a shutdown or removal
 * ({@link #jobsDropped()}); a refused submission was never accepted and counts only in
 * {@link #jobsRejected()}.
 */
public final class PoolMetrics {
    private final String poolName;
    private final int workers;
    private final int busyWorkers;
    private final int peakWorkers;
    private final int minWorkers;
    private final int maxWorkers;
    private final int queueDepth;
    private final int queueCapacity;
    private final long jobsSubmitted;
    private final long jobsProcessed;
    private final long jobsFailed;
    private final long rejectedSaturated;
    private final long rejectedShutdown;
    private final long jobsDropped;
    private final Duration avgJobLatency;
    private final Duration avgQueueWait;
    private final double throughput;
    private final long scaleUps;
    private final long scaleDowns;
    private final long threadFactoryFailures;
    private final long nestedRunsInline;
    private final Duration oldestQueuedAge;
    private final Duration longestRunning;
    private final int blockedSubmitters;
    private final int workersOverMax;
    private final long stalls;
    private final boolean stalled;
    private final HistogramSnapshot jobDuration;
    private final HistogramSnapshot queueWait;

    PoolMetrics(Builder b) {
        this.poolName = b.poolName;
        this.workers = b.workers;
        this.busyWorkers = b.busyWorkers;
        this.peakWorkers = b.peakWorkers;
        this.minWorkers = b.minWorkers;
        this.maxWorkers = b.maxWorkers;
        this.queueDepth = b.queueDepth;
        this.queueCapacity = b.queueCapacity;
        this.jobsSubmitted = b.jobsSubmitted;
        this.jobsProcessed = b.jobsProcessed;
        this.jobsFailed = b.jobsFailed;
        this.rejectedSaturated = b.rejectedSaturated;
        this.rejectedShutdown = b.rejectedShutdown;
        this.jobsDropped = b.jobsDropped;
        this.avgJobLatency = b.avgJobLatency;
        this.avgQueueWait = b.avgQueueWait;
        this.throughput = b.throughput;
        this.scaleUps = b.scaleUps;
        this.scaleDowns = b.scaleDowns;
        this.threadFactoryFailures = b.threadFactoryFailures;
        this.nestedRunsInline = b.nestedRunsInline;
        this.oldestQueuedAge = b.oldestQueuedAge;
        this.longestRunning = b.longestRunning;
        this.blockedSubmitters = b.blockedSubmitters;
        this.workersOverMax = b.workersOverMax;
        this.stalls = b.stalls;
        this.stalled = b.stalled;
        this.jobDuration = b.jobDuration;
        this.queueWait = b.queueWait;
    }

    /** The pool's name. */
    public String poolName() {
        return poolName;
    }

    /** Worker threads now (the executor's pool size: includes a worker that is just starting). */
    public int workers() {
        return workers;
    }

    /** Workers running a task now. */
    public int busyWorkers() {
        return busyWorkers;
    }

    /** The most workers alive at once since the pool was built. */
    public int peakWorkers() {
        return peakWorkers;
    }

    /** The configured minimum number of workers. */
    public int minWorkers() {
        return minWorkers;
    }

    /** The configured maximum number of workers. */
    public int maxWorkers() {
        return maxWorkers;
    }

    /** Tasks waiting in the queue now. */
    public int queueDepth() {
        return queueDepth;
    }

    /** The queue's capacity now. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** Tasks accepted since the pool was built (including those run in the caller by CALLER_RUNS). */
    public long jobsSubmitted() {
        return jobsSubmitted;
    }

    /** Tasks that finished running, successfully or not. */
    public long jobsProcessed() {
        return jobsProcessed;
    }

    /** Tasks that finished by throwing (for {@code submit}: whose Future completed exceptionally). */
    public long jobsFailed() {
        return jobsFailed;
    }

    /** Tasks that finished without throwing: {@code jobsProcessed() - jobsFailed()}. */
    public long jobsSucceeded() {
        return jobsProcessed - jobsFailed;
    }

    /** Submissions refused, for saturation or shutdown. */
    public long jobsRejected() {
        return rejectedSaturated + rejectedShutdown;
    }

    /** Submissions refused with {@link PoolSaturatedException} (or refused by {@code tryExecute} when full). */
    public long jobsRejectedSaturated() {
        return rejectedSaturated;
    }

    /** Submissions refused with {@link PoolShutdownException} (or by {@code tryExecute} after shutdown). */
    public long jobsRejectedShutdown() {
        return rejectedShutdown;
    }

    /**
     * Accepted tasks that will never run: returned by {@code shutdownNow}, listed by
     * {@code shutdownGracefully}, or taken out with {@code remove} / {@code purge}.
     */
    public long jobsDropped() {
        return jobsDropped;
    }

    /**
     * Mean execution time of the tasks that finished in the last throughput window (about 10 s),
     * or zero when none did or metrics are disabled.
     */
    public Duration avgJobLatency() {
        return avgJobLatency;
    }

    /**
     * Mean time between acceptance and start for the tasks that started in the last throughput
     * window (about 10 s), or zero when none did or metrics are disabled.
     */
    public Duration avgQueueWait() {
        return avgQueueWait;
    }

    /**
     * Tasks finished per second over the last 10 to 11 seconds (the window is sampled at most once
     * a second, by workers as they finish tasks and by this snapshot); since the pool started when
     * it is younger than that.
     */
    public double throughput() {
        return throughput;
    }

    /** Workers started above the minimum, by scaling up (threshold steps, full queue, eager mode, raised max). */
    public long scaleUps() {
        return scaleUps;
    }

    /** Workers that retired while the pool was running: idle above the floor, or above a lowered max. */
    public long scaleDowns() {
        return scaleDowns;
    }

    /** Times the thread factory threw, returned null, or its thread could not start. */
    public long threadFactoryFailures() {
        return threadFactoryFailures;
    }

    /**
     * Tasks a worker of this pool ran itself because it submitted them to its own saturated pool
     * in BLOCK mode: its wait for room could otherwise last for ever, since only the pool's own
     * workers make room.
     */
    public long nestedRunsInline() {
        return nestedRunsInline;
    }

    /**
     * How long the oldest queued task has waited, or zero when the queue is empty. Read to within
     * about a quarter of a second (tasks are stamped with a coarse clock unless they are timed).
     */
    public Duration oldestQueuedAge() {
        return oldestQueuedAge;
    }

    /**
     * How long the longest-running task now running has run, or zero when no worker is busy. Read
     * to within about a quarter of a second.
     */
    public Duration longestRunning() {
        return longestRunning;
    }

    /** Submitters waiting now for room in the queue (BLOCK, or a timed submit). */
    public int blockedSubmitters() {
        return blockedSubmitters;
    }

    /**
     * Workers now above {@code maxWorkers}: added by the stall guard (see
     * {@code Builder.stallWorkers}), or not yet retired after {@code maxWorkers} was lowered.
     */
    public int workersOverMax() {
        return workersOverMax;
    }

    /**
     * Stall episodes since the pool was built: times tasks were queued and none started for the
     * pool's stall timeout (its pace, at most {@code stallTimeout}), whether or not the stall guard
     * was on to add workers. Every episode is counted, logged or not.
     */
    public long stalls() {
        return stalls;
    }

    /**
     * Whether the pool is in a stall now: from the start of an episode until its queue has drained
     * or tasks start at the pool's pace again. A point-in-time reading.
     */
    public boolean stalled() {
        return stalled;
    }

    /** Execution time of finished tasks (empty when metrics are disabled). */
    public HistogramSnapshot jobDuration() {
        return jobDuration;
    }

    /** Time from acceptance to start (empty when metrics are disabled). */
    public HistogramSnapshot queueWait() {
        return queueWait;
    }

    /** The few counts the pool's own toString shows. */
    String summary() {
        return "workers = " + workers + " (min " + minWorkers + ", max " + maxWorkers + "), busy = " + busyWorkers
                + ", queued = " + queueDepth + "/" + queueCapacity
                + ", processed = " + jobsProcessed + ", rejected = " + jobsRejected();
    }

    @Override
    public String toString() {
        return "PoolMetrics{pool=" + poolName + ", workers=" + workers + ", busy=" + busyWorkers
                + ", peak=" + peakWorkers + ", min=" + minWorkers + ", max=" + maxWorkers
                + ", queue=" + queueDepth + "/" + queueCapacity
                + ", submitted=" + jobsSubmitted + ", processed=" + jobsProcessed
                + ", failed=" + jobsFailed + ", rejected=" + jobsRejected() + ", dropped=" + jobsDropped
                + ", avgJobLatency=" + avgJobLatency.toNanos() / 1e6 + "ms"
                + ", avgQueueWait=" + avgQueueWait.toNanos() / 1e6 + "ms"
                + ", throughput=" + String.format(java.util.Locale.ROOT, "%.1f", throughput) + "/s"
                + ", scaleUps=" + scaleUps + ", scaleDowns=" + scaleDowns
                + ", oldestQueued=" + oldestQueuedAge.toMillis() + "ms, longestRunning=" + longestRunning.toMillis() + "ms"
                + ", blockedSubmitters=" + blockedSubmitters + ", overMax=" + workersOverMax + ", stalls=" + stalls
                + (stalled ? ", stalled" : "") + "}";
    }

    /** Filled in by the pool; not part of the API. */
    static final class Builder {
        String poolName;
        int workers;
        int busyWorkers;
        int peakWorkers;
        int minWorkers;
        int maxWorkers;
        int queueDepth;
        int queueCapacity;
        long jobsSubmitted;
        long jobsProcessed;
        long jobsFailed;
        long rejectedSaturated;
        long rejectedShutdown;
        long jobsDropped;
        Duration avgJobLatency = Duration.ZERO;
        Duration avgQueueWait = Duration.ZERO;
        double throughput;
        long scaleUps;
        long scaleDowns;
        long threadFactoryFailures;
        long nestedRunsInline;
        Duration oldestQueuedAge = Duration.ZERO;
        Duration longestRunning = Duration.ZERO;
        int blockedSubmitters;
        int workersOverMax;
        long stalls;
        boolean stalled;
        /** Tasks the engine accepted under its lock; the pool derives jobsSubmitted from it. */
        long acceptedUnderLock;
        HistogramSnapshot jobDuration;
        HistogramSnapshot queueWait;
    }
}
