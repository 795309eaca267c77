package io.adaptivepool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
