package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static io.adaptivepool.it.AgentFacts.assertUntouched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.AttachTargetApp;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dynamic attach: {@code java -jar adaptive-pool-agent.jar attach <pid> [args]} on a running JVM. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AttachIT {

    @Test
    void poolsCreatedAfterAttachAreAdaptiveAndEarlierOnesAreLeftAlone() throws Exception {
        try (ChildJvm target = ChildJvm.fixture(AttachTargetApp.class).name("attach-target")
                .jvmArgs("-XX:+EnableDynamicAgentLoading").start()) {
            assertUntouched(target, "before");
            assertEquals("ok", target.value("before.result"));
            assertEquals("true", target.value("ready"));

            // arguments the agent would reject: a usage error, and nothing is attached
            try (ChildJvm cli = ChildJvm.jar(Env.agentJar(), "attach", String.valueOf(target.pid()),
                    "pool.defaults.maxWorkers=lots").name("attach-cli-bad-arguments").start()) {
                assertEquals(2, cli.awaitExit(Duration.ofSeconds(60)), cli::describe);
                assertTrue(cli.stderrLines().stream().anyMatch(l -> l.contains("pool.defaults.maxWorkers=lots")),
                        cli::describe);
            }
            assertEquals("created", target.ask("create early"));
            assertUntouched(target, "early");

            try (ChildJvm cli = ChildJvm.jar(Env.agentJar(), "attach", String.valueOf(target.pid()),
                    METRICS_ON_LOOPBACK + ",pool.defaults.maxWorkers=3").name("attach-cli").start()) {
                assertEquals(0, cli.awaitExit(Duration.ofSeconds(60)), cli::describe);
            }

            target.awaitAgentLine(l -> l.contains("attached: rewrote 1 loaded class"), "reporting the rewritten class");
            assertEquals("created", target.ask("create late"));
            assertAdaptive(target, "late");
            assertEquals("3", target.value("late.max"), "the attach arguments configure later pools");
            assertEquals("io.adaptivepool.it.fixtures.AttachTargetApp.newPool", target.value("late.name"));
            assertEquals("io.adaptivepool.it.fixtures.AttachTargetApp.newPool-worker-1", target.ask("run"));
            assertEquals(AgentFacts.JDK_POOL, target.ask("before"), "a pool created before attach stays as it was");
            assertEquals("bye", target.ask("exit"));
            assertEquals(0, target.awaitExit(), target::describe);
        }
    }

    @Test
    void theJarWithoutArgumentsPrintsUsage() throws Exception {
        try (ChildJvm cli = ChildJvm.jar(Env.agentJar()).name("cli-usage").start()) {
            assertEquals(2, cli.awaitExit(), cli::describe);
            assertTrue(cli.stderrLines().contains("  java -jar adaptive-pool-agent.jar attach <pid> [key=value,...]"),
                    cli::describe);
        }
    }
}
