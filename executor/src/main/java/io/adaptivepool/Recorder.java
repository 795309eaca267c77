package io.adaptivepool;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * What one worker thread did: counts, time sums and histogram buckets, written only by that
 * thread with ordered stores (no compare-and-set, no contended cache line on the task path) and
 * read by snapshots. Tasks run by a submitting thread (CALLER_RUNS) go to a shared recorder
 * instead, under its monitor (a rare path).
 *
 * <p>Timing: a worker reads the clock when a task ends; the next task starts at that same reading
 * unless the worker waited for work in between ({@link #waited}, set by the queue when it blocks),
 * so a busy worker reads the clock once per task, not twice. The bias, the worker's own hand-off
 * between two tasks, is far below the smallest histogram bucket.
 */
final class Recorder {
    private static final AtomicLongFieldUpdater<Recorder> PROCESSED =
            AtomicLongFieldUpdater.newUpdater(Recorder.class, "processed");
    private static final AtomicLongFieldUpdater<Recorder> FAILED =
            AtomicLongFieldUpdater.newUpdater(Recorder.class, "failed");
    private static final AtomicLongFieldUpdater<Recorder> EXEC_SUM =
            AtomicLongFieldUpdater.newUpdater(Recorder.class, "execSum");
    private static final AtomicLongFieldUpdater<Recorder> WAIT_SUM =
            AtomicLongFieldUpdater.newUpdater(Recorder.class, "waitSum");

    private static final AtomicIntegerFieldUpdater<Recorder> RUNNING =
            AtomicIntegerFieldUpdater.newUpdater(Recorder.class, "running");

    /** 1 while the worker runs a task (a nested run does not change it). */
    private volatile int running;
    private volatile long processed;
    private volatile long failed;
    private volatile long execSum;
    private volatile long waitSum;
    private final AtomicLongArray execBuckets = new AtomicLongArray(LatencyHistogram.BUCKETS);
    private final AtomicLongArray waitBuckets = new AtomicLongArray(LatencyHistogram.BUCKETS);

    /** Owner-thread state: the clock reading at the end of the last task. */
    long lastEnd;
    /** Owner-thread state: the worker blocked waiting for work since {@link #lastEnd}. */
    boolean waited = true;

    void running(boolean busy) {
        RUNNING.lazySet(this, busy ? 1 : 0);
    }

    /** Counts a finished task without timings (metrics disabled). */
    void count(boolean taskFailed) {
        PROCESSED.lazySet(this, processed + 1);
        if (taskFailed) {
            FAILED.lazySet(this, failed + 1);
        }
    }

    void recordWait(long nanos) {
        int b = LatencyHistogram.bucket(nanos);
        waitBuckets.lazySet(b, waitBuckets.get(b) + 1);
        WAIT_SUM.lazySet(this, waitSum + Math.max(0L, nanos));
    }

    /** Counts a finished task with its execution time; processed before failed (see PoolStats). */
    void recordDone(long execNanos, boolean taskFailed) {
        int b = LatencyHistogram.bucket(execNanos);
        execBuckets.lazySet(b, execBuckets.get(b) + 1);
        EXEC_SUM.lazySet(this, execSum + Math.max(0L, execNanos));
        count(taskFailed);
    }

    /** Adds this recorder's figures to {@code into}; reads failed before processed. */
    void addTo(Totals into) {
        into.busy += running;
        into.failed += failed;
        into.processed += processed;
        into.execSum += execSum;
        into.waitSum += waitSum;
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            into.execBuckets[i] += execBuckets.get(i);
            into.waitBuckets[i] += waitBuckets.get(i);
        }
    }

    /** A sum of recorders at one moment. */
    static final class Totals {
        /** Workers running a task (live recorders only). */
        int busy;
        long processed;
        long failed;
        long execSum;
        long waitSum;
        final long[] execBuckets = new long[LatencyHistogram.BUCKETS];
        final long[] waitBuckets = new long[LatencyHistogram.BUCKETS];

        long waitCount() {
            long n = 0;
            for (long c : waitBuckets) {
                n += c;
            }
            return n;
        }

        /** Adds {@code other}'s figures to these. */
        void add(Totals other) {
            busy += other.busy;
            failed += other.failed;
            processed += other.processed;
            execSum += other.execSum;
            waitSum += other.waitSum;
            for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
                execBuckets[i] += other.execBuckets[i];
                waitBuckets[i] += other.waitBuckets[i];
            }
        }
    }
}
