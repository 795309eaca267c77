package io.adaptivepool.benchmarks.burst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void valuesBelow64AreExact() {
        LatencyRecorder r = new LatencyRecorder();
        for (int v = 1; v <= 50; v++) {
            r.record(v);
        }
        assertEquals(25, r.percentileMicros(50));
        assertEquals(50, r.percentileMicros(99));
        assertEquals(50, r.percentileMicros(100));
        assertEquals(50, r.maxMicros());
        assertEquals(25.5, r.averageMicros(), 1e-9);
        assertEquals(50, r.count());
    }

    @Test
    void percentilesOfALargeRangeAreWithinTheBucketResolution() {
        LatencyRecorder r = new LatencyRecorder();
        for (int v = 1; v <= 100_000; v++) {
            r.record(v);
        }
        long p50 = r.percentileMicros(50);
        long p99 = r.percentileMicros(99);
        assertTrue(p50 >= 50_000 && p50 <= 50_000 * 1.032, "p50 " + p50);
        assertTrue(p99 >= 99_000 && p99 <= 99_000 * 1.032, "p99 " + p99);
        assertEquals(100_000, r.percentileMicros(100), "never above the true max");
        assertEquals(50_000.5, r.averageMicros(), 1e-6);
    }

    @Test
    void everyValueFallsInABucketWhoseUpperBoundCoversIt() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long v = random.nextLong() >>> (1 + random.nextInt(63));
            int index = LatencyRecorder.index(v);
            long upper = LatencyRecorder.upperBound(index);
            assertTrue(upper >= v, v + " in bucket " + index + " up to " + upper);
            assertTrue(index == 0 || LatencyRecorder.upperBound(index - 1) < v, v + " belongs to an earlier bucket");
        }
        assertEquals(Long.MAX_VALUE, LatencyRecorder.upperBound(LatencyRecorder.index(Long.MAX_VALUE)));
    }

    @Test
    void emptyAndNegative() {
        LatencyRecorder r = new LatencyRecorder();
        assertEquals(0, r.percentileMicros(99));
        assertEquals(0.0, r.averageMicros());
        r.record(-5);
        assertEquals(0, r.maxMicros());
        assertEquals(1, r.count());
    }

    @Test
    void badPercentileIsRefusedWithItsValue() {
        LatencyRecorder r = new LatencyRecorder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.percentileMicros(0));
        assertEquals("percentile (0.0) must be in (0, 100]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.percentileMicros(100.5));
        assertEquals("percentile (100.5) must be in (0, 100]", e.getMessage());
    }
}
