package io.adaptivepool;

import java.util.List;

/**
 * The pool's side of the {@link StallWatch}: a few times a second, under the pool's lock, it lets
 * the {@link StallGuard} look for a stall and adds the workers the guard asks for; and it reads the
 * figures of a {@link PoolMetrics} snapshot that live under the lock. Part of {@link PoolEngine}.
 */
final class PoolWatch {
    private final PoolEngine pool;

    PoolWatch(PoolEngine pool) {
        this.pool = pool;
    }

    // ---- the pool.stall guard's tick and the snapshot ----------------------------------------------------

    /**
     * Called by the {@link StallWatch} a few times a second: detects a pool.stall, lets the guard add
     * pool.workers(), and restarts a worker for queued tasks if none is left (after failed starts).
     * Returns false once the pool has terminated (the watch then forgets it).
     */
    boolean tick(long now) {
        List<Worker> toStart = null;
        StallGuard.Event event;
        pool.lock.lock();
        try {
            if (pool.runState.get() >= RunState.TIDYING) {
                return false;
            }
            Settings s = pool.settings();
            int queued = pool.queue.size();
            if (queued > 0 && pool.workers() == 0 && pool.runState.get() <= RunState.SHUTDOWN) {
                toStart = PoolEngine.single(pool.reserveLocked(null, 0L, PoolEngine.Kind.CORE));
            }
            long oldestQueued = queued > 0 ? now - Stamp.time(pool.queue.headStampLocked()) : 0L;
            event = pool.stall.check(now, queued, pool.queue.ring.started, s, pool.workers(), oldestQueued);
            if (event != null && event.add > 0 && pool.runState.get() == RunState.RUNNING) {
                int regular = Math.max(0, Math.min(event.add, s.maxWorkers - pool.workers()));
                int extra = event.add - regular;
                toStart = concat(toStart, pool.reserveLocked(regular, PoolEngine.Kind.SCALE_UP));
                toStart = concat(toStart, pool.reserveLocked(extra, PoolEngine.Kind.STALL));
                pool.granted = Math.min(s.stallWorkers, pool.granted + extra);
            }
            if (event != null) {
                event.describe(pool.workers(), busyLocked(), Math.max(0, pool.workers() - s.maxWorkers), busiestThreadLocked());
            }
        } finally {
            pool.lock.unlock();
        }
        pool.startAll(toStart);
        if (event != null) {
            pool.stall.log(event);
        }
        return true;
    }

    private static List<Worker> concat(List<Worker> a, List<Worker> b) {
        if (a == null) {
            return b;
        }
        a.addAll(b);
        return a;
    }

    /** The thread of the worker whose task has run longest, or null; under the pool.lock. */
    private int busyLocked() {
        int busy = 0;
        for (Worker w : pool.all) {
            busy += w.recorder.running;
        }
        return busy;
    }

    private Thread busiestThreadLocked() {
        Thread best = null;
        long since = Long.MAX_VALUE;
        for (Worker w : pool.all) {
            Recorder r = w.recorder;
            if (r.running != 0 && (best == null || r.runningSince - since < 0)) {
                best = w.thread;
                since = r.runningSince;
            }
        }
        return best;
    }

    /** The figures of a snapshot that live under the pool.lock. */
    void fill(PoolMetrics.Builder b, long now) {
        pool.lock.lock();
        try {
            Settings s = pool.settings();
            int n = pool.workers();
            b.workers = n;
            b.minWorkers = s.minWorkers;
            b.maxWorkers = s.maxWorkers;
            b.queueDepth = pool.queue.size();
            b.queueCapacity = s.queueCapacity;
            b.workersOverMax = Math.max(0, n - s.maxWorkers);
            b.blockedSubmitters = pool.queue.roomWaiters();
            b.stalls = pool.stall.stalls();
            b.oldestQueuedAge = java.time.Duration.ofNanos(b.queueDepth > 0
                    ? Math.max(0L, now - Stamp.time(pool.queue.headStampLocked())) : 0L);
            b.acceptedUnderLock = pool.queue.ring.accepted;
        } finally {
            pool.lock.unlock();
        }
    }

    /** A snapshot of the pool's activity (see {@link AdaptivePoolExecutor#metrics()}). */
    PoolMetrics snapshot() {
        PoolMetrics.Builder b = new PoolMetrics.Builder();
        PoolStats stats = pool.stats;
        Recorder.Totals totals = stats.totals();
        long now = System.nanoTime();
        fill(b, now);
        long failed = totals.failed;
        long processed = Math.max(failed, totals.processed);
        long dropped = stats.dropped.sum();
        b.poolName = pool.name;
        b.jobsFailed = failed;
        b.jobsProcessed = processed;
        b.jobsDropped = dropped;
        b.jobsSubmitted = stats.submitted(Math.max(processed + dropped + b.queueDepth,
                b.acceptedUnderLock + stats.acceptedDirectly.sum()));
        b.rejectedSaturated = stats.rejectedSaturated.sum();
        b.rejectedShutdown = stats.rejectedShutdown.sum();
        b.busyWorkers = Math.min(b.workers, totals.busy);
        b.longestRunning = java.time.Duration.ofNanos(totals.busy > 0 ? Math.max(0L, now - totals.oldestStart) : 0L);
        b.peakWorkers = stats.peak();
        b.scaleUps = stats.scaleUps.sum();
        b.scaleDowns = stats.scaleDowns.sum();
        b.threadFactoryFailures = stats.threadFactoryFailures.sum();
        b.nestedRunsInline = stats.nestedRunsInline.sum();
        b.jobDuration = new HistogramSnapshot(totals.execBuckets, totals.execSum);
        b.queueWait = new HistogramSnapshot(totals.waitBuckets, totals.waitSum);
        stats.fillWindow(b, now, totals);
        stats.adjustTiming(pool.metricsEnabled);
        return new PoolMetrics(b);
    }
}
