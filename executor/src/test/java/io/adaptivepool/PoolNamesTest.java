package io.adaptivepool;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The naming rule that JMX, the Prometheus collector and the agent share (their own tests show they follow it). */
class PoolNamesTest {
    @Test
    void theFirstKeepsTheNameAndRepeatsAreNumberedFromTwo() {
        assertEquals("orders", PoolNames.nth("orders", 1));
        assertEquals("orders#2", PoolNames.nth("orders", 2));
        assertEquals("orders#10", PoolNames.nth("orders", 10));
    }

    @Test
    void aNumberBelowOneIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoolNames.nth("orders", 0));

        assertEquals("n (0) must be >= 1", e.getMessage());
    }

    @Test
    void firstFreeTakesTheFirstNameNotTakenIncludingAGapLeftByAFreedName() {
        assertEquals("orders", PoolNames.firstFree("orders", Set.of("billing")::contains));
        assertEquals("orders#2", PoolNames.firstFree("orders", Set.of("orders")::contains));
        assertEquals("orders#2", PoolNames.firstFree("orders", Set.of("orders", "orders#3")::contains));
        assertEquals("orders#4", PoolNames.firstFree("orders", Set.of("orders", "orders#2", "orders#3")::contains));
    }
}
