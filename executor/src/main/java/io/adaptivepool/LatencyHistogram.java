package io.adaptivepool;

import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket, lock-free latency histogram. Recording is one bucket search over a short
 * constant array and two {@link LongAdder} increments, so producers and workers never contend on
 * a single cache line.
 */
final class LatencyHistogram {
    /** Upper bounds in nanoseconds: 50 µs to 60 s, roughly 1-2.5-5 per decade. */
    private static final long[] BOUNDS_NANOS = {
        50_000L, 100_000L, 250_000L, 500_000L,
        1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L,
        100_000_000L, 250_000_000L, 500_000_000L,
        1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L, 30_000_000_000L, 60_000_000_000L,
    };

    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    static double[] boundsSeconds() {
        double[] seconds = new double[BOUNDS_NANOS.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = BOUNDS_NANOS[i] / 1e9;
        }
        return seconds;
    }

    void record(long nanos) {
        if (nanos < 0) {
            nanos = 0; // nanoTime is monotonic, but a task stamped on another core may read a hair early
        }
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    long sumNanos() {
        return sumNanos.sum();
    }

    long count() {
        long total = 0;
        for (LongAdder b : buckets) {
            total += b.sum();
        }
        return total;
    }

    HistogramSnapshot snapshot() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return new HistogramSnapshot(counts, sumNanos.sum());
    }
}
