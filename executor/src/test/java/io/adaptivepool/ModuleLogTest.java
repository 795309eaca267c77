package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The modules' log: the documented logger names, JUL in plain code (touched only by the first
 * line), and the agent's one-line format with the logger's level still deciding. The agent's
 * relocated copy is checked in a real JVM by the integration tests' LoggerNamesIT.
 */
class ModuleLogTest {
    /** A writer of its own, whose logger nothing else creates. */
    private static final class Lazy {
    }

    private final ByteArrayOutputStream agentBytes = new ByteArrayOutputStream();
    private final PrintStream agentOut = new PrintStream(agentBytes, true, StandardCharsets.UTF_8);

    @Test
    void aWritersLoggerIsItsClassName() {
        assertEquals("io.adaptivepool.AdaptivePoolExecutor", ModuleLog.of(AdaptivePoolExecutor.class).name());
        assertEquals("io.adaptivepool.ModuleLogTest$Lazy", ModuleLog.of(Lazy.class).name());
    }

    @Test
    void aClassOutsideTheModulesIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModuleLog.of(String.class));
        assertEquals("owner (java.lang.String) is not a class of the modules under io.adaptivepool.", e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> ModuleLog.of(null));
        assertEquals("owner", npe.getMessage());
    }

    @Test
    void julIsTouchedByTheFirstLineOnly() {
        String name = "io.adaptivepool.ModuleLogTest$Lazy";
        ModuleLog log = ModuleLog.of(Lazy.class);
        assertNull(LogManager.getLogManager().getLogger(name), "no logger before the first line");

        log.warning("first line");

        assertNotNull(LogManager.getLogManager().getLogger(name));
    }

    @Test
    void inPlainCodeALineIsAJulRecordOfTheDocumentedLogger() {
        ModuleLog log = ModuleLog.of(AdaptivePoolExecutor.class);
        IllegalStateException cause = new IllegalStateException("boom");
        try (LogCapture capture = LogCapture.of("io.adaptivepool.AdaptivePoolExecutor")) {
            log.warning("plain line, ModuleLogTest");
            log.warning("plain line with a cause, ModuleLogTest", cause);

            List<LogRecord> records = capture.containing("ModuleLogTest");
            assertEquals(2, records.size(), records::toString);
            for (LogRecord r : records) {
                assertEquals(Level.WARNING, r.getLevel());
                assertEquals("io.adaptivepool.AdaptivePoolExecutor", r.getLoggerName());
                assertEquals("io.adaptivepool.AdaptivePoolExecutor", r.getSourceClassName(), "the writer, not ModuleLog");
            }
            assertNull(records.get(0).getThrown());
            assertSame(cause, records.get(1).getThrown());
        }
    }

    @Test
    void inTheAgentALineIsOnePrefixedLineAndNoJulRecord() {
        String name = "io.adaptivepool.ModuleLogTest.agentLine";
        ModuleLog log = new ModuleLog(name, true, agentOut);
        try (LogCapture capture = LogCapture.of(name)) {
            log.warning("pool 'p': a line");
            log.warning("pool 'p': a line with a cause", new IllegalStateException("boom"));

            assertEquals(List.of("[adaptive-pool-agent] pool 'p': a line",
                    "[adaptive-pool-agent] pool 'p': a line with a cause (java.lang.IllegalStateException: boom)"),
                    agentLines());
            assertEquals(List.of(), capture.records(), "the agent's line is not also a JUL record");
        }
    }

    @Test
    void inTheAgentTheLoggersLevelDecides() {
        String name = "io.adaptivepool.ModuleLogTest.agentLevel";
        Logger logger = Logger.getLogger(name); // held: JUL keeps loggers, and their levels, weakly
        ModuleLog log = new ModuleLog(name, true, agentOut);
        try {
            logger.setLevel(Level.OFF);
            log.warning("silenced", new IllegalStateException("boom"));
            assertEquals(List.of(), agentLines(), "level OFF writes nothing");

            logger.setLevel(Level.SEVERE);
            log.warning("below SEVERE");
            assertEquals(List.of(), agentLines(), "a WARNING below the level SEVERE is not written");

            logger.setLevel(Level.FINE);
            log.warning("with its stack", new IllegalStateException("boom"));
            List<String> lines = agentLines();
            assertEquals("[adaptive-pool-agent] with its stack (java.lang.IllegalStateException: boom)", lines.get(0));
            assertEquals("java.lang.IllegalStateException: boom", lines.get(1), "at FINE the cause's stack follows");
            assertTrue(lines.get(2).startsWith("\tat io.adaptivepool.ModuleLogTest."), lines::toString);
        } finally {
            logger.setLevel(null);
        }
    }

    private List<String> agentLines() {
        String text = agentBytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }
}
