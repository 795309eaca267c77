package io.adaptivepool.benchmarks.burst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {

    private static Map<String, String> figures(String... keyValues) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static ContenderResult ok() {
        ContenderResult r = new ContenderResult("adaptive");
        r.jdk = 17;
        r.takeFigures(figures("offered", "1000", "submitted", "1000", "completed", "700", "rejected", "290",
                "failed", "0", "inFlight", "10", "p50us", "20500", "p99us", "151000", "maxUs", "160250",
                "avgUs", "30000", "peakThreads", "40"));
        r.sample(100, new ProcStatus(30, 200 * 1024, 210 * 1024));
        r.sample(200, new ProcStatus(42, 300 * 1024, 300 * 1024));
        return r;
    }

    private static ContenderResult failed() {
        ContenderResult r = new ContenderResult("cached");
        r.jdk = 17;
        r.outcome = ContenderResult.Outcome.FAILED;
        r.detail = "thread cap (3012 > 3000) at 2.5 s";
        r.partial = true;
        r.takeFigures(figures("completed", "50", "rejected", "0", "p50us", "1000", "maxUs", "9000"));
        r.sample(100, new ProcStatus(3012, 900 * 1024, 900 * 1024));
        return r;
    }

    @Test
    void markdownRowsShowOutcomesAndFigures() {
        String md = Reports.markdown(List.of(ok(), failed(),
                ContenderResult.skipped("virtual", "virtual threads need JDK 21+")));
        String[] lines = md.split("\n");
        assertEquals(Reports.MARKDOWN_HEADER, lines[0]);
        assertEquals("| adaptive | 17 | ok | 42 | 300 | 700 | 290 | 10 | 20.5 | 151.0 | 160.3 | 30.0 |", lines[2]);
        assertEquals("| cached | 17 | FAILED: thread cap (3012 > 3000) at 2.5 s | 3012 | 900 | ≥50 | ≥0 | — | 1.0"
                + " | — | ≥9.0 | — |", lines[3], "figures the child never reported are dashes, not zeros");
        assertEquals("| virtual | — | skipped: virtual threads need JDK 21+ | — | — | — | — | — | — | — | — | — |",
                lines[4]);
    }

    @Test
    void aContenderThatCrashedBeforeAnyTaskCompletedShowsNoLatency() {
        ContenderResult r = new ContenderResult("virtual");
        r.jdk = 25;
        r.outcome = ContenderResult.Outcome.CRASHED;
        r.detail = "OutOfMemoryError: Java heap space at 1.2 s (exit 3)";
        r.partial = true;
        r.takeFigures(figures("completed", "0", "p50us", "0", "p99us", "0", "maxUs", "0", "avgUs", "0"));
        r.sample(100, new ProcStatus(25, 1000 * 1024, 1082 * 1024));
        String row = Reports.markdown(List.of(r)).split("\n")[2];
        assertEquals("| virtual | 25 | CRASHED: OutOfMemoryError: Java heap space at 1.2 s (exit 3) | 25 | 1082 | ≥0 | ≥0"
                + " | — | — | — | — | — |", row);
    }

    @Test
    void csvQuotesWhereNeeded() {
        assertEquals("plain", Reports.csv("plain"));
        assertEquals("\"a, b\"", Reports.csv("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", Reports.csv("say \"hi\""));
        String csv = Reports.resultsCsv(List.of(ok()));
        assertEquals(Reports.CSV_HEADER, csv.split("\n")[0]);
        assertTrue(csv.split("\n")[1].startsWith("adaptive,17,OK,,,,false,42,300,1000,1000,700,290,0,10,10,"),
                csv);
        assertEquals("contender,t_ms,threads,rss_mib\nadaptive,100,30,200\nadaptive,200,42,300\n",
                Reports.timelineCsv(List.of(ok())));
    }

    @Test
    void chartIsAReadablePngWithOneColourPerContender(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("burst.png");
        BurstChart.write(List.of(ok(), failed()), "test", 3000, 4096, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        assertTrue(countPixels(image, new Color(0xD62728)) > 50, "the first contender's line is drawn");
        assertTrue(countPixels(image, new Color(0x9467BD)) > 50, "the second contender's line is drawn");
    }

    private static int countPixels(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void niceSteps() {
        assertEquals(1.0, BurstChart.niceStep(0.7));
        assertEquals(2.0, BurstChart.niceStep(1.3));
        assertEquals(500.0, BurstChart.niceStep(321));
        assertEquals(1000.0, BurstChart.niceStep(600));
    }
}
