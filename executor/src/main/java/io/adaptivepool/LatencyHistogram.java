package io.adaptivepool;

/** The fixed buckets of the pool's latency histograms; the counts live in {@link Recorder}s. */
final class LatencyHistogram {
    /** Upper bounds in nanoseconds: 50 µs to 60 s, roughly 1-2.5-5 per decade. */
    private static final long[] BOUNDS_NANOS = {
        50_000L, 100_000L, 250_000L, 500_000L,
        1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L,
        100_000_000L, 250_000_000L, 500_000_000L,
        1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L, 30_000_000_000L, 60_000_000_000L,
    };

    /** Finite buckets plus the +Inf bucket. */
    static final int BUCKETS = BOUNDS_NANOS.length + 1;

    private LatencyHistogram() {
    }

    static double[] boundsSeconds() {
        double[] seconds = new double[BOUNDS_NANOS.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = BOUNDS_NANOS[i] / 1e9;
        }
        return seconds;
    }

    /**
     * For each power of two 2^k, the first bucket whose bound is at least 2^k: an observation in
     * [2^k, 2^(k+1)) lies in that bucket or one or two after it (bounds grow by 2 to 3 times).
     */
    private static final byte[] FIRST_CANDIDATE = new byte[64];

    static {
        for (int k = 0; k < 64; k++) {
            long low = 1L << k;
            int i = 0;
            while (i < BOUNDS_NANOS.length && BOUNDS_NANOS[i] < low) {
                i++;
            }
            FIRST_CANDIDATE[k] = (byte) i;
        }
    }

    /** The bucket of an observation (negative counts as 0): a table look-up and one or two compares. */
    static int bucket(long nanos) {
        if (nanos <= BOUNDS_NANOS[0]) {
            return 0;
        }
        int i = FIRST_CANDIDATE[63 - Long.numberOfLeadingZeros(nanos)];
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        return i;
    }
}
