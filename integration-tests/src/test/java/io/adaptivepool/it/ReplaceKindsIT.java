package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.ADAPTIVE_POOL;
import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.adaptivepool.it.fixtures.BurstApp;
import io.adaptivepool.it.fixtures.FixedBurstApp;
import io.adaptivepool.it.fixtures.HandWrittenPoolApp;
import io.adaptivepool.it.fixtures.SingleOrderApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kinds of {@code replace} in real JVMs: a fixed pool's burst within a heap where the JDK's
 * pool runs out of it, a single-thread executor's order, a library's hand-written cached pool, the
 * virtual-thread-per-task executor (Java 21 and later), and an app run without the key.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplaceKindsIT {
    /** 20000 tasks of 32 KB: 640 MB of payload if they are all held at once. */
    static final String TASKS = "20000";
    static final String PAYLOAD_KB = "32";
    static final String WORKERS = "3";
    static final String HEAP = "-Xmx256m";
    static final String DELEGATED = "io.adaptivepool.agent.DelegatedExecutor";

    @Test
    void theJdksFixedPoolRunsOutOfHeapOnTheBurst() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(FixedBurstApp.class).name("fixed-burst-jdk").jvmArgs(HEAP)
                .args(TASKS, PAYLOAD_KB, WORKERS).start()) {
            assertEquals(3, child.awaitExit(Duration.ofSeconds(120)), child::describe);
            assertEquals("java.util.concurrent.ThreadPoolExecutor", child.value("pool.class"));
            assertEquals("true", child.value("oom"));
        }
    }

    @Test
    void underTheAgentTheFixedPoolsBurstStaysInTheSameHeap() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(FixedBurstApp.class).name("fixed-burst-agent").jvmArgs(HEAP)
                .agent(METRICS_ON_LOOPBACK + ",replace=cached,fixed").args(TASKS, PAYLOAD_KB, WORKERS).start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(150)), child::describe);
            assertAdaptive(child, "pool");
            assertEquals(3, child.intValue("pool.max"), "exactly n workers");
            assertEquals("false", child.value("oom"));
            assertEquals(Integer.parseInt(TASKS), child.intValue("completed"));
            int heldPeak = child.intValue("held.peak");
            assertTrue(heldPeak <= 1000 + 3 + 1, "the queue of 1000 and the 3 workers bound what is held: " + heldPeak);
            child.awaitAgentLine(l -> l.contains(": Executors.newFixedThreadPool(3) is an adaptive pool (minWorkers=3,"
                    + " maxWorkers=3, queueCapacity=1000,"), "naming the factory it replaced");
        }
    }

    @Test
    void aSingleThreadExecutorKeepsItsOrderUnderABurstAndRefusesTheCast() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(SingleOrderApp.class).name("single-order")
                .agent(METRICS_ON_LOOPBACK + ",replace=single").args("20000").start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(90)), child::describe);
            assertEquals(DELEGATED, child.value("pool.class"));
            assertEquals("false", child.value("pool.tpe"));
            assertEquals("ClassCastException", child.value("cast"), "as the JDK's, it cannot be reconfigured");
            assertEquals("true", child.value("in.order"));
            assertEquals(0, child.intValue("overlaps"));
            assertEquals(1, child.intValue("threads"), "never a second worker");
            assertEquals(20000, child.intValue("completed"));
        }
    }

    @Test
    void aLibrarysHandWrittenCachedPoolIsReplacedWithItsThreadFactory() throws Exception {
        try (ChildJvm child = RealLibrariesIT.libraryApp(HandWrittenPoolApp.class, "okhttp-dispatcher")
                .agent(METRICS_ON_LOOPBACK).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "pool");
            assertEquals("okhttp3.Dispatcher.executorService", child.value("pool.name"));
            assertEquals("OkHttp Dispatcher", child.value("thread"), "the library's thread factory");
            child.awaitAgentLine(l -> l.startsWith(ChildJvm.AGENT_PREFIX + " pool okhttp3.Dispatcher.executorService:"
                    + " new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1m, SynchronousQueue, factory) is an adaptive pool"
                    + " (minWorkers=0, maxWorkers=" + child.intValue("pool.max") + ", queueCapacity=10000,"
                    + " scaleUpThreshold=0.0, scaleDownIdle=1m, scaleCooldown=0ms, saturation=BLOCK,"
                    + " maxSubmitWait=unbounded, stallWorkers="), "naming the constructor, with a cached pool's settings");
        }
    }

    @Test
    void withoutTheKeyOnlyCachedPoolsAreReplaced() throws Exception {
        try (ChildJvm fixed = ChildJvm.fixture(FixedBurstApp.class).name("fixed-without-key")
                .agent(METRICS_ON_LOOPBACK).args("200", "1", "2").start();
                ChildJvm single = ChildJvm.fixture(SingleOrderApp.class).name("single-without-key")
                        .agent(METRICS_ON_LOOPBACK).args("100").start();
                ChildJvm cached = ChildJvm.fixture(BurstApp.class).name("cached-without-key")
                        .agent(METRICS_ON_LOOPBACK).args("10", "false").start()) {
            assertEquals(0, fixed.awaitExit(Duration.ofSeconds(60)), fixed::describe);
            assertEquals("java.util.concurrent.ThreadPoolExecutor", fixed.value("pool.class"));
            assertEquals(200, fixed.intValue("completed"));
            assertEquals(0, single.awaitExit(Duration.ofSeconds(60)), single::describe);
            assertTrue(single.value("pool.class").startsWith("java.util.concurrent.Executors$"), single::describe);
            assertEquals("ClassCastException", single.value("cast"));
            assertEquals(0, cached.awaitExit(Duration.ofSeconds(60)), cached::describe);
            assertEquals(ADAPTIVE_POOL, cached.value("pool.class"), "cached pools are replaced by default");
            assertTrue(fixed.agentLines().stream().noneMatch(l -> l.contains(" is an adaptive pool")), fixed::describe);
            assertTrue(single.agentLines().stream().noneMatch(l -> l.contains(" is an adaptive pool")), single::describe);
        }
    }

    @Test
    void virtualTasksRunAtMostTheLimitAtOnceEachOnItsOwnVirtualThreadInABoundedHeap(@TempDir Path classes)
            throws Exception {
        int java = Runtime.version().feature();
        assumeTrue(java >= 21, "Executors.newVirtualThreadPerTaskExecutor needs Java 21 or later; this JVM is Java "
                + java);
        TestSources.compile("virtual", classes, 21);
        assertTrue(Files.exists(classes.resolve("io/adaptivepool/it/virtual/VirtualBurstApp.class")));
        try (ChildJvm child = ChildJvm.fixture("io.adaptivepool.it.virtual.VirtualBurstApp").name("virtual-burst")
                .classpath(classes).jvmArgs("-Xmx512m").agent(METRICS_ON_LOOPBACK + ",replace=virtual")
                .args("20000", "64").start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(150)), child::describe);
            assertEquals("io.adaptivepool.agent.VirtualTasks", child.value("pool.class"));
            assertEquals("false", child.value("pool.tpe"));
            assertEquals("false", child.value("oom"));
            assertEquals(20000, child.intValue("completed"));
            int peak = child.intValue("running.peak");
            assertTrue(peak <= 2000, "the limit of 1000, and the stall guard's 1000 at most: " + peak);
            assertEquals("true", child.value("virtual"));
            assertEquals("true", child.value("own.threads"), "a thread per task");
            assertEquals(0, child.intValue("carried"), "no thread-local carried from one task to the next");
            child.awaitAgentLine(l -> l.contains(": Executors.newVirtualThreadPerTaskExecutor() is an adaptive pool"
                    + " (minWorkers=0, maxWorkers=1000, queueCapacity=1000,"), "naming the factory it replaced");
        }
    }
}
