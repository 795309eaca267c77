package io.adaptivepool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.SingleTargetApp;
import io.adaptivepool.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An operator cannot give a replaced {@code Executors.newSingleThreadExecutor()} a second worker:
 * the agent jar's {@code set} command, over a real JMX connection to a JVM running the agent with
 * {@code replace=single}, is refused with the pool's reason, and the pool keeps its one worker.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SingleSizeIT {
    private static final String POOL = "io.adaptivepool.it.fixtures.SingleTargetApp.newPool";

    /** One run of the agent jar's CLI to its end. */
    private record Run(int exit, List<String> out, List<String> err, String describe) {
    }

    private static Run cli(String... args) throws Exception {
        try (ChildJvm cli = ChildJvm.jar(Env.agentJar(), args).name("single-size-cli-" + args[0]).start()) {
            int exit = cli.awaitExit(Duration.ofSeconds(60));
            return new Run(exit, cli.stdoutLines(), cli.stderrLines(), cli.describe());
        }
    }

    private static Map<?, ?> poolJson(String pid) throws Exception {
        Run json = Await.answer(ChildJvm.WAIT, ChildJvm.POLL, () -> cli("pools", pid, "--json"),
                run -> run.exit() == 0 && String.join("\n", run.out()).contains(POOL), // registered off the app's thread
                run -> "the pool never appeared: " + run.describe());
        List<?> pools = (List<?>) ((Map<?, ?>) MiniJson.parse(String.join("\n", json.out()))).get("pools");
        return (Map<?, ?>) pools.get(0);
    }

    @Test
    void setCannotGiveASingleThreadExecutorASecondWorker() throws Exception {
        try (ChildJvm target = ChildJvm.fixture(SingleTargetApp.class).name("single-size-target")
                .agent("metrics.enabled=false,replace=single").start()) {
            assertEquals("true", target.value("ready"));
            assertEquals("io.adaptivepool.agent.DelegatedExecutor", target.value("pool.class"));
            String pid = String.valueOf(target.pid());
            assertEquals(1L, poolJson(pid).get("maxWorkers"));

            Run raise = cli("set", pid, POOL, "maxWorkers=2");
            assertEquals(2, raise.exit(), raise::describe);
            assertEquals(List.of("pool " + POOL + " in pid " + pid + " refused maxWorkers=2: maxWorkers (2) cannot"
                    + " change: pool '" + POOL + "' replaces Executors.newSingleThreadExecutor(), which runs one task"
                    + " at a time", "nothing changed"), raise.err(), raise::describe);

            Run stall = cli("set", pid, POOL, "stallWorkers=4");
            assertEquals(2, stall.exit(), stall::describe);
            assertTrue(stall.err().get(0).endsWith("refused stallWorkers=4: stallWorkers (4) cannot change: pool '"
                    + POOL + "' replaces Executors.newSingleThreadExecutor(), which runs one task at a time"),
                    stall::describe);

            Run queue = cli("set", pid, POOL, "queueCapacity=50");
            assertEquals(0, queue.exit(), "the queue stays tunable: " + queue.describe());

            Map<?, ?> pool = poolJson(pid);
            assertEquals(0L, pool.get("minWorkers"), pool::toString);
            assertEquals(1L, pool.get("maxWorkers"), pool::toString);
            assertTrue(((Number) pool.get("workers")).intValue() <= 1, pool::toString);
            assertEquals(50L, pool.get("queueCapacity"), pool::toString);
            assertEquals("threads=1,overlaps=0", target.ask("burst 2000"), "one worker, one task at a time");
            assertEquals("bye", target.ask("exit"));
            assertEquals(0, target.awaitExit(), target::describe);
        }
    }
}
