package io.adaptivepool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adaptivepool.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What the tests know about the agent's observable output: class names, log lines. */
final class AgentFacts {
    private AgentFacts() {
    }

    /**
     * The class legacy code sees when its cached pool was replaced: the engine's
     * {@code AdaptivePoolExecutor}, relocated inside the agent jar so that an app carrying its own
     * copy of the engine is not disturbed.
     */
    static final String ADAPTIVE_POOL = "io.adaptivepool.agent.shaded.io.adaptivepool.AdaptivePoolExecutor";
    /** The class of an untouched {@code Executors.newCachedThreadPool()}. */
    static final String JDK_POOL = "java.util.concurrent.ThreadPoolExecutor";

    /**
     * The agent's log line giving the side port's address (metrics.port=0 picks any free port), and
     * how it is exposed: {@code (plain HTTP, no auth)}, {@code (TLS 1.2+, basic auth user "prom")}.
     */
    static final Pattern METRICS_PORT = Pattern.compile(
            "^\\[adaptive-pool-agent\\] serving metrics on https?://127\\.0\\.0\\.1:(\\d+)/metrics \\(([^)]*)\\)$");

    /** Agent arguments for a side port on loopback, on any free port: tests never bind other interfaces. */
    static final String METRICS_ON_LOOPBACK = "metrics.host=127.0.0.1,metrics.port=0";
    /**
     * For tests that hold tasks at maxWorkers on purpose and count workers: the stall guard, on by
     * default under the agent, would add workers once nothing has started for a second.
     */
    static final String NO_STALL_GUARD = ",pool.defaults.stallWorkers=0";

    /** Asserts that the fixture printed {@code <label>.class} of a replaced, adaptive pool. */
    static void assertAdaptive(ChildJvm child, String label) {
        assertEquals(ADAPTIVE_POOL, child.value(label + ".class"),
                () -> label + " was not replaced: " + child.describe());
        assertEquals("true", child.value(label + ".tpe"), label + " must still be a ThreadPoolExecutor");
    }

    /** Asserts that the fixture printed {@code <label>.class} of an untouched JDK cached pool. */
    static void assertUntouched(ChildJvm child, String label) {
        assertEquals(JDK_POOL, child.value(label + ".class"), () -> label + " was replaced: " + child.describe());
    }

    static int metricsPort(ChildJvm child) {
        return Integer.parseInt(child.awaitStderr(METRICS_PORT).group(1));
    }

    /**
     * Asserts the agent's line saying that the cached pool made at {@code site} (a caller's
     * {@code Class.method}, {@code <init>} or {@code <clinit>} included) is an adaptive pool.
     */
    static void assertSiteReplaced(ChildJvm child, String site) {
        String prefix = ChildJvm.AGENT_PREFIX + " pool " + site + ": Executors.newCachedThreadPool(";
        child.awaitAgentLine(line -> line.startsWith(prefix) && line.contains(") is an adaptive pool ("),
                "'" + prefix + "...) is an adaptive pool (...)'");
    }

    /** The series of the stall signals, beside the counter {@value #STALLS}, each labelled {@code pool=}. */
    static final List<String> STALL_GAUGES = List.of("adaptive_pool_workers_over_max",
            "adaptive_pool_queue_oldest_age_seconds", "adaptive_pool_task_longest_running_seconds",
            "adaptive_pool_submitters_blocked");
    static final String STALLS = "adaptive_pool_stalls_total";

    /**
     * Asserts the signals of a stall that {@code pool} went through and got over: the engine's
     * {@code java.util.logging} lines on stderr ({@code pool '<name>' stalled:}, then
     * {@code pool '<name>' stall over}), and on the side port a stall counted in {@value #STALLS}
     * beside the {@link #STALL_GAUGES}. Waits (bounded) for each: the lines and the scrape may lag.
     */
    static void assertStallSignals(ChildJvm child, String pool) throws Exception {
        child.awaitStderr(Pattern.compile(Pattern.quote("pool '" + pool + "' stalled:")));
        child.awaitStderr(Pattern.compile(Pattern.quote("pool '" + pool + "' stall over")));
        int port = metricsPort(child);
        Map<String, String> label = Map.of("pool", pool);
        Scrape scrape = Await.answer(Duration.ofSeconds(10), ChildJvm.POLL, () -> Scrape.metrics(port),
                s -> s.find(STALLS, label).stream().anyMatch(sample -> sample.value() >= 1),
                s -> STALLS + label + " counts no stall:\n" + s.text());
        for (String gauge : STALL_GAUGES) {
            assertEquals(1, scrape.find(gauge, label).size(), gauge + label + " missing:\n" + scrape.text());
        }
    }
}
