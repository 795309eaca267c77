package io.adaptivepool.benchmarks.burst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> new BurstComparison(args)).getMessage();
    }

    @Test
    void badOptionsAreNamedWithTheirValue() {
        assertEquals("--rate (0) must be >= 1", refusal("--rate", "0"));
        assertEquals("--seconds (ten) is not a whole number", refusal("--seconds", "ten"));
        assertEquals("--min-workers (9) must be <= --workers (8)", refusal("--workers", "8", "--min-workers", "9"));
        assertEquals("--threshold (1.5) must be in [0, 1]", refusal("--threshold", "1.5"));
        assertEquals("--xmx (lots) must look like 512m or 1g", refusal("--xmx", "lots"));
        assertEquals("option '--rate' needs a value", refusal("--rate"));
        assertEquals("unexpected argument 'fast'; options look like --rate 1000", refusal("fast"));
    }

    @Test
    void unknownOptionListsTheKnownOnes() {
        assertEquals("unknown option '--speed'; known: --agent, --agent-args, --classpath, --contenders,"
                + " --drain-seconds, --java, --max-rss-mb, --max-threads, --min-workers, --out, --queue, --rate,"
                + " --sample-ms, --seconds, --sleep-ms, --task-kb, --threshold, --vt-java, --workers, --xmx",
                refusal("--speed", "3"));
    }

    @Test
    void contendersAreCheckedAndDeduplicated() {
        assertEquals(List.of("fixed", "adaptive"), BurstComparison.contenders("fixed, adaptive,fixed"));
        assertEquals("--contenders: 'green' is not one of [cached, virtual, fixed, adaptive, agent]",
                refusal("--contenders", "fixed,green"));
        assertEquals("--contenders (,) names no contender", refusal("--contenders", ","));
    }

    @Test
    void equalsFormIsAccepted() {
        new BurstComparison(new String[] {"--rate=50", "--contenders=fixed"});
    }
}
