package io.adaptivepool.benchmarks.burst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs, small load: the harness runs, accounts every arrival, and reports caps as failures. */
class BurstComparisonIT {

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(Files.isRegularFile(Path.of("/proc/self/status")), "the harness samples Linux /proc");
        System.setProperty("java.awt.headless", "true");
    }

    private static List<ContenderResult> run(Path out, String... extra) throws Exception {
        String[] base = {"--out", out.toString(), "--classpath", System.getProperty("java.class.path"),
            "--seconds", "2", "--drain-seconds", "3", "--task-kb", "64", "--sleep-ms", "5"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return new BurstComparison(args).runAll();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void boundedContendersRunToTheEndAndAccountForEveryArrival(@TempDir Path out) throws Exception {
        List<ContenderResult> results = run(out, "--contenders", "fixed,adaptive", "--rate", "200",
                "--workers", "4", "--min-workers", "2", "--queue", "50");
        assertEquals(2, results.size());
        for (ContenderResult r : results) {
            assertEquals(ContenderResult.Outcome.OK, r.outcome, r.name + ": " + r.status());
            assertEquals(400, r.offered, r.name);
            assertTrue(r.completed > 0, r.name);
            assertEquals(r.offered, r.completed + r.rejected + r.failed + r.notRun(), r.name);
            assertEquals(0, r.failed, r.name);
            assertTrue(r.peakThreads > 4, r.name + " peak threads " + r.peakThreads);
            assertTrue(r.peakRssKb > 0 && !r.timeline.isEmpty(), r.name);
            assertTrue(r.p50Us >= 5_000 && r.maxUs >= r.p99Us && r.p99Us >= r.p50Us, r.name);
            assertTrue(Files.size(out.resolve(r.name + ".log")) > 0);
        }
        assertEquals("java.util.concurrent.ThreadPoolExecutor", results.get(0).poolClass);
        assertEquals("io.adaptivepool.AdaptivePoolExecutor", results.get(1).poolClass);
        for (String file : List.of("burst-results.md", "burst-results.csv", "burst-timeline.csv", "burst.png")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(out.resolve("burst-results.md")).contains("| adaptive | "));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aThreadCapStopsTheRunAndIsReportedAsAFailure(@TempDir Path out) throws Exception {
        // a cached pool needs rate x sleep = 250 threads for its tasks alone, far above the cap of 80
        // (a bare JVM has about 20)
        List<ContenderResult> results = run(out, "--contenders", "cached", "--rate", "5000", "--sleep-ms", "50",
                "--max-threads", "80", "--seconds", "20");
        ContenderResult cached = results.get(0);
        assertEquals(ContenderResult.Outcome.FAILED, cached.outcome, cached.status());
        assertTrue(cached.detail.startsWith("thread cap ("), cached.detail);
        assertTrue(cached.peakThreads > 80, "peak " + cached.peakThreads);
        assertEquals("java.util.concurrent.ThreadPoolExecutor", cached.poolClass, "the cap was hit after the run began");
        assertTrue(cached.wallSeconds < 20, "stopped before its arrivals ended: " + cached.wallSeconds);
        assertTrue(Reports.markdown(results).contains("| FAILED: thread cap ("));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void anRssCapStopsTheRunAndIsReportedAsAFailure(@TempDir Path out) throws Exception {
        // 64 MiB: a JVM allocating 1 GB/s passes it within the first samples
        List<ContenderResult> results = run(out, "--contenders", "fixed", "--rate", "2000", "--task-kb", "500",
                "--sleep-ms", "20", "--workers", "50", "--max-rss-mb", "64", "--seconds", "20");
        ContenderResult fixed = results.get(0);
        assertEquals(ContenderResult.Outcome.FAILED, fixed.outcome, fixed.status());
        assertTrue(fixed.detail.startsWith("RSS cap ("), fixed.detail);
        assertTrue(fixed.wallSeconds < 20, "stopped before its arrivals ended: " + fixed.wallSeconds);
    }
}
