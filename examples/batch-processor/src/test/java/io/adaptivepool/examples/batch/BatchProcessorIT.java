package io.adaptivepool.examples.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the packaged jar in a child JVM, as a user would. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BatchProcessorIT {

    @Test
    void jarProcessesABatchAndExitsZeroWithASummaryThatAddsUp() throws Exception {
        Result r = run("--items", "5000");
        assertEquals(0, r.exit(), r.output());
        Map<String, Long> s = BatchProcessorTest.summary(r.output());
        assertEquals(5000, s.get("items"));
        assertEquals(5000, s.get("processed") + s.get("failed"));
        assertEquals(5, s.get("failed"));
        assertEquals(0, s.get("unaccounted"));
        assertTrue(s.get("peak_workers") >= 2 && s.get("peak_workers") <= 16, r.output());
        assertTrue(r.output().contains("progress: 5000/5000 (100.0%)"), "plain status lines off a terminal: " + r.output());
        assertTrue(!r.output().contains("\r"), "no progress bar redraws off a terminal");
    }

    @Test
    void badOptionExitsWith2AndNamesIt() throws Exception {
        Result r = run("--items", "-1");
        assertEquals(2, r.exit());
        assertTrue(r.output().contains("batch-processor: --items (-1) must be between 0 and 100000000"), r.output());
    }

    record Result(int exit, String output) {
    }

    static Result run(String... args) throws Exception {
        String jar = System.getProperty("example.jar", "target/batch-processor.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes(); // ends when the child exits (bounded by @Timeout)
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("batch-processor did not exit");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }
}
