package io.adaptivepool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's counters.
 *
 * <p>Task path: each worker records into its own {@link Recorder} (ordered stores, no CAS); a
 * submission is counted by the queue, under the lock it holds anyway (a shared counter here cost
 * a tenth of the throughput on short tasks). Everything else here changes only on rare events
 * (refusals, scaling, worker start and exit, tasks accepted other than through the queue).
 *
 * <p>Snapshots sum the live workers' recorders, the totals of workers that have ended
 * ({@link #retired}) and the shared recorder of tasks run by submitters, under {@link #sumLock},
 * which a departing worker also takes to fold its recorder in, so nothing is counted twice or lost.
 * Consistency without stopping the workers: a task is counted submitted before it can run; a
 * finished task counts once, as a success or as a failure, so the success and failure counts, and
 * their sum (processed), only rise from one snapshot to the next (a count of processed beside a
 * count of failed let a snapshot see a failing task as a success for a moment); recorders are
 * read before the submitted count.
 *
 * <p>Throughput and the averages come from a small ring of samples, pushed at most once a second
 * by a worker finishing a task (one volatile read on the task path) or by a snapshot; a snapshot
 * compares the present with the newest sample at least {@link #WINDOW_NANOS} old.
 */
final class PoolStats {
    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long SPACING_NANOS = 1_000_000_000L;
    private static final int SAMPLES = 16;

    /** Tasks accepted other than under the pool's lock: CALLER_RUNS, and inline runs by workers. */
    final LongAdder acceptedDirectly = new LongAdder();
    /** The highest submitted count reported: see {@link #submitted(long)}. */
    private final AtomicLong submittedReported = new AtomicLong();
    final LongAdder rejectedSaturated = new LongAdder();
    final LongAdder rejectedShutdown = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder scaleUps = new LongAdder();
    final LongAdder scaleDowns = new LongAdder();
    final LongAdder threadFactoryFailures = new LongAdder();
    final LongAdder nestedRunsInline = new LongAdder();
    /** The most workers at once. */
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicBoolean factoryFailureLogged = new AtomicBoolean();
    private final AtomicBoolean nestedRunLogged = new AtomicBoolean();
    /**
     * Timing sample: 0 times every task; k times one task in 2^k (by acceptance order), set from
     * the task rate (see {@link TimingSample}).
     */
    private volatile int timingShift;

    private final Object sumLock = new Object();
    private final List<Recorder> workers = new CopyOnWriteArrayList<>();
    /** Guarded by sumLock. */
    private final Recorder.Totals retired = new Recorder.Totals();
    /** Tasks run by submitting threads (CALLER_RUNS); guarded by its own monitor. */
    private final Recorder callers = new Recorder();

    private final ReentrantLock sampleLock = new ReentrantLock();
    private final long[] sampleAt = new long[SAMPLES];
    private final long[] sampleProcessed = new long[SAMPLES];
    private final long[] sampleExecSum = new long[SAMPLES];
    private final long[] sampleWaitSum = new long[SAMPLES];
    private final long[] sampleWaitCount = new long[SAMPLES];
    private int newest = -1;
    private int samples;
    private volatile long lastSampleAt;
    private volatile double recentRate;

    PoolStats(long now) {
        lastSampleAt = now;
        push(now, new Recorder.Totals());
    }

    /**
     * The submitted count to report, never below one reported before: a snapshot that lands
     * between a task's queueing and its being taken back on a shutdown race has counted it once.
     */
    long submitted(long counted) {
        return submittedReported.accumulateAndGet(counted, Math::max);
    }

    void notePeak(int workers) {
        peak.accumulateAndGet(workers, Math::max);
    }

    int peak() {
        return peak.get();
    }

    void workerStarted(Recorder r) {
        workers.add(r);
    }

    int timingShift() {
        return timingShift;
    }

    /** For tests: pins the timing sample (until the rate moves it). */
    void setTimingShift(int shift) {
        timingShift = shift;
    }

    /** Sets the timing sample from the task rate of the last second or so (see {@link TimingSample}). */
    void adjustTiming(boolean metricsEnabled) {
        if (!metricsEnabled) {
            return;
        }
        int shift = timingShift;
        int next = TimingSample.nextShift(shift, recentRate());
        if (next != shift) {
            timingShift = next;
        }
    }

    /**
     * Counts a worker that could not be started, and says so once. Called on the engine's paths
     * (a failed start, before its rescue and termination): the failure's text and the log
     * handlers are user code, and nothing they throw leaves here.
     */
    void threadFactoryFailure(String pool, Throwable failure, int workers) {
        threadFactoryFailures.increment();
        try {
            String message = "pool '" + pool + "': could not start a worker thread ("
                    + (failure == null ? "the thread factory returned null" : failure.toString())
                    + "); running on with " + workers + " workers";
            if (factoryFailureLogged.compareAndSet(false, true)) {
                PoolLog.warning(message + "; further failures are counted in threadFactoryFailures", failure);
            } else if (PoolLog.fine()) {
                PoolLog.fine(message, failure);
            }
        } catch (Throwable logFailed) {
            // counted; a log handler that throws must not stop the engine
        }
    }

    /** Counts a task a worker ran itself, submitted to its own saturated pool, and says so once. */
    void nestedRun(String pool) {
        nestedRunsInline.increment();
        acceptedDirectly.increment();
        if (nestedRunLogged.compareAndSet(false, true)) {
            try {
                PoolLog.info("pool '" + pool + "': a worker submitted a task to its own saturated pool, where only"
                        + " the pool's own workers could make room, so it ran the task itself; further cases are"
                        + " counted in nestedRunsInline");
            } catch (Throwable logFailed) {
                // counted; a log handler that throws must not stop the task from running
            }
        }
    }

    /**
     * Runs a termination listener; whatever it throws (a checked exception thrown sneakily too) is
     * logged and stops neither termination nor the other listeners, as a ThreadPoolExecutor whose
     * terminated() throws still terminates.
     */
    void runListener(String pool, Runnable listener) {
        try {
            listener.run();
        } catch (Throwable e) {
            try {
                PoolLog.warning("pool '" + pool + "': a termination listener failed", e);
            } catch (Throwable logFailed) {
                // a log handler that throws must not stop termination either
            }
        }
    }

    void workerEnded(Recorder r) {
        synchronized (sumLock) {
            r.addTo(retired); // a departing worker's figures outlive it
            workers.remove(r);
        }
    }

    /** The recorder for a task run by a submitting thread; use it under its own monitor. */
    Recorder callers() {
        return callers;
    }

    Recorder.Totals totals() {
        Recorder.Totals t = workerTotals();
        synchronized (callers) {
            callers.addTo(t);
        }
        return t;
    }

    /** Tasks finished by the pool's workers, live and ended (not by submitters). */
    long processedByWorkers() {
        return workerTotals().processed;
    }

    /** The workers' figures, live and ended (not the submitters' under CALLER_RUNS). */
    Recorder.Totals workerTotals() {
        Recorder.Totals t = new Recorder.Totals();
        synchronized (sumLock) {
            for (Recorder r : workers) {
                r.addTo(t);
            }
            t.add(retired);
        }
        return t;
    }

    /**
     * Called by a worker after each timed task; almost always one volatile read.
     *
     * @return true if it took a sample (so {@link #recentRate()} is new)
     */
    boolean maybeSample(long now) {
        if (now - lastSampleAt < SPACING_NANOS || !sampleLock.tryLock()) {
            return false;
        }
        try {
            if (now - lastSampleAt >= SPACING_NANOS) {
                push(now, totals());
                return true;
            }
            return false;
        } finally {
            sampleLock.unlock();
        }
    }

    /** Tasks processed a second between the last two samples (a second or more apart). */
    double recentRate() {
        return recentRate;
    }

    private void push(long now, Recorder.Totals t) {
        if (samples > 0 && now > sampleAt[newest]) {
            recentRate = Math.max(0, t.processed - sampleProcessed[newest]) * 1e9 / (now - sampleAt[newest]);
        }
        newest = (newest + 1) % SAMPLES;
        sampleAt[newest] = now;
        sampleProcessed[newest] = t.processed;
        sampleExecSum[newest] = t.execSum;
        sampleWaitSum[newest] = t.waitSum;
        sampleWaitCount[newest] = t.waitCount();
        samples = Math.min(samples + 1, SAMPLES);
        lastSampleAt = now;
    }

    /** Fills the windowed figures of a snapshot from its own totals. */
    void fillWindow(PoolMetrics.Builder b, long now, Recorder.Totals t) {
        long waitCount = t.waitCount();
        sampleLock.lock();
        try {
            int base = newest;
            for (int i = 0; i < samples; i++) {
                int idx = Math.floorMod(newest - i, SAMPLES);
                base = idx;
                if (now - sampleAt[idx] >= WINDOW_NANOS) {
                    break;
                }
            }
            long elapsed = now - sampleAt[base];
            long done = t.processed - sampleProcessed[base];
            b.throughput = elapsed > 0 ? Math.max(0, done) * 1e9 / elapsed : 0.0;
            b.avgJobLatency = done > 0 ? Duration.ofNanos(Math.max(0, t.execSum - sampleExecSum[base]) / done) : Duration.ZERO;
            long started = waitCount - sampleWaitCount[base];
            b.avgQueueWait = started > 0 ? Duration.ofNanos(Math.max(0, t.waitSum - sampleWaitSum[base]) / started) : Duration.ZERO;
            if (now - lastSampleAt >= SPACING_NANOS) {
                push(now, t);
            }
        } finally {
            sampleLock.unlock();
        }
    }
}
