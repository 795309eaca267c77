package io.adaptivepool.benchmarks.burst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValuesTest {

    @Test
    void formatThenParseRoundTrips() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("completed", 12);
        v.put("pool", "java.util.concurrent.ThreadPoolExecutor");
        String line = KeyValues.format("STATS", v);
        assertEquals("STATS completed=12 pool=java.util.concurrent.ThreadPoolExecutor", line);
        Map<String, String> parsed = KeyValues.parse("STATS", line).orElseThrow();
        assertEquals(Map.of("completed", "12", "pool", "java.util.concurrent.ThreadPoolExecutor"), parsed);
    }

    @Test
    void otherTagsAndNoiseAreNotRecords() {
        assertTrue(KeyValues.parse("STATS", "RESULT a=1").isEmpty());
        assertTrue(KeyValues.parse("STATS", "STATSX a=1").isEmpty());
        assertTrue(KeyValues.parse("STATS", "Terminating due to java.lang.OutOfMemoryError").isEmpty());
        assertTrue(KeyValues.parse("STATS", null).isEmpty());
        assertEquals(Map.of(), KeyValues.parse("CAP", "CAP").orElseThrow());
    }

    @Test
    void malformedTokenIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyValues.parse("STATS", "STATS a=1 broken"));
        assertEquals("malformed token 'broken' in STATS line: STATS a=1 broken", e.getMessage());
    }

    @Test
    void valueWithSpaceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyValues.format("START", Map.of("pool", "a b")));
        assertEquals("value of 'pool' (a b) must be non-empty, without whitespace or '='", e.getMessage());
    }
}
