package io.adaptivepool.examples.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchProcessorTest {

    @Test
    void smallQueueForcesBackpressureAndEveryItemIsAccountedFor() throws Exception {
        BatchProcessor.Options o = BatchProcessor.Options.parse(
                new String[] {"--items", "3000", "--max-workers", "4", "--queue", "8"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new BatchProcessor(o, new PrintStream(bytes, true, StandardCharsets.UTF_8), false).run();
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, exit, output);
        Map<String, Long> s = summary(output);
        assertEquals(3000, s.get("items"));
        assertEquals(3, s.get("failed"), "every 1000th item is malformed");
        assertEquals(2997, s.get("processed"));
        assertEquals(0, s.get("unaccounted"));
        // the producer is far faster than 4 workers waiting ~1 ms per item, so a queue of 8 overflows
        assertTrue(s.get("retried_items") > 0, output);
        assertTrue(s.get("rejections") >= s.get("retried_items"), output);
        assertTrue(s.get("peak_workers") >= 2 && s.get("peak_workers") <= 4, output);
        assertTrue(output.contains("progress: 3000/3000 (100.0%)"), output);
        assertTrue(output.contains("accounted for                     3,000   of 3,000\n"), output);
    }

    @Test
    void recordWorkIsDeterministicAndWithinItsRange() {
        for (int id = 0; id < 10_000; id++) {
            long micros = TimeUnit.NANOSECONDS.toMicros(BatchProcessor.ioNanos(id));
            assertTrue(micros >= 200 && micros <= 1800, "id " + id + ": " + micros);
        }
        assertEquals(BatchProcessor.ioNanos(42), BatchProcessor.ioNanos(42));
        assertTrue(BatchProcessor.process(998));
        assertEquals(false, BatchProcessor.process(999));
    }

    static Map<String, Long> summary(String output) {
        String line = output.lines().filter(l -> l.startsWith("SUMMARY ")).findFirst()
                .orElseThrow(() -> new AssertionError("no SUMMARY line in:\n" + output));
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring("SUMMARY ".length()).split(" ")) {
            int eq = pair.indexOf('=');
            String value = pair.substring(eq + 1);
            if (!value.contains(".")) {
                values.put(pair.substring(0, eq), Long.parseLong(value));
            }
        }
        return values;
    }
}
