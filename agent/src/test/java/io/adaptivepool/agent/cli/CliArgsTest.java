package io.adaptivepool.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The command lines of pools, watch and set; invalid ones are usage errors (exit 2) with a message. */
class CliArgsTest {

    private static String usageMessage(org.junit.jupiter.api.function.Executable parse) {
        CliException e = assertThrows(CliException.class, parse);
        assertEquals(CliException.USAGE, e.exitCode);
        return e.getMessage();
    }

    @Test
    void pools() throws Exception {
        CliArgs.Pools plain = CliArgs.pools(new String[] {"pools", "123"});
        assertEquals("123", plain.pid);
        assertFalse(plain.json);
        assertTrue(CliArgs.pools(new String[] {"pools", "--json", "0123"}).json);
        assertEquals("123", CliArgs.pools(new String[] {"pools", "0123"}).pid);
        assertEquals("pools takes one process id: pools <pid> [--json]",
                usageMessage(() -> CliArgs.pools(new String[] {"pools"})));
        assertEquals("not a process id: abc", usageMessage(() -> CliArgs.pools(new String[] {"pools", "abc"})));
        assertEquals("pools: unknown option --yaml (only --json)",
                usageMessage(() -> CliArgs.pools(new String[] {"pools", "1", "--yaml"})));
    }

    @Test
    void watch() throws Exception {
        CliArgs.Watch defaults = CliArgs.watch(new String[] {"watch", "42"});
        assertEquals(2_000, defaults.intervalMillis);
        assertNull(defaults.pool);
        CliArgs.Watch given = CliArgs.watch(new String[] {"watch", "42", "--interval", "500ms", "--pool", "orders"});
        assertEquals(500, given.intervalMillis);
        assertEquals("orders", given.pool);
        assertEquals(60_000, CliArgs.watch(new String[] {"watch", "--interval=1m", "42"}).intervalMillis);
        assertEquals("--interval 2: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 2s, 1m)",
                usageMessage(() -> CliArgs.watch(new String[] {"watch", "42", "--interval", "2"})));
        assertEquals("--interval 10ms: must be at least 100ms",
                usageMessage(() -> CliArgs.watch(new String[] {"watch", "42", "--interval", "10ms"})));
        assertEquals("--pool needs a value", usageMessage(() -> CliArgs.watch(new String[] {"watch", "42", "--pool"})));
        assertEquals("watch takes one process id: watch <pid> [--interval 2s] [--pool NAME]",
                usageMessage(() -> CliArgs.watch(new String[] {"watch", "1", "2"})));
    }

    @Test
    void setParsesEveryKnobInTheOrderGiven() throws Exception {
        CliArgs.Set set = CliArgs.set(new String[] {"set", "7", "orders", "maxWorkers=16", "minWorkers=4",
                "queueCapacity=500", "scaleUpThreshold=0.5", "scaleCooldown=2s", "scaleDownIdle=1m",
                "stallWorkers=3", "stallTimeout=500ms"});
        assertEquals("7", set.pid);
        assertEquals("orders", set.pool);
        assertEquals(Arrays.asList(LiveKnob.MAX_WORKERS, LiveKnob.MIN_WORKERS, LiveKnob.QUEUE_CAPACITY,
                LiveKnob.SCALE_UP_THRESHOLD, LiveKnob.SCALE_COOLDOWN, LiveKnob.SCALE_DOWN_IDLE, LiveKnob.STALL_WORKERS,
                LiveKnob.STALL_TIMEOUT), Arrays.asList(set.values.keySet().toArray()));
        assertEquals(Arrays.asList(16, 4, 500, 0.5, 2_000L, 60_000L, 3, 500L), Arrays.asList(set.values.values().toArray()));
    }

    @Test
    void setRefusesBadCommandLines() {
        assertEquals("set takes a process id, a pool name and at least one knob=value: "
                + "set <pid> <pool> knob=value [knob=value ...]",
                usageMessage(() -> CliArgs.set(new String[] {"set", "7", "orders"})));
        assertEquals("unknown knob: threads (knobs that set changes: minWorkers, maxWorkers, queueCapacity, "
                + "scaleUpThreshold, scaleCooldown, scaleDownIdle, stallWorkers, stallTimeout)",
                usageMessage(() -> CliArgs.set(new String[] {"set", "7", "orders", "threads=3"})));
        assertTrue(usageMessage(() -> CliArgs.set(new String[] {"set", "7", "orders", "saturation=REJECT"}))
                .startsWith("unknown knob: saturation (saturation is fixed when the pool is built; "));
        assertTrue(usageMessage(() -> CliArgs.set(new String[] {"set", "7", "orders", "MAXWORKERS=3"}))
                .startsWith("unknown knob: MAXWORKERS (did you mean maxWorkers? "));
        assertEquals("maxWorkers is given twice",
                usageMessage(() -> CliArgs.set(new String[] {"set", "7", "orders", "maxWorkers=3", "maxWorkers=4"})));
        assertTrue(usageMessage(() -> CliArgs.set(new String[] {"set", "7", "orders", "maxWorkers"}))
                .startsWith("not knob=value: maxWorkers"));
    }

    @Test
    void setRefusesBadValuesWithTheBuildersMessage() {
        assertEquals("maxWorkers (0) must be >= 1",
                usageMessage(() -> CliArgs.set(new String[] {"set", "7", "orders", "maxWorkers=0"})));
        assertEquals("maxWorkers=lots: not a whole number",
                usageMessage(() -> CliArgs.set(new String[] {"set", "7", "orders", "maxWorkers=lots"})));
    }
}
