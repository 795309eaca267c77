package io.adaptivepool.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRunsTest {
    private static PairedRuns.Run run(int pair, String task, int producers, String executor, double ops) {
        return new PairedRuns.Run(pair, task, producers, executor, ops);
    }

    /** Three pairs of noop x1 (ratios 0.5, 1.2, 0.9, in either order within a pair), one of cpu1us x8. */
    private static List<PairedRuns.Run> runs() {
        return List.of(
                run(1, "noop", 1, "adaptive", 3_000_000), run(1, "noop", 1, "tpe-array", 6_000_000),
                run(1, "cpu1us", 8, "adaptive", 1_100_000), run(1, "cpu1us", 8, "tpe-array", 1_000_000),
                run(2, "noop", 1, "tpe-array", 5_000_000), run(2, "noop", 1, "adaptive", 6_000_000),
                run(3, "noop", 1, "jetty", 1), run(3, "noop", 1, "adaptive", 4_500_000),
                run(3, "noop", 1, "tpe-array", 5_000_000));
    }

    @Test
    void eachCellHasTheMedianAndSpreadOfItsPairsRatiosAndEachSidesMedianThroughput() {
        List<PairedRuns.Cell> cells = PairedRuns.cells(runs(), "adaptive", "tpe-array");
        assertEquals(2, cells.size());
        PairedRuns.Cell noop = cells.get(0);
        assertEquals("noop", noop.task());
        assertEquals(1, noop.producers());
        assertEquals(List.of(0.5, 1.2, 0.9), noop.ratios());
        assertEquals(0.9, noop.median(), 1e-12);
        assertEquals(0.5, noop.min(), 1e-12);
        assertEquals(1.2, noop.max(), 1e-12);
        assertEquals(4_500_000, noop.contenderMedian(), 1e-6);
        assertEquals(5_000_000, noop.baselineMedian(), 1e-6);
        PairedRuns.Cell cpu = cells.get(1);
        assertEquals(List.of(1.1), cpu.ratios());
        assertEquals(1.1, cpu.median(), 1e-12);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, PairedRuns.median(List.of(4.0, 1.0, 3.0, 2.0)), 1e-12);
        assertEquals(3.0, PairedRuns.median(List.of(5.0, 1.0, 3.0)), 1e-12);
        assertEquals("median of no values",
                assertThrows(IllegalArgumentException.class, () -> PairedRuns.median(List.of())).getMessage());
    }

    @Test
    void aPairMissingOneSideOrHavingItTwiceIsNamed() {
        assertEquals("cell noop x1, pair 2: no run of tpe-array", assertThrows(IllegalArgumentException.class,
                () -> PairedRuns.cells(List.of(run(1, "noop", 1, "adaptive", 1), run(1, "noop", 1, "tpe-array", 1),
                        run(2, "noop", 1, "adaptive", 1)), "adaptive", "tpe-array")).getMessage());
        assertEquals("cell noop x8, pair 1: two runs of adaptive", assertThrows(IllegalArgumentException.class,
                () -> PairedRuns.cells(List.of(run(1, "noop", 8, "adaptive", 1), run(1, "noop", 8, "adaptive", 1)),
                        "adaptive", "tpe-array")).getMessage());
    }

    @Test
    void markdownRowsAndTheCellsBelowTheBar() {
        List<PairedRuns.Cell> cells = PairedRuns.cells(runs(), "adaptive", "tpe-array");
        List<String> lines = PairedRuns.markdown(cells, "adaptive", "tpe-array").lines().toList();
        assertEquals("| task | producers | pairs | median adaptive / tpe-array | min-max | adaptive (median)"
                + " | tpe-array (median) | ratios, pair by pair |", lines.get(0));
        assertEquals("| noop | 1 | 3 | **0.90** | 0.50-1.20 | 4.50 M/s | 5.00 M/s | 0.50 1.20 0.90 |", lines.get(2));
        assertEquals("| cpu1us | 8 | 1 | **1.10** | 1.10-1.10 | 1.10 M/s | 1.00 M/s | 1.10 |", lines.get(3));
        assertEquals("noop x1", PairedRuns.below(cells, 0.95));
        assertEquals("", PairedRuns.below(cells, 0.9));
    }

    @Test
    void runsGoThroughTheirCsvUnchanged() {
        List<String> lines = new java.util.ArrayList<>();
        lines.add(PairedRuns.CSV_HEADER);
        for (PairedRuns.Run r : runs()) {
            lines.add(r.csv());
        }
        assertEquals(runs(), PairedRuns.parse(lines));
    }

    @Test
    void aBadCsvIsNamedByLine() {
        assertEquals("runs CSV must start with the header 'pair,task,producers,executor,ops_per_s', found 'x'",
                assertThrows(IllegalArgumentException.class, () -> PairedRuns.parse(List.of("x"))).getMessage());
        assertEquals("runs CSV line 2 (1,noop,one,adaptive,5.0) is not pair,task,producers,executor,ops_per_s:"
                + " For input string: \"one\"", assertThrows(IllegalArgumentException.class,
                () -> PairedRuns.parse(List.of(PairedRuns.CSV_HEADER, "1,noop,one,adaptive,5.0"))).getMessage());
    }

    @Test
    void metricsHaveTheirMedianPerCellAndExecutor() {
        List<PairedRuns.Metric> metrics = List.of(
                new PairedRuns.Metric(1, "noop", 1, "adaptive", "threads.workers.park", 0.009, "#/op"),
                new PairedRuns.Metric(1, "noop", 1, "tpe-array", "threads.workers.park", 0.001, "#/op"),
                new PairedRuns.Metric(2, "noop", 1, "adaptive", "threads.workers.park", 0.005, "#/op"),
                new PairedRuns.Metric(2, "noop", 1, "tpe-array", "threads.workers.park", 0.002, "#/op"),
                new PairedRuns.Metric(2, "noop", 1, "jetty", "threads.workers.park", 7, "#/op"),
                new PairedRuns.Metric(1, "noop", 1, "adaptive", "threads.producers.cpu", 58.07, "ns/op"));
        List<String> lines = PairedRuns.metricsMarkdown(metrics, "adaptive", "tpe-array").lines().toList();
        assertEquals(List.of(
                "| task | producers | metric | unit | adaptive (median) | tpe-array (median) |",
                "|---|---:|---|---|---:|---:|",
                "| noop | 1 | threads.workers.park | #/op | 0.00700 | 0.00150 |",
                "| noop | 1 | threads.producers.cpu | ns/op | 58.1 | — |"), lines);
    }

    @Test
    void threeSignificantFigures() {
        assertEquals("1234", PairedRuns.threeFigures(1234.4));
        assertEquals("57.8", PairedRuns.threeFigures(57.83));
        assertEquals("0.412", PairedRuns.threeFigures(0.4121));
        assertEquals("0", PairedRuns.threeFigures(0));
    }

    @Test
    void metricsGoThroughTheirCsvUnchanged() {
        PairedRuns.Metric m = new PairedRuns.Metric(2, "noop", 8, "tpe-array", "threads.workers.park", 0.0023, "#/op");
        assertEquals(List.of(m), PairedRuns.parseMetrics(List.of(PairedRuns.METRICS_HEADER, m.csv())));
        assertEquals("metrics CSV line 2 (1,noop,1,adaptive,x,0.5) is not pair,task,producers,executor,metric,value,unit:"
                + " 7 fields expected", assertThrows(IllegalArgumentException.class, () -> PairedRuns.parseMetrics(
                List.of(PairedRuns.METRICS_HEADER, "1,noop,1,adaptive,x,0.5"))).getMessage());
    }
}
