package io.adaptivepool.benchmarks.burst;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free latency histogram in microseconds with about 3% resolution (an HDR-style layout:
 * exact below 64 µs, then 32 linear sub-buckets per power of two), plus exact count, sum and max.
 * Percentiles answer the upper bound of the bucket holding the rank, never above the true max.
 */
final class LatencyRecorder {
    private static final int EXACT = 64;
    private static final int SUB_BUCKETS = 32;
    /** log2(EXACT): the first power of two with sub-buckets. */
    private static final int FIRST_EXPONENT = 6;
    private static final int BUCKETS = EXACT + (63 - FIRST_EXPONENT) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final AtomicLong max = new AtomicLong();

    /** Records one latency; negative values count as 0. */
    void record(long micros) {
        long v = Math.max(0L, micros);
        counts.incrementAndGet(index(v));
        count.increment();
        sum.add(v);
        if (v > max.get()) {
            max.accumulateAndGet(v, Math::max);
        }
    }

    static int index(long v) {
        if (v < EXACT) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int shift = exponent - 5;
        return EXACT + (exponent - FIRST_EXPONENT) * SUB_BUCKETS + (int) ((v >>> shift) - SUB_BUCKETS);
    }

    /** The largest value that falls into bucket {@code index}. */
    static long upperBound(int index) {
        if (index < EXACT) {
            return index;
        }
        int k = index - EXACT;
        int exponent = FIRST_EXPONENT + k / SUB_BUCKETS;
        long mantissa = SUB_BUCKETS + k % SUB_BUCKETS;
        int shift = exponent - 5;
        return ((mantissa + 1) << shift) - 1;
    }

    long count() {
        return count.sum();
    }

    long maxMicros() {
        return max.get();
    }

    /** The mean in microseconds, 0 when empty. */
    double averageMicros() {
        long n = count.sum();
        return n == 0 ? 0.0 : (double) sum.sum() / n;
    }

    /**
     * The value at percentile {@code p} in microseconds, 0 when empty.
     *
     * @throws IllegalArgumentException if p is outside (0, 100]
     */
    long percentileMicros(double p) {
        if (!(p > 0.0 && p <= 100.0)) {
            throw new IllegalArgumentException("percentile (" + p + ") must be in (0, 100]");
        }
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0L;
        }
        long rank = Math.max(1L, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get());
            }
        }
        return max.get();
    }
}
