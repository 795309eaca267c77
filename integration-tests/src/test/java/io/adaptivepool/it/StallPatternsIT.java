package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static io.adaptivepool.it.AgentFacts.assertUntouched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.StallPatternsApp;
import io.adaptivepool.it.fixtures.ThreadPerConnectionApp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where cached pools are used hardest ({@link StallPatternsApp}), under the agent with its defaults
 * (maxWorkers 64 on this machine's two cores): each pattern passes as on the JDK's cached pool, and
 * the stall lines say what happened, one line each under the agent's prefix, from the logger the
 * docs name.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StallPatternsIT {
    private static final Duration RUN = Duration.ofSeconds(60);
    /** The agent's default on a machine of up to 4 cores, pinned so that the sizes below mean the same anywhere. */
    private static final String AGENT = METRICS_ON_LOOPBACK + ",pool.defaults.maxWorkers=64";
    /**
     * The bound on 200 tasks of 3 s with 64 workers: the JDK's pool takes about 3.4 s, a pool that
     * adds no worker after shutdown() took 13 s (four rounds); the rest is room for a loaded machine.
     */
    static final long SLOW_TESTS_BOUND_MS = 7_000;
    /** Idle keep-alive connections, each holding a worker of the server's pool. */
    private static final int CONNECTIONS = 650;
    /** How long the clients wait for all their answers: a usual read timeout, beyond which one gives up. */
    private static final Duration ANSWER = Duration.ofSeconds(10);

    private static ChildJvm.Builder pattern(String name, String... args) {
        return ChildJvm.fixture(StallPatternsApp.class).name("stall-" + name).args(args);
    }

    /** The barrier pattern under the agent, with a logging configuration that sets the documented logger's level. */
    private static ChildJvm barrierWithLoggerLevel(Path dir, String name, String level) throws IOException {
        Path config = dir.resolve("logging.properties");
        Files.writeString(config, "handlers = java.util.logging.ConsoleHandler\nio.adaptivepool.level = " + level
                + "\n");
        return pattern(name, "barrier", "100").agent(AGENT).jvmArgs("-Djava.util.logging.config.file=" + config)
                .start();
    }

    /** 100 tests meeting at a barrier, submitted, shutdown(), awaitTermination(): all pass. */
    @Test
    void aShutDownRunnerOfTestsThatMeetAtABarrierFinishes() throws Exception {
        try (ChildJvm child = pattern("barrier", "barrier", "100").agent(AGENT).start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertAdaptive(child, "pool");
            assertEquals("100", child.value("passed"), child::describe);
            assertEquals("true", child.value("terminated"));
            String stalled = child.awaitAgentLine(l -> l.contains("' stalled: 36 tasks queued"), "stalled");
            assertTrue(stalled.contains("the stall guard added 36 workers"), stalled);
            assertOneLineEachUnderThePrefix(child);
            List<String> loggers = List.of(child.value("loggers").split(","));
            assertTrue(loggers.contains("io.adaptivepool.AdaptivePoolExecutor"), "the engine's logger keeps its"
                    + " documented name under the agent: " + loggers);
            assertTrue(loggers.stream().noneMatch(n -> n.contains("shaded.io.adaptivepool.AdaptivePoolExecutor")),
                    loggers::toString);
        }
    }

    /** A logging configuration written from the docs applies to the engine's logger under the agent. */
    @Test
    void theDocumentedLoggerNameSilencesTheStallLinesUnderTheAgent(@TempDir Path dir) throws Exception {
        try (ChildJvm child = barrierWithLoggerLevel(dir, "barrier-silenced", "OFF")) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertEquals("100", child.value("passed"), child::describe);
            assertTrue(child.stderrLines().stream().noneMatch(l -> l.contains("' stalled: ")),
                    () -> "io.adaptivepool.level = OFF silences the stall lines:\n" + String.join("\n", child.stderrLines()));
        }
    }

    /** At level FINE of the documented logger, a stall's line is followed by the longest-running worker's stack. */
    @Test
    void levelFineAddsTheLongestRunningWorkersStackUnderTheAgent(@TempDir Path dir) throws Exception {
        try (ChildJvm child = barrierWithLoggerLevel(dir, "barrier-fine", "FINE")) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            String stalled = child.awaitAgentLine(l -> l.contains("' stalled: "), "stalled");
            assertTrue(stalled.contains("; the longest-running worker, "), stalled);
            assertTrue(child.stderrLines().stream().anyMatch(l -> l.startsWith("\tat ") && l.contains("CyclicBarrier")),
                    () -> String.join("\n", child.stderrLines()));
        }
    }

    /** 200 tests of 3 s each on a shut-down pool: about the JDK's 3 s, not 13. */
    @Test
    void twoHundredSlowTestsTakeAboutTheJdksTime() throws Exception {
        try (ChildJvm child = pattern("slow-tests", "slow-tests", "200", "3000").agent(AGENT + ",stall.stacks=true")
                .start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertAdaptive(child, "pool");
            assertEquals("true", child.value("terminated"));
            long elapsed = Long.parseLong(child.value("elapsedMs"));
            assertTrue(elapsed < SLOW_TESTS_BOUND_MS, "200 tests of 3 s took " + elapsed + " ms (the JDK's pool: about 3,000)");
            String stalled = child.awaitAgentLine(l -> l.contains("' stalled: 136 tasks queued"), "stalled");
            assertTrue(stalled.contains("; the longest-running worker, "), "stall.stacks=true asks for the stack: " + stalled);
            assertTrue(child.stderrLines().stream().anyMatch(l -> l.startsWith("\tat ") && l.contains("java.lang.Thread.sleep")),
                    () -> String.join("\n", child.stderrLines()));
        }
    }

    /** 100, then 600, calls stuck in a socket read; 20 healthy calls, each with a 500 ms budget, all succeed. */
    @Test
    void aTimeLimitersBudgetHoldsBehindCallsStuckInASocketRead() throws Exception {
        for (int stuck : new int[] {100, 600}) {
            try (ChildJvm child = pattern("time-limiter-" + stuck, "time-limiter", String.valueOf(stuck), "20")
                    .agent(AGENT).start()) {
                assertEquals(0, child.awaitExit(RUN), child::describe);
                assertAdaptive(child, "pool");
                assertEquals(String.valueOf(stuck), child.value("stuck.held"), "every stuck call is in its read");
                assertEquals("20", child.value("healthy.ok"), () -> "healthy calls within 500 ms behind " + stuck
                        + " stuck ones (" + child.value("healthy.elapsedMs") + " ms for all)\n" + child.describe());
            }
        }
    }

    @Test
    void timeLimiterOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = pattern("time-limiter-jdk", "time-limiter", "100", "20").start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertUntouched(child, "pool");
            assertEquals("20", child.value("healthy.ok"));
        }
    }

    /** 700 async callbacks, each waiting for a follow-up handed to the same pool: all done. */
    @Test
    void asyncCallbacksThatWaitForAFollowUpBeyondTheOldCeilingFinish() throws Exception {
        try (ChildJvm child = pattern("callbacks", "callbacks", "700").agent(AGENT).start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertAdaptive(child, "pool");
            assertEquals("700", child.value("done"), child::describe);
            assertEquals("0", child.value("failed"));
            assertOneLineEachUnderThePrefix(child);
        }
    }

    /**
     * A server that serves each connection on the pool: 650 keep-alive connections, all greeted,
     * then idle, then each makes a request and gets its answer, all within a client's patience.
     */
    @Test
    void sixHundredFiftyIdleKeepAliveConnectionsAreAllServed() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(ThreadPerConnectionApp.class).name("stall-keep-alive").agent(AGENT).start()) {
            assertAdaptive(child, "pool");
            int port = child.intValue("port");
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
                }
                long deadline = System.nanoTime() + ANSWER.toNanos();
                int greeted = 0;
                for (Socket client : clients) {
                    greeted += readLine(client, deadline).startsWith("hello ") ? 1 : 0;
                }
                int greetedInTime = greeted;
                assertEquals(CONNECTIONS, greetedInTime, () -> "connections greeted within " + ANSWER.toSeconds()
                        + " s\n" + child.describe());
                assertEquals(String.valueOf(CONNECTIONS), child.ask("serving"), "every connection held at once");
                for (Socket client : clients) {
                    client.getOutputStream().write("GET /again\n".getBytes(StandardCharsets.UTF_8));
                }
                deadline = System.nanoTime() + ANSWER.toNanos();
                int answered = 0;
                for (Socket client : clients) {
                    answered += "GET /again".equals(readLine(client, deadline)) ? 1 : 0;
                }
                assertEquals(CONNECTIONS, answered, "each idle connection's next request answered");
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
            assertEquals("bye", child.ask("exit"));
        }
    }

    /** A line from the server, or a note of the time out once the deadline has passed. */
    private static String readLine(Socket client, long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            return "(timed out)";
        }
        client.setSoTimeout((int) left);
        StringBuilder line = new StringBuilder();
        InputStream in = client.getInputStream();
        try {
            for (int c; (c = in.read()) != -1 && c != '\n';) {
                line.append((char) c);
            }
        } catch (SocketTimeoutException late) {
            return "(timed out)";
        }
        return line.toString();
    }

    /**
     * Every line the engine wrote (its stall lines) is the agent's: prefixed, one line, no JUL
     * two-line header, no stack (not asked for).
     */
    static void assertOneLineEachUnderThePrefix(ChildJvm child) {
        List<String> err = child.stderrLines();
        for (String line : err) {
            assertTrue(line.startsWith(ChildJvm.AGENT_PREFIX), () -> "a line outside the agent's prefix: '" + line
                    + "'\n" + String.join("\n", err));
        }
        assertTrue(err.stream().anyMatch(l -> l.contains("' stalled: ")), () -> String.join("\n", err));
    }
}
