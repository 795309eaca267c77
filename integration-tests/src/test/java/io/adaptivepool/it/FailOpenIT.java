package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static io.adaptivepool.it.AgentFacts.assertUntouched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.HelloPoolApp;
import io.adaptivepool.it.fixtures.ModuleLayerApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fail-open: a bad configuration or a taken port never stops the app. The app's own output shows
 * it ran, and the agent's one line names the problem; with {@code strict=true} the start fails.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailOpenIT {

    /**
     * One way to get the agent's configuration wrong.
     *
     * @param name the case, for logs
     * @param file contents of a config file (null: none written)
     * @param args the agent arguments; {@code FILE} stands for the config file's path, {@code PORT} for a taken port
     * @param problem fragments the agent's line must contain ({@code FILE} and {@code PORT} substituted):
     *     the first names the problem, the others say what the agent does instead
     * @param disablesAgent whether the agent then leaves pools alone (a config file it cannot read:
     *     what it asked for is unknown), rather than ignoring the one bad part
     */
    record Case(String name, String file, String args, List<String> problem, boolean disablesAgent) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("malformed-file", "pool.defaults.maxWorkers=\\u00zz\n", "config=FILE",
                        List.of("malformed config file FILE", "agent disabled"), true),
                new Case("unreadable-file", null, "config=FILE",
                        List.of("cannot read config file FILE", "agent disabled"), true),
                new Case("config-file-is-a-directory", null, "config=DIR",
                        List.of("cannot read config file DIR", "agent disabled"), true),
                new Case("unknown-key", null, "pool.defaults.maxWorker=4",
                        List.of("unknown key pool.defaults.maxWorker ", "ignored"), false),
                new Case("unknown-key-in-file", "metrics.prot=9999\n", "config=FILE",
                        List.of("unknown key metrics.prot in config file FILE", "ignored"), false),
                new Case("invalid-number", null, "pool.defaults.maxWorkers=lots",
                        List.of("pool.defaults.maxWorkers=lots", "ignored"), false),
                new Case("invalid-duration", null, "pool.defaults.scaleDownIdle=soon",
                        List.of("pool.defaults.scaleDownIdle=soon", "ignored"), false),
                new Case("invalid-saturation", null, "pool.defaults.saturation=DROP",
                        List.of("pool.defaults.saturation=DROP", "ignored"), false),
                new Case("invalid-boolean", null, "metrics.enabled=maybe",
                        List.of("metrics.enabled=maybe", "ignored"), false),
                new Case("min-above-max", null, "pool.defaults.minWorkers=9,pool.defaults.maxWorkers=2",
                        List.of("minWorkers (9)", "maxWorkers (2)"), false),
                new Case("taken-port", null, "metrics.host=127.0.0.1,metrics.port=PORT",
                        List.of("127.0.0.1:PORT", "without the metrics server"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theAppRunsAndTheAgentNamesTheProblemInOneLine(Case c, @TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Setup setup = setUp(c, dir, taken.getLocalPort());
            try (ChildJvm child = ChildJvm.fixture(HelloPoolApp.class).name("fail-open-" + c.name())
                    .agent(setup.args()).args("serve").start()) {
                assertEquals("true", child.value("ran"), "the app's own output shows it ran");
                assertEquals("42", child.value("task.result"));
                if (c.disablesAgent()) {
                    assertUntouched(child, "pool");
                } else {
                    assertAdaptive(child, "pool");
                }
                child.awaitAgentLine(line -> setup.problem().stream().allMatch(line::contains),
                        "naming " + setup.problem());
                assertEquals("bye", child.ask("exit"));
                assertEquals(0, child.awaitExit(), child::describe);

                List<String> naming = child.agentLines().stream()
                        .filter(line -> setup.problem().stream().allMatch(line::contains)).toList();
                assertEquals(1, naming.size(),
                        () -> "one agent line naming " + setup.problem() + ": " + child.describe());
                assertTrue(child.stderrLines().stream().noneMatch(l -> l.startsWith("\tat ")),
                        () -> "one line, no stack trace: " + child.describe());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void strictMakesTheStartFail(Case c, @TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Setup setup = setUp(c, dir, taken.getLocalPort());
            try (ChildJvm child = ChildJvm.fixture(HelloPoolApp.class).name("strict-" + c.name())
                    .agent("strict=true," + setup.args()).start()) {
                assertNotEquals(0, child.awaitExit(), child::describe);
                assertTrue(child.valueNow("ran").isEmpty(), () -> "the app must not have run: " + child.describe());
                String problem = setup.problem().get(0);
                assertTrue(child.stderrLines().stream().anyMatch(line -> line.contains(problem)),
                        () -> "the failure names " + problem + ": " + child.describe());
            }
        }
    }

    /**
     * A class the agent cannot rewrite (a named module of a custom module layer, which cannot be
     * made to read the agent's bridge before it is defined) is left as it was, with one line naming
     * it, and the app runs with the JDK's pool there.
     */
    @Test
    void aClassThatCannotBeRewrittenIsLeftAsItWasAndNamed(@TempDir Path modules) throws Exception {
        TestSources.compile("layered/java/it.layered", modules.resolve("it.layered"), 11);
        try (ChildJvm child = ChildJvm.fixture(ModuleLayerApp.class).name("fail-open-module-layer")
                .agent(METRICS_ON_LOOPBACK).args(modules.toString()).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertEquals("it.layered", child.value("service.module"));
            assertEquals("true", child.value("ran"));
            assertEquals("ok", child.value("task.result"));
            assertUntouched(child, "pool");
            List<String> naming =
                    child.agentLines().stream().filter(l -> l.contains("it.layered.LayeredService")).toList();
            assertEquals(1, naming.size(), child::describe);
            assertTrue(naming.get(0).contains("unchanged") && naming.get(0).contains("stay the JDK's"),
                    naming::toString);
        }
    }

    private record Setup(String args, List<String> problem) {
    }

    private static Setup setUp(Case c, Path dir, int takenPort) throws IOException {
        Path file = dir.resolve("agent.properties");
        if (c.file() != null) {
            Files.writeString(file, c.file(), StandardCharsets.ISO_8859_1);
        } else if (c.args().contains("FILE")) {
            file = dir.resolve("missing").resolve("agent.properties");
        }
        String f = c.args().contains("DIR") ? dir.toString() : file.toString();
        String port = String.valueOf(takenPort);
        String args = c.args().contains("metrics.port") ? c.args() : METRICS_ON_LOOPBACK + "," + c.args();
        return new Setup(args.replace("FILE", f).replace("DIR", f).replace("PORT", port),
                c.problem().stream().map(p -> p.replace("FILE", f).replace("DIR", f).replace("PORT", port)).toList());
    }
}
