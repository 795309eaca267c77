package io.adaptivepool;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/** A cache line of padding ahead of {@link RecorderFields}. */
abstract class RecorderPadding {
    long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The per-task fields of a {@link Recorder}, between its two paddings. */
abstract class RecorderFields extends RecorderPadding {
    /** 1 while the worker runs a task. */
    volatile int running;
    /** When the running task started, by the coarse clock (see CoarseClock). */
    volatile long runningSince;
    /** Finished tasks that did not throw; with {@link #failed}, each task counts in exactly one. */
    volatile long succeeded;
    volatile long failed;
    volatile long execSum;
    volatile long waitSum;
    /** Owner-thread state: the clock reading at the end of the last task. */
    long lastEnd;
    /** Owner-thread state: the worker blocked waiting for work since {@link #lastEnd}. */
    boolean waited = true;
}

/**
 * What one worker thread did: counts, time sums and histogram buckets, written only by that
 * thread with ordered stores (no compare-and-set, no contended cache line on the task path) and
 * read by snapshots. Tasks run by a submitting thread (CALLER_RUNS) go to a shared recorder
 * instead, under its monitor (a rare path).
 *
 * <p>Timing: a worker reads the clock when a task ends; the next task starts at that same reading
 * unless the worker waited for work in between ({@link #waited}, set by the queue when it blocks,
 * and after a task that was not timed), so a busy worker reads the clock once per task, not
 * twice. The bias, the worker's own hand-off between two tasks, is far below the smallest
 * histogram bucket.
 *
 * <p>Layout: the fields written per task sit between two cache lines of padding (superclass
 * fields come first), and the histogram array has a line of unused slots at each end, so two
 * workers' recorders never share a cache line, even after the collector has copied them next to
 * each other (a precaution: no effect on throughput was measurable on its own).
 */
final class Recorder extends RecorderFields {
    private static final AtomicLongFieldUpdater<RecorderFields> SUCCEEDED =
            AtomicLongFieldUpdater.newUpdater(RecorderFields.class, "succeeded");
    private static final AtomicLongFieldUpdater<RecorderFields> FAILED =
            AtomicLongFieldUpdater.newUpdater(RecorderFields.class, "failed");
    private static final AtomicLongFieldUpdater<RecorderFields> EXEC_SUM =
            AtomicLongFieldUpdater.newUpdater(RecorderFields.class, "execSum");
    private static final AtomicLongFieldUpdater<RecorderFields> WAIT_SUM =
            AtomicLongFieldUpdater.newUpdater(RecorderFields.class, "waitSum");
    private static final AtomicIntegerFieldUpdater<RecorderFields> RUNNING =
            AtomicIntegerFieldUpdater.newUpdater(RecorderFields.class, "running");
    private static final AtomicLongFieldUpdater<RecorderFields> RUNNING_SINCE =
            AtomicLongFieldUpdater.newUpdater(RecorderFields.class, "runningSince");

    /** Unused slots at each end of {@link #buckets}: a cache line. */
    private static final int EDGE = 8;
    private static final int EXEC = EDGE;
    private static final int WAIT = EDGE + LatencyHistogram.BUCKETS;

    long q01, q02, q03, q04, q05, q06, q07, q08;

    /** Both histograms' counts: execution time from {@link #EXEC}, queue wait from {@link #WAIT}. */
    private final AtomicLongArray buckets = new AtomicLongArray(2 * LatencyHistogram.BUCKETS + 2 * EDGE);

    /** The worker starts a task, at {@code coarseNow} by the coarse clock. */
    void begin(long coarseNow) {
        RUNNING_SINCE.lazySet(this, coarseNow);
        RUNNING.lazySet(this, 1);
    }

    /** The worker's task has returned. */
    void end() {
        RUNNING.lazySet(this, 0);
    }

    /** Counts a finished task without timings (metrics disabled). */
    void count(boolean taskFailed) {
        if (taskFailed) {
            FAILED.lazySet(this, failed + 1);
        } else {
            SUCCEEDED.lazySet(this, succeeded + 1);
        }
    }

    /** Records a queue wait, counted 2^weightShift times (see {@link Stamp}). */
    void recordWait(long nanos, int weightShift) {
        int b = WAIT + LatencyHistogram.bucket(nanos);
        buckets.lazySet(b, buckets.get(b) + (1L << weightShift));
        WAIT_SUM.lazySet(this, waitSum + (Math.max(0L, nanos) << weightShift));
    }

    /**
     * Counts a finished task (once) with its execution time (counted 2^weightShift times);
     * as a success or a failure, never both (see PoolStats).
     */
    void recordDone(long execNanos, boolean taskFailed, int weightShift) {
        int b = EXEC + LatencyHistogram.bucket(execNanos);
        buckets.lazySet(b, buckets.get(b) + (1L << weightShift));
        EXEC_SUM.lazySet(this, execSum + (Math.max(0L, execNanos) << weightShift));
        count(taskFailed);
    }

    /** Adds this recorder's figures to {@code into}: processed is the successes and failures read here. */
    void addTo(Totals into) {
        if (running != 0) {
            into.busy++;
            into.oldestStart = Math.min(into.oldestStart, runningSince);
        }
        long f = failed;
        into.failed += f;
        into.processed += f + succeeded;
        into.execSum += execSum;
        into.waitSum += waitSum;
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            into.execBuckets[i] += buckets.get(EXEC + i);
            into.waitBuckets[i] += buckets.get(WAIT + i);
        }
    }

    /** A sum of recorders at one moment. */
    static final class Totals {
        /** Workers running a task (live recorders only). */
        int busy;
        /** The coarse start of the longest-running task now running; Long.MAX_VALUE when none. */
        long oldestStart = Long.MAX_VALUE;
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
            oldestStart = Math.min(oldestStart, other.oldestStart);
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
