package com.acme.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the packaged jar in a child JVM, as the demo does. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LegacyAppIT {

    @Test
    void cachedPoolPilesUpThreadsBehindTheDatabaseAndEveryTaskCompletes() throws Exception {
        // 150 tasks, one connection, 20 ms per query: the database needs 3 s for them all, while the
        // cached pool takes them in a few ms, so almost all of them wait at once, each on a thread.
        Result r = run("--bursts", "3", "--burst-size", "50", "--pause-ms", "0", "--alloc-kb", "4-8",
                "--sleep-ms", "20", "--db-connections", "1", "--cpu-passes", "1");
        assertEquals(0, r.exit, r.output);
        Map<String, String> s = r.summary();
        assertEquals("java.util.concurrent.ThreadPoolExecutor", s.get("executor"));
        assertEquals("150", s.get("tasks_submitted"));
        assertEquals("150", s.get("tasks_completed"));
        assertEquals("0", s.get("tasks_failed"));
        long inFlight = Long.parseLong(s.get("peak_in_flight"));
        long threads = Long.parseLong(s.get("peak_threads"));
        assertTrue(inFlight > 100, "tasks waiting at once: " + inFlight);
        assertTrue(threads > inFlight, "one thread per waiting task, plus the JVM's: " + threads + " vs " + inFlight);
        assertTrue(Long.parseLong(s.get("time_ms")) >= 150 * 20, "one connection serialises the queries");
        assertTrue(r.output.contains("threads "), "live thread counts are printed: " + r.output);
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertTrue(Long.parseLong(s.get("peak_rss_mb")) > 0, r.output);
        }
    }

    @Test
    void badOptionExitsWith2AndNamesIt() throws Exception {
        Result r = run("--burst-size", "lots");
        assertEquals(2, r.exit);
        assertTrue(r.output.contains("legacy-app: --burst-size (lots) is not a whole number"), r.output);
        assertTrue(r.output.contains(LegacyApp.USAGE), r.output);
    }

    record Result(int exit, String output) {
        Map<String, String> summary() {
            String line = output.lines().filter(l -> l.startsWith("SUMMARY ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no SUMMARY line in:\n" + output));
            Map<String, String> values = new HashMap<>();
            for (String pair : line.substring("SUMMARY ".length()).split(" ")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return values;
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("example.jar", "target/legacy-app.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx128m", "-jar", jar));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes(); // ends when the child exits (bounded by @Timeout)
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("legacy-app did not exit");
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
