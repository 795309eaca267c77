package com.acme.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsDescribeTheDemoBurst() {
        LegacyApp.Options o = LegacyApp.Options.parse(new String[0]);
        assertEquals(2, o.bursts);
        assertEquals(2500, o.burstSize);
        assertEquals(48, o.minKb);
        assertEquals(96, o.maxKb);
        assertEquals(20, o.minSleepMs);
        assertEquals(50, o.maxSleepMs);
        assertEquals(40, o.dbConnections);
    }

    @Test
    void parsesEveryOption() {
        LegacyApp.Options o = LegacyApp.Options.parse(new String[] {"--bursts", "3", "--burst-size", "10",
                "--pause-ms", "0", "--alloc-kb", "1-2", "--sleep-ms", "5", "--cpu-passes", "0",
                "--db-connections", "7", "--no-exit"});
        assertEquals(3, o.bursts);
        assertEquals(10, o.burstSize);
        assertEquals(0, o.pauseMs);
        assertEquals(1, o.minKb);
        assertEquals(2, o.maxKb);
        assertEquals(5, o.minSleepMs);
        assertEquals(5, o.maxSleepMs);
        assertEquals(0, o.cpuPasses);
        assertEquals(7, o.dbConnections);
        assertTrue(o.noExit);
    }

    @Test
    void badValuesNameTheOptionAndTheValue() {
        assertEquals("--bursts (many) is not a whole number", message("--bursts", "many"));
        assertEquals("--burst-size (0) must be between 1 and 100000", message("--burst-size", "0"));
        assertEquals("--sleep-ms (50-20) has its minimum above its maximum", message("--sleep-ms", "50-20"));
        assertEquals("--alloc-kb (x) is not a whole number", message("--alloc-kb", "x-5"));
        assertEquals("--db-connections needs a value", message("--db-connections"));
        assertEquals("unknown option '--threads'", message("--threads", "4"));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> LegacyApp.Options.parse(args)).getMessage();
    }
}
