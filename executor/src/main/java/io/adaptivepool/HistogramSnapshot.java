package io.adaptivepool;

import java.util.Arrays;

/**
 * A point-in-time copy of one of the pool's latency histograms (execution time or queue wait).
 *
 * <p>The buckets are fixed for the life of the process, so exporters can map them one to one:
 * {@link #upperBoundsSeconds()} lists the finite upper bounds (inclusive, ascending); the last
 * entry of {@link #bucketCounts()} is the overflow bucket ({@code +Inf}). Counts are per bucket,
 * not cumulative; {@link #cumulativeCounts()} gives the Prometheus form.
 */
public final class HistogramSnapshot {
    private final long[] counts;
    private final long count;
    private final long sumNanos;

    HistogramSnapshot(long[] counts, long sumNanos) {
        this.counts = counts;
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        this.count = total;
        this.sumNanos = sumNanos;
    }

    /** The finite upper bounds of the buckets, in seconds, ascending; a fresh copy. */
    public double[] upperBoundsSeconds() {
        return LatencyHistogram.boundsSeconds();
    }

    /** Observations per bucket; one more entry than {@link #upperBoundsSeconds()}: the last is +Inf. */
    public long[] bucketCounts() {
        return counts.clone();
    }

    /** Observations at or below each bound, ending with the total (the +Inf bucket). */
    public long[] cumulativeCounts() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            cumulative[i] = running;
        }
        return cumulative;
    }

    /** The number of observations. */
    public long count() {
        return count;
    }

    /** The sum of all observations, in seconds. */
    public double sumSeconds() {
        return sumNanos / 1e9;
    }

    @Override
    public String toString() {
        return "HistogramSnapshot{count=" + count + ", sumSeconds=" + sumSeconds()
                + ", buckets=" + Arrays.toString(counts) + "}";
    }
}
