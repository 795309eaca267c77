package io.adaptivepool.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UnparkCostTest {
    @Test
    void timesEveryRoundAndEnds() {
        long[] nanos = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> UnparkCost.measure(50));
        assertEquals(50, nanos.length);
        assertTrue(Arrays.stream(nanos).allMatch(n -> n >= 0), Arrays.toString(nanos));
    }
}
