package io.adaptivepool;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * The pool's side of the {@link StallWatch}: a few times a second it lets the {@link StallGuard}
 * look for a stall and starts the workers the guard asks for; and it reads the figures of a
 * {@link PoolMetrics} snapshot that live under the pool's lock. Part of {@link PoolEngine}.
 */
final class PoolWatch {
    /*
     * The watch serves every pool of the JVM, so it never waits for a pool's lock: user code runs
     * under it (a removeIf predicate, a drainTo sink, equals), and one pool whose lock is held must
     * not delay the guard of another. It tries the lock and, if the lock is taken, looks again on
     * its next tick (PoolWatchTest: a pool whose lock a predicate holds, beside a pool that stalls).
     *
     * The guard's workers are made and started on a GuardStarter thread, not on the watch: the
     * thread factory is user code, and a start takes the pool's lock.
     *
     * Workers are normally made on a submitter's thread, and a new thread inherits from the thread
     * that makes it: its context class loader, daemon flag and priority (and inheritable
     * thread-locals), and it joins that thread's group unless the factory names one. The guard
     * makes its workers on a starter thread, which has no context class loader and is a daemon, so
     * each one is given what the last worker made on a submitter's thread had when its factory
     * returned it (the reference); the pool's factory still sets what it sets. The starter itself
     * is made in the reference's thread group, so a worker joins the group of the pool's others.
     * Inheritable thread-locals cannot be copied from another thread: the starter has none to pass
     * on (on Java 8 it has the watch's, those of the thread that built the JVM's first pool; see
     * WatchThreads).
     */
    private final PoolEngine pool;
    private final IntSupplier busy = this::busyLocked;

    /** Of the last worker thread made off the watch thread: what the guard's workers are given. */
    private volatile Inherited reference;

    PoolWatch(PoolEngine pool) {
        this.pool = pool;
        Thread builder = Thread.currentThread();
        this.reference = new Inherited(builder);
    }

    // ---- the stall guard's tick -------------------------------------------------------------------

    /**
     * Called by the {@link StallWatch} a few times a second: detects a stall, lets the guard add
     * workers, and restarts a worker for queued tasks if none is left (after failed starts).
     * Returns when the watch should look again: a quarter of the stall timeout while the pool has
     * a busy worker or a queued task, else the watch's longest tick; -1 once the pool has terminated
     * (the watch then forgets it).
     *
     * @param tickNanos the watch's planned spacing of ticks
     */
    long tick(long now, long tickNanos) {
        long soon = pool.stall.timeoutNanos(now, pool.settings()) / 4;
        if (!pool.lock.tryLock()) {
            return soon; // user code holds the lock: look again next tick
        }
        boolean quiet;
        List<Worker> toStart = null;
        StallGuard.Event event;
        try {
            int rs = pool.runState.get();
            if (rs >= RunState.TIDYING) {
                return -1L;
            }
            Settings s = pool.settings();
            int queued = pool.queue.size();
            boolean mayStart = rs <= RunState.SHUTDOWN;
            if (queued > 0 && pool.workers() == 0 && mayStart) {
                toStart = PoolEngine.single(pool.reserveLocked(null, 0L, PoolEngine.Kind.CORE));
            }
            long oldestQueued = queued > 0 ? Math.max(0L, now - Stamp.time(pool.queue.headStampLocked())) : 0L;
            event = pool.stall.check(now, tickNanos, queued, pool.queue.ring.started, s, pool.workers(), busy, oldestQueued,
                    mayStart);
            if (event != null && event.add > 0) {
                int regular = Math.max(0, Math.min(event.add, s.maxWorkers - pool.workers()));
                int extra = event.add - regular;
                toStart = concat(toStart, pool.reserveLocked(regular, PoolEngine.Kind.SCALE_UP));
                toStart = concat(toStart, pool.reserveLocked(extra, PoolEngine.Kind.STALL));
                pool.granted = Math.min(s.stallWorkers, pool.granted + extra);
            }
            if (event != null) {
                event.describe(pool.workers(), busyLocked(), busiestThreadLocked());
            }
            quiet = pool.queue.size() == 0 && pool.idle.size() == pool.workers();
        } finally {
            pool.lock.unlock();
        }
        try {
            if (event != null) {
                StallLines.write(pool.name, event);
            }
        } finally {
            GuardStarter.startAll(pool, toStart, reference.group); // reserved: started whatever the line does
        }
        return quiet ? StallWatch.MAX_TICK_NANOS : soon;
    }

    /**
     * Called with each worker thread the pool's factory made, before it starts: made for a
     * submitter, it becomes the reference; made for the guard ({@link GuardStarter}), it is given
     * the reference's inheritance.
     */
    void made(Thread t) {
        if (!GuardStarter.makesGuardWorkers()) {
            reference = new Inherited(t);
            return;
        }
        Inherited r = reference;
        Thread maker = Thread.currentThread(); // what a thread it makes inherits unless the factory says otherwise
        if (t.getContextClassLoader() == maker.getContextClassLoader()) {
            t.setContextClassLoader(r.loader);
        }
        if (t.isDaemon() == maker.isDaemon() && t.isDaemon() != r.daemon && !t.isAlive()) {
            t.setDaemon(r.daemon);
        }
        if (t.getPriority() == maker.getPriority() && t.getPriority() != r.priority) {
            t.setPriority(r.priority); // within the thread group's maximum, as for any thread
        }
    }

    private static final class Inherited {
        final ClassLoader loader;
        final boolean daemon;
        final int priority;
        /** Null once the thread has ended (a factory may return one): the starter then takes the watch's. */
        final ThreadGroup group;

        Inherited(Thread t) {
            this.loader = t.getContextClassLoader();
            this.daemon = t.isDaemon();
            this.priority = t.getPriority();
            this.group = t.getThreadGroup();
        }
    }

    private static List<Worker> concat(List<Worker> a, List<Worker> b) {
        if (a == null) {
            return b;
        }
        a.addAll(b);
        return a;
    }

    /** Busy workers, under the pool's lock. */
    private int busyLocked() {
        int busy = 0;
        for (Worker w : pool.all) {
            busy += w.recorder.running;
        }
        return busy;
    }

    /** The thread of the worker whose task has run longest, or null; under the pool's lock. */
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

    // ---- the snapshot -----------------------------------------------------------------------------

    /** The figures of a snapshot that live under the pool's lock. */
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
            b.stalled = pool.stall.stalled();
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
