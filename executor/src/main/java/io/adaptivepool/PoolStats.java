package io.adaptivepool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's counters. Hot-path updates are {@link LongAdder} increments only (striped, so
 * producers and workers do not contend); the busy count is read from the executor at snapshot time.
 *
 * <p>Ordering, so that a snapshot is consistent without a lock: a task is counted submitted
 * before it can run, processed before failed; the snapshot reads failed, then processed, then
 * submitted.
 *
 * <p>Throughput and the averages come from a small ring of samples, pushed at most once a second
 * by a worker finishing a task (one volatile read on the hot path) or by a snapshot; a snapshot
 * compares the present with the newest sample at least {@link #WINDOW_NANOS} old.
 */
final class PoolStats {
    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long SPACING_NANOS = 1_000_000_000L;
    private static final int SAMPLES = 16;

    final LongAdder submitted = new LongAdder();
    final LongAdder processed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder rejectedSaturated = new LongAdder();
    final LongAdder rejectedShutdown = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder scaleUps = new LongAdder();
    final LongAdder scaleDowns = new LongAdder();
    final LongAdder threadFactoryFailures = new LongAdder();
    final LongAdder nestedRunsInline = new LongAdder();
    /** Worker threads the factory made and that have not ended (includes threads still starting). */
    final AtomicInteger threads = new AtomicInteger();
    /** Worker threads running their body now. */
    final AtomicInteger live = new AtomicInteger();
    final LatencyHistogram execTime = new LatencyHistogram();
    final LatencyHistogram queueWait = new LatencyHistogram();

    private final ReentrantLock sampleLock = new ReentrantLock();
    private final long[] sampleAt = new long[SAMPLES];
    private final long[] sampleProcessed = new long[SAMPLES];
    private final long[] sampleExecSum = new long[SAMPLES];
    private final long[] sampleWaitSum = new long[SAMPLES];
    private final long[] sampleWaitCount = new long[SAMPLES];
    private int newest = -1;
    private int samples;
    private volatile long lastSampleAt;

    PoolStats(long now) {
        lastSampleAt = now;
        push(now, 0, 0, 0, 0);
    }

    /** Called by a worker after each task when metrics are on; almost always one volatile read. */
    void maybeSample(long now) {
        if (now - lastSampleAt < SPACING_NANOS || !sampleLock.tryLock()) {
            return;
        }
        try {
            if (now - lastSampleAt >= SPACING_NANOS) {
                push(now, processed.sum(), execTime.sumNanos(), queueWait.sumNanos(), queueWait.count());
            }
        } finally {
            sampleLock.unlock();
        }
    }

    private void push(long now, long processed, long execSum, long waitSum, long waitCount) {
        newest = (newest + 1) % SAMPLES;
        sampleAt[newest] = now;
        sampleProcessed[newest] = processed;
        sampleExecSum[newest] = execSum;
        sampleWaitSum[newest] = waitSum;
        sampleWaitCount[newest] = waitCount;
        samples = Math.min(samples + 1, SAMPLES);
        lastSampleAt = now;
    }

    /** Fills the windowed figures of a snapshot; {@code processedNow} is the snapshot's own reading. */
    void fillWindow(PoolMetrics.Builder b, long now, long processedNow) {
        long execSum = execTime.sumNanos();
        long waitSum = queueWait.sumNanos();
        long waitCount = queueWait.count();
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
            long done = processedNow - sampleProcessed[base];
            b.throughput = elapsed > 0 ? Math.max(0, done) * 1e9 / elapsed : 0.0;
            b.avgJobLatency = done > 0 ? Duration.ofNanos((execSum - sampleExecSum[base]) / done) : Duration.ZERO;
            long started = waitCount - sampleWaitCount[base];
            b.avgQueueWait = started > 0 ? Duration.ofNanos((waitSum - sampleWaitSum[base]) / started) : Duration.ZERO;
            if (now - lastSampleAt >= SPACING_NANOS) {
                push(now, processedNow, execSum, waitSum, waitCount);
            }
        } finally {
            sampleLock.unlock();
        }
    }
}
