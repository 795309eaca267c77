package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.JmxWarningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modules' own lines under the agent follow the engine's rule: the jmx module's warning (an
 * MBean server that refuses to unregister a pool's bean, {@link JmxWarningApp}) is one line under
 * the agent's prefix, from the logger the docs name, {@code io.adaptivepool.jmx.AdaptivePoolJmx},
 * which a logging configuration written from the docs silences.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoggerNamesIT {
    private static final String LOGGER = "io.adaptivepool.jmx.AdaptivePoolJmx";
    private static final String WARNING = "': could not unregister its MBean io.adaptivepool:type=AdaptivePool,name=";

    private static ChildJvm.Builder app(String name) {
        return ChildJvm.fixture(JmxWarningApp.class).name("logger-names-" + name).agent(METRICS_ON_LOOPBACK);
    }

    @Test
    void theJmxWarningIsOneLineUnderThePrefixFromTheDocumentedLogger() throws Exception {
        try (ChildJvm child = app("jmx").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertProvoked(child);
            String pool = child.value("pool.name");

            List<String> err = child.stderrLines();
            List<String> warnings = err.stream().filter(l -> l.contains(WARNING)).toList();
            assertEquals(List.of(ChildJvm.AGENT_PREFIX + " pool '" + pool + WARNING + pool
                    + " (javax.management.MBeanRegistrationException: this server keeps the pools' beans)"), warnings,
                    () -> String.join("\n", err));
            for (String line : err) {
                assertTrue(line.startsWith(ChildJvm.AGENT_PREFIX), () -> "a line outside the agent's prefix (a JUL"
                        + " header, a stack): '" + line + "'\n" + String.join("\n", err));
            }
            List<String> loggers = List.of(child.value("loggers").split(","));
            assertTrue(loggers.contains(LOGGER), "the jmx module's logger keeps its documented name: " + loggers);
            assertTrue(loggers.stream().noneMatch(n -> n.contains("shaded")), loggers::toString);
        }
    }

    @Test
    void theDocumentedLoggerNameSilencesTheJmxWarning(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("logging.properties");
        Files.writeString(config, "handlers = java.util.logging.ConsoleHandler\n" + LOGGER + ".level = OFF\n");
        try (ChildJvm child = app("jmx-silenced").jvmArgs("-Djava.util.logging.config.file=" + config).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertProvoked(child);
            assertTrue(child.stderrLines().stream().noneMatch(l -> l.contains(WARNING)),
                    () -> LOGGER + ".level = OFF silences the warning:\n" + String.join("\n", child.stderrLines()));
        }
    }

    /** The pool was the agent's, its bean was registered, and its unregistration refused once, before exit. */
    private static void assertProvoked(ChildJvm child) {
        assertEquals("true", child.value("refusing"), child::describe);
        assertAdaptive(child, "pool");
        assertTrue(child.value("registered").contains("name=" + child.value("pool.name")), child::describe);
        assertEquals("true", child.value("terminated"), child::describe);
        assertEquals("1", child.value("refused"), child::describe);
    }
}
