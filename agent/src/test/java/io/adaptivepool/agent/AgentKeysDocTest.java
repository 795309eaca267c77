package io.adaptivepool.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docs/agent-keys.md} is made from {@link Setting}: this test fails when the checked-in file
 * differs from what the definitions give. {@code -Dagent.keys.write=true} writes it instead.
 */
class AgentKeysDocTest {
    private static final Path DOC = Paths.get("..", "docs", "agent-keys.md");

    @Test
    void theDocsTableIsTheOneTheSettingsMake() throws IOException {
        String generated = Setting.markdownTable();
        if (Boolean.getBoolean("agent.keys.write")) {
            Files.write(DOC, generated.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(Files.exists(DOC), DOC.toAbsolutePath() + " is missing: run this test with -Dagent.keys.write=true");
        assertEquals(generated, new String(Files.readAllBytes(DOC), StandardCharsets.UTF_8),
                "docs/agent-keys.md differs from Setting.java: run AgentKeysDocTest with -Dagent.keys.write=true");
    }

    @Test
    void everyKeyAndKnobIsInTheTable() {
        String table = Setting.markdownTable();
        for (Setting<?> s : Setting.AGENT_KEYS) {
            assertTrue(table.contains("| `" + s.key + "` | `" + AgentConfig.envName(s.key) + "` |"), s.key);
        }
        for (Setting<?> s : Setting.POOL_KNOBS) {
            assertTrue(table.contains("| `" + s.key + "` |"), s.key);
        }
    }
}
