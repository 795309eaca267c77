package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.NO_STALL_GUARD;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static io.adaptivepool.it.AgentFacts.assertUntouched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.BurstApp;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A legacy app throws a burst of thousands of sleeping, allocating tasks at
 * {@code Executors.newCachedThreadPool()}. Without the agent it needs a thread per task; with it,
 * the JVM's peak thread count stays within the pool's max plus a few threads, and every task runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BurstIT {
    static final int TASKS = 2000;
    static final int MAX_WORKERS = 16;
    /** Threads besides the pool's workers that may start during the burst (the agent's, the JVM's). */
    static final int SLACK = 8;

    @Test
    void withoutTheAgentTheBurstNeedsOneThreadPerTask() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(BurstApp.class).name("burst-without-agent")
                .args(String.valueOf(TASKS), "true").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertUntouched(child, "pool");
            assertEquals(TASKS, child.intValue("completed"));
            int grown = child.intValue("threads.peak") - child.intValue("threads.before");
            assertTrue(grown >= TASKS, "a cached pool starts a thread per blocked task: threads grew by " + grown);
        }
    }

    @Test
    void withTheAgentPeakThreadsStayWithinMaxAndEveryTaskCompletes() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(BurstApp.class).name("burst-with-agent")
                .agent(METRICS_ON_LOOPBACK + NO_STALL_GUARD + ",pool.defaults.maxWorkers=" + MAX_WORKERS
                        + ",pool.defaults.queueCapacity=" + (2 * TASKS) + ",pool.defaults.scaleUpThreshold=0")
                .args(String.valueOf(TASKS), "true").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "pool");
            assertEquals(MAX_WORKERS, child.intValue("pool.max"));
            assertEquals(0, child.intValue("rejected"));
            assertEquals(TASKS, child.intValue("completed"));
            assertEquals(0, child.intValue("gate.timeouts"), "every task waited for the whole burst to be submitted");
            int grown = child.intValue("threads.peak") - child.intValue("threads.before");
            assertTrue(grown <= MAX_WORKERS + SLACK, "threads grew by " + grown + " with maxWorkers " + MAX_WORKERS);
            assertEquals("true", child.value("terminated"));
        }
    }

    @Test
    void withTheAgentABurstOverflowingTheQueueBlocksTheSubmitterInsteadOfRejecting() throws Exception {
        int tasks = 3000;
        try (ChildJvm child = ChildJvm.fixture(BurstApp.class).name("burst-overflow-with-agent")
                .agent(METRICS_ON_LOOPBACK + NO_STALL_GUARD + ",pool.defaults.maxWorkers=8,pool.defaults.queueCapacity=100")
                .args(String.valueOf(tasks), "false").start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child::describe);
            assertAdaptive(child, "pool");
            int max = child.intValue("pool.max");
            assertEquals(8, max);
            assertEquals(0, child.intValue("rejected"), "a replaced cached pool blocks by default, never rejects");
            assertEquals(tasks, child.intValue("completed"));
            int grown = child.intValue("threads.peak") - child.intValue("threads.before");
            assertTrue(grown <= max + SLACK, "threads grew by " + grown + " with maxWorkers " + max);
        }
    }
}
