package io.adaptivepool.agent;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's argument handling; real attaches run in AgentJarIT against child JVMs. */
class AttachCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AttachCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArgumentsPrintsUsageAndExitsWithTwo() {
        assertEquals(2, run());
        assertTrue(err().startsWith("adaptive-pool-agent: bounded adaptive pools in place of Executors.newCachedThreadPool"),
                err());
        assertTrue(err().contains("java -jar adaptive-pool-agent.jar attach <pid> [key=value,...]"), err());
        assertEquals("", out());
    }

    @Test
    void helpPrintsUsageAndExitsWithZero() {
        assertEquals(0, run("help"));
        assertTrue(out().contains("Exit codes: 0 done, 1 attach failed, 2 usage error."), out());
        assertTrue(out().contains("  java -jar adaptive-pool-agent.jar set <pid> <pool> knob=value [knob=value ...]"), out());
        assertTrue(out().contains("Live knobs for set: minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, "
                + "scaleCooldown, scaleDownIdle, stallWorkers, stallTimeout"), out());
        assertEquals(0, run("--help"));
    }

    @Test
    void operatorCommandsReportUsageErrorsWithTwo() {
        assertEquals(2, run("pools"));
        assertEquals("pools takes one process id: pools <pid> [--json]" + System.lineSeparator(), err());
        assertEquals(2, run("set", "1", "orders", "maxWorkers=0"));
        assertTrue(err().endsWith("maxWorkers (0) must be >= 1" + System.lineSeparator()), err());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(2, run("detach", "1"));
        assertTrue(err().startsWith("unknown command: detach" + System.lineSeparator()), err());
    }

    @Test
    void attachNeedsANumericPid() {
        assertEquals(2, run("attach"));
        assertTrue(err().startsWith("attach takes a process id and, optionally, the agent's arguments"), err());
        err.reset();
        assertEquals(2, run("attach", "my-app"));
        assertEquals("not a process id: my-app" + System.lineSeparator(), err());
    }

    @Test
    void badAgentArgumentsAttachNothing() {
        assertEquals(2, run("attach", "1", "metrics.port=http,threads=4"));
        assertEquals("[adaptive-pool-agent] invalid value metrics.port=http in agent arguments: not an integer; ignored"
                + System.lineSeparator()
                + "[adaptive-pool-agent] unknown key threads in agent arguments; ignored" + System.lineSeparator()
                + "nothing attached: fix the arguments above" + System.lineSeparator(), err());
    }

    @Test
    void runFromClassesRatherThanTheJarItCannotAttach() {
        // here the classes come from a directory; AgentJarIT runs the jar against a process that is not there
        assertEquals(1, run("attach", "999999999"));
        assertEquals("cannot find the agent jar; run this as java -jar adaptive-pool-agent.jar" + System.lineSeparator(),
                err());
    }
}
