package io.adaptivepool.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InterleavedOverheadTest {
    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> new InterleavedOverhead(args)).getMessage();
    }

    @Test
    void pairsComeOutermostAndTheFirstRunnerAlternates() {
        List<String> order = new InterleavedOverhead(new String[] {"--pairs", "2", "--tasks", "noop,cpu1us",
                "--producers", "8"}).plan().stream()
                .map(r -> r.pair() + " " + r.task() + " x" + r.producers() + " " + r.executor())
                .collect(Collectors.toList());
        assertEquals(List.of(
                "1 noop x8 adaptive", "1 noop x8 tpe-array", "1 cpu1us x8 adaptive", "1 cpu1us x8 tpe-array",
                "2 noop x8 tpe-array", "2 noop x8 adaptive", "2 cpu1us x8 tpe-array", "2 cpu1us x8 adaptive"), order);
    }

    @Test
    void theDefaultPlanIsFivePairsOfFourCells() {
        List<PairedRuns.Run> plan = new InterleavedOverhead(new String[0]).plan();
        assertEquals(40, plan.size());
        assertEquals(List.of("noop|1", "noop|8", "cpu1us|1", "cpu1us|8"), plan.stream()
                .map(r -> r.task() + "|" + r.producers()).distinct().collect(Collectors.toList()));
    }

    @Test
    void badOptionsAreNamedWithTheirValue() {
        assertEquals("--pairs (0) must be >= 1", refusal("--pairs", "0"));
        assertEquals("--tasks: 'sleep' is not one of [noop, cpu1us, block100us]", refusal("--tasks", "noop,sleep"));
        assertEquals("--tasks (,) names nothing", refusal("--tasks", ","));
        assertEquals("--producers: 'two' is not a whole number", refusal("--producers", "1,two"));
        assertEquals("--producers: 0 is not in [1, 1000]", refusal("--producers", "0"));
        assertEquals("--contender: 'vt' is not one of [adaptive, adaptive-nometrics, adaptive-elastic, tpe-array,"
                + " tpe-linked, cached, fjp, jetty, tomcat] or the diagnostic [tpe-array-wrap, tpe-array-timed]",
                refusal("--contender", "vt"));
        assertEquals("--contender and --baseline are both 'tpe-array'", refusal("--contender", "tpe-array"));
        assertEquals("--bar (high) is not a number", refusal("--bar", "high"));
        assertEquals("--time (0) must be >= 1", refusal("--time", "0"));
        assertEquals("--from-metrics (m.csv) goes with --from", refusal("--from-metrics", "m.csv"));
    }
}
