package io.adaptivepool.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table and the JSON document, from snapshots; a reading the pool's version lacks shows as - or null. */
class PoolRenderingTest {

    private static PoolSnapshot orders(boolean withOldestAge) {
        Map<String, Object> v = new HashMap<>();
        v.put("Workers", 4);
        v.put("BusyWorkers", 3);
        v.put("MinWorkers", 2);
        v.put("MaxWorkers", 8);
        v.put("QueueDepth", 12);
        v.put("QueueCapacity", 500);
        if (withOldestAge) {
            v.put("OldestQueuedAgeMillis", 4_200L);
        }
        v.put("Throughput", 125.25);
        v.put("JobsSubmitted", 1_000L);
        v.put("JobsProcessed", 985L);
        v.put("JobsFailed", 3L);
        v.put("JobsRejected", 7L);
        v.put("Saturation", "REJECT");
        v.put("Shutdown", false);
        v.put("Stalls", 2L);
        v.put("WorkersOverMax", 5);
        return new PoolSnapshot("orders", v);
    }

    @Test
    void table() {
        List<String> lines = PoolTable.render(Arrays.asList(orders(true), new PoolSnapshot("a \"quoted\" pool",
                Collections.<String, Object>singletonMap("Shutdown", true))), null);
        assertEquals(Arrays.asList(
                "POOL                         WORKERS  BUSY  MIN  MAX   QUEUE  OLDEST  THROUGHPUT  FAILED  REJECTED  SATURATION  STALLS  OVER-MAX",
                "orders                             4     3    2    8  12/500    4.2s     125.3/s       3         7  REJECT           2         5",
                "a \"quoted\" pool (shut down)        -     -    -    -     -/-       -           -       -         -  -                -         -"),
                lines);
    }

    @Test
    void tableWithRates() {
        Map<String, Object> later = new HashMap<>();
        later.put("JobsProcessed", 1_985L);
        later.put("JobsRejected", 8L);
        Rates rates = Rates.between(Collections.singletonList(orders(false)),
                Collections.singletonList(new PoolSnapshot("orders", later)), 2_000_000_000L);
        List<String> lines = PoolTable.render(Collections.singletonList(new PoolSnapshot("orders", later)), rates);
        assertEquals("POOL    WORKERS  BUSY  MIN  MAX  QUEUE  OLDEST  THROUGHPUT  FAILED  REJECTED  SATURATION  STALLS  OVER-MAX"
                + "  TASKS/S  REJECTED/S", lines.get(0));
        assertEquals("orders        -     -    -    -    -/-       -           -       -         8  -                -         -"
                + "  500.0/s      0.50/s", lines.get(1));
    }

    @Test
    void json() {
        assertEquals("{\n  \"pid\": 42,\n  \"pools\": [\n"
                + "    {\"name\": \"orders\", \"workers\": 4, \"busyWorkers\": 3, \"minWorkers\": 2, \"maxWorkers\": 8, "
                + "\"queueDepth\": 12, \"queueCapacity\": 500, \"oldestQueuedAgeMillis\": null, \"throughput\": 125.25, "
                + "\"jobsSubmitted\": 1000, \"jobsProcessed\": 985, \"jobsFailed\": 3, \"jobsRejected\": 7, "
                + "\"saturation\": \"REJECT\", \"shutdown\": false, \"stalls\": 2, \"workersOverMax\": 5}\n  ]\n}",
                PoolJson.render("42", Collections.singletonList(orders(false))));
        assertEquals("{\n  \"pid\": 42,\n  \"pools\": []\n}", PoolJson.render("42", Collections.<PoolSnapshot>emptyList()));
    }

    @Test
    void jsonStringsAreEscaped() {
        StringBuilder json = new StringBuilder();
        PoolJson.string(json, "a\"b\\c\nd\u0001");
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", json.toString());
    }

    @Test
    void durations() {
        assertEquals(500, CliDurations.parseMillis("500ms"));
        assertEquals(2_000, CliDurations.parseMillis("2s"));
        assertEquals(60_000, CliDurations.parseMillis("1m"));
        assertEquals(0, CliDurations.parseMillis("0"));
        assertEquals("850ms", CliDurations.formatAge(850));
        assertEquals("3m05s", CliDurations.formatAge(185_000));
        assertEquals("2h10m", CliDurations.formatAge(7_800_000));
    }
}
