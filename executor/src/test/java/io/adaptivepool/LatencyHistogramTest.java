package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    /** The obvious definition: the first bucket whose upper bound (inclusive) holds the value. */
    private static int linear(long nanos) {
        double[] bounds = LatencyHistogram.boundsSeconds();
        for (int i = 0; i < bounds.length; i++) {
            if (nanos <= Math.round(bounds[i] * 1e9)) {
                return i;
            }
        }
        return bounds.length;
    }

    @Test
    void theFastLookUpAgreesWithTheLinearScanEverywhere() {
        double[] bounds = LatencyHistogram.boundsSeconds();
        for (double b : bounds) {
            long bound = Math.round(b * 1e9);
            for (long v : new long[] {bound - 1, bound, bound + 1}) {
                assertEquals(linear(v), LatencyHistogram.bucket(v), "at " + v + " ns");
            }
        }
        for (int k = 0; k < 63; k++) {
            long p = 1L << k;
            for (long v : new long[] {p - 1, p, p + 1}) {
                assertEquals(linear(v), LatencyHistogram.bucket(v), "at " + v + " ns");
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long v = random.nextLong() >>> random.nextInt(64);
            assertEquals(linear(v), LatencyHistogram.bucket(v), "at " + v + " ns");
        }
        assertEquals(0, LatencyHistogram.bucket(-5));
        assertEquals(0, LatencyHistogram.bucket(0));
        assertEquals(bounds.length, LatencyHistogram.bucket(Long.MAX_VALUE));
    }
}
