package io.adaptivepool.jmx;

import static io.adaptivepool.jmx.JmxTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import io.adaptivepool.Saturation;
import io.adaptivepool.jmx.JmxTestSupport.Cleanup;
import io.adaptivepool.jmx.JmxTestSupport.Gate;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every attribute of the contract is there, readable, described with its unit, and tells the truth. */
@Timeout(60)
class AttributesTest {
    static final Set<String> WRITABLE = new LinkedHashSet<>(Arrays.asList("MinWorkers", "MaxWorkers",
            "QueueCapacity", "ScaleUpThreshold", "ScaleCooldownMillis", "ScaleDownIdleMillis", "StallWorkers",
            "StallTimeoutMillis"));
    static final Set<String> READ_ONLY = new LinkedHashSet<>(Arrays.asList("Name", "Workers", "BusyWorkers",
            "PeakWorkers", "QueueDepth", "JobsSubmitted", "JobsProcessed", "JobsFailed", "JobsRejected",
            "AvgJobLatencyMillis", "AvgQueueWaitMillis", "Throughput", "ScaleUps", "ScaleDowns", "Saturation",
            "Shutdown", "MaxSubmitWaitMillis", "OldestQueuedAgeMillis", "LongestRunningMillis", "BlockedSubmitters",
            "WorkersOverMax", "Stalls"));

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void tearDown() {
        cleanup.run();
    }

    @Test
    void theAttributesAreExactlyTheContractsWithTheirWritability() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = cleanup.pool(AdaptivePoolExecutor.builder().name("info").build());
        MBeanInfo info = server.getMBeanInfo(register(pool, server));

        Map<String, Boolean> writable = Arrays.stream(info.getAttributes())
                .collect(Collectors.toMap(MBeanAttributeInfo::getName, MBeanAttributeInfo::isWritable));
        Set<String> all = new LinkedHashSet<>(WRITABLE);
        all.addAll(READ_ONLY);
        assertEquals(all, writable.keySet());
        WRITABLE.forEach(a -> assertTrue(writable.get(a), a + " writable"));
        READ_ONLY.forEach(a -> assertFalse(writable.get(a), a + " read-only"));
        for (MBeanAttributeInfo a : info.getAttributes()) {
            assertTrue(a.isReadable(), a.getName() + " readable");
        }
        assertEquals(0, info.getOperations().length, "no operations, only attributes");
        assertEquals("true", info.getDescriptor().getFieldValue("mxbean"));
    }

    @Test
    void everyAttributeHasADescriptionWithItsUnit() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = cleanup.pool(AdaptivePoolExecutor.builder().name("described").build());
        MBeanInfo info = server.getMBeanInfo(register(pool, server));

        assertTrue(info.getDescription().startsWith("An adaptive pool"), info.getDescription());
        Map<String, String> units = new HashMap<>();
        for (MBeanAttributeInfo a : info.getAttributes()) {
            String description = a.getDescription();
            assertNotEquals(a.getName(), description, "a description, not the bare name");
            assertTrue(description.contains(" Unit: "), a.getName() + ": " + description);
            units.put(a.getName(), (String) a.getDescriptor().getFieldValue("units"));
        }
        assertEquals("threads", units.get("MinWorkers"));
        assertEquals("threads", units.get("Workers"));
        assertEquals("tasks", units.get("QueueCapacity"));
        assertEquals("tasks", units.get("JobsProcessed"));
        assertEquals("ratio", units.get("ScaleUpThreshold"));
        assertEquals("milliseconds", units.get("ScaleCooldownMillis"));
        assertEquals("milliseconds", units.get("AvgJobLatencyMillis"));
        assertEquals("tasks/s", units.get("Throughput"));
        assertEquals(null, units.get("Name"), "text has no unit field");
        for (String millis : Arrays.asList("ScaleCooldownMillis", "ScaleDownIdleMillis", "AvgJobLatencyMillis",
                "AvgQueueWaitMillis", "StallTimeoutMillis", "MaxSubmitWaitMillis", "OldestQueuedAgeMillis",
                "LongestRunningMillis")) {
            assertTrue(description(info, millis).contains("Unit: milliseconds."), millis);
            assertEquals("milliseconds", units.get(millis), millis);
        }
        for (String threads : Arrays.asList("StallWorkers", "BlockedSubmitters", "WorkersOverMax")) {
            assertTrue(description(info, threads).contains("Unit: threads."), threads);
            assertEquals("threads", units.get(threads), threads);
        }
        assertEquals("stalls", units.get("Stalls"));
        assertEquals("counter", field(info, "JobsSubmitted", "metricType"));
        assertEquals("counter", field(info, "Stalls", "metricType"));
        assertEquals("gauge", field(info, "QueueDepth", "metricType"));
        for (String gauge : Arrays.asList("OldestQueuedAgeMillis", "LongestRunningMillis", "BlockedSubmitters",
                "WorkersOverMax")) {
            assertEquals("gauge", field(info, gauge, "metricType"), gauge);
        }
        for (String setting : Arrays.asList("StallWorkers", "StallTimeoutMillis", "MaxSubmitWaitMillis")) {
            assertEquals(null, field(info, setting, "metricType"), setting + " is a setting, not a metric");
        }
        assertTrue(description(info, "MaxSubmitWaitMillis").contains("-1 when unbounded"));
        assertEquals("int", field(info, "MinWorkers", "originalType"), "the MXBean's own fields are kept");
    }

    @Test
    void eachDescriptionIsStatedOnceOnTheInterfaceAndServedAsIs() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = cleanup.pool(AdaptivePoolExecutor.builder().name("one-place").build());
        MBeanInfo info = server.getMBeanInfo(register(pool, server));

        Map<String, Description> declared = new HashMap<>();
        for (java.lang.reflect.Method m : AdaptivePoolMXBean.class.getMethods()) {
            if (m.getParameterCount() == 0) {
                Description d = m.getAnnotation(Description.class);
                assertNotNull(d, m.getName() + " has its @Description");
                declared.put(m.getName().replaceFirst("^(get|is)", ""), d);
            } else {
                assertNull(m.getAnnotation(Description.class), m.getName() + ": setters are described by their getter");
            }
        }
        assertEquals(declared.keySet(), Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName)
                .collect(Collectors.toSet()));
        for (MBeanAttributeInfo a : info.getAttributes()) {
            Description d = declared.get(a.getName());
            assertEquals(d.value(), a.getDescription(), a.getName());
            assertEquals(d.units().isEmpty() ? null : d.units(), a.getDescriptor().getFieldValue("units"), a.getName());
            assertEquals(d.metricType().isEmpty() ? null : d.metricType(),
                    a.getDescriptor().getFieldValue("metricType"), a.getName());
        }
    }

    @Test
    void descriptionsUseTheVocabularyOfTheMetricsAndSayWhatHappensWhenTheQueueIsFull() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = cleanup.pool(AdaptivePoolExecutor.builder().name("words").build());
        MBeanInfo info = server.getMBeanInfo(register(pool, server));

        String latency = description(info, "AvgJobLatencyMillis");
        assertTrue(latency.startsWith("Mean job duration (execution time: from a worker starting a task until it"
                + " returns or throws)"), latency);
        assertTrue(latency.contains("adaptive_pool_job_duration_seconds"), latency);
        String wait = description(info, "AvgQueueWaitMillis");
        assertTrue(wait.startsWith("Mean queue wait (time from acceptance to start)"), wait);
        assertTrue(wait.contains("adaptive_pool_queue_wait_seconds"), wait);

        String capacity = description(info, "QueueCapacity");
        assertTrue(capacity.contains("BLOCK, the producer waits for room"), capacity);
        assertTrue(capacity.contains("REJECT, it is refused"), capacity);
        assertTrue(capacity.contains("CALLER_RUNS, the producer runs the task itself"), capacity);
        assertTrue(capacity.contains("shrinking drops no queued task"), capacity);
        assertFalse(capacity.contains("refuses"), "not only refusals: " + capacity);

        String scaleDowns = description(info, "ScaleDowns");
        assertTrue(scaleDowns.contains("idle workers above the minimum"), scaleDowns);
        assertTrue(scaleDowns.contains("because MaxWorkers was lowered"), scaleDowns);
    }

    @Test
    void theStallGuardAndMaxSubmitWaitAreReadAsBuiltAndTheGuardIsTunedLive() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor bounded = cleanup.pool(AdaptivePoolExecutor.builder().name("guarded").stallWorkers(3)
                .stallTimeout(Duration.ofMillis(250)).maxSubmitWait(Duration.ofSeconds(2)).build());
        AdaptivePoolExecutor plain = cleanup.pool(AdaptivePoolExecutor.builder().name("plain").build());
        ObjectName name = register(bounded, server);
        AdaptivePoolMXBean guarded = JMX.newMXBeanProxy(server, name, AdaptivePoolMXBean.class);
        AdaptivePoolMXBean unbounded = JMX.newMXBeanProxy(server, register(plain, server), AdaptivePoolMXBean.class);

        assertEquals(3, guarded.getStallWorkers());
        assertEquals(250L, guarded.getStallTimeoutMillis());
        assertEquals(2000L, guarded.getMaxSubmitWaitMillis());
        assertEquals(0, unbounded.getStallWorkers(), "the builder's default: the guard is off");
        assertEquals(1000L, unbounded.getStallTimeoutMillis(), "the builder's default: 1 s");
        assertEquals(-1L, unbounded.getMaxSubmitWaitMillis(), "unbounded reads -1");
        assertEquals(0L, JMX.newMXBeanProxy(server, register(cleanup.pool(AdaptivePoolExecutor.builder()
                .name("fail-fast").maxSubmitWait(Duration.ZERO).build()), server), AdaptivePoolMXBean.class)
                .getMaxSubmitWaitMillis(), "a zero wait is 0, not unbounded");

        guarded.setStallWorkers(512);
        guarded.setStallTimeoutMillis(750);
        assertEquals(512, bounded.getStallWorkers());
        assertEquals(Duration.ofMillis(750), bounded.getStallTimeout());
        server.setAttribute(name, new Attribute("StallWorkers", 0));
        server.setAttribute(name, new Attribute("StallTimeoutMillis", 2000L));
        assertEquals(0, bounded.getStallWorkers(), "a raw write, as JConsole makes it");
        assertEquals(Duration.ofSeconds(2), bounded.getStallTimeout());
        assertEquals(0, guarded.getStallWorkers());
        assertEquals(2000L, guarded.getStallTimeoutMillis());
        assertEquals(Duration.ofSeconds(2), bounded.getMaxSubmitWait().get(), "untouched");
    }

    @Test
    void theStallSignalsHaveTheirTypesAndAgreeWithThePoolsSnapshot() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = cleanup.pool(AdaptivePoolExecutor.builder().name("stall-signals").minWorkers(1)
                .maxWorkers(1).queueCapacity(1).saturation(Saturation.BLOCK)
                .stallTimeout(Duration.ofHours(1)).build()); // no stall begins between two readings
        ObjectName name = register(pool, server);
        AdaptivePoolMXBean bean = JMX.newMXBeanProxy(server, name, AdaptivePoolMXBean.class);
        Map<String, String> types = Arrays.stream(server.getMBeanInfo(name).getAttributes())
                .collect(Collectors.toMap(MBeanAttributeInfo::getName, MBeanAttributeInfo::getType));
        assertEquals("long", types.get("OldestQueuedAgeMillis"));
        assertEquals("long", types.get("LongestRunningMillis"));
        assertEquals("int", types.get("BlockedSubmitters"));
        assertEquals("int", types.get("WorkersOverMax"));
        assertEquals("long", types.get("Stalls"));
        assertEquals("int", types.get("StallWorkers"));
        assertEquals("long", types.get("StallTimeoutMillis"));
        assertEquals("long", types.get("MaxSubmitWaitMillis"));

        // One worker held, one task queued, one submitter blocked: stable until the gate opens.
        Gate gate = cleanup.gate();
        pool.execute(gate.task());
        gate.awaitStarted(1);
        pool.execute(gate.task());
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> pool.execute(gate.task()));
        await("a submitter waits for room", () -> pool.metrics().blockedSubmitters() == 1);

        PoolMetrics before = pool.metrics();
        long oldest = bean.getOldestQueuedAgeMillis();
        long longest = bean.getLongestRunningMillis();
        Map<String, Object> batch = server.getAttributes(name, new String[] {"OldestQueuedAgeMillis",
                "LongestRunningMillis", "BlockedSubmitters", "WorkersOverMax", "Stalls"}).asList().stream()
                .collect(Collectors.toMap(Attribute::getName, Attribute::getValue));
        PoolMetrics after = pool.metrics();

        // ages only grow while nothing moves: each reading lies between the snapshots taken around it
        assertBetween(before.oldestQueuedAge().toMillis(), oldest, after.oldestQueuedAge().toMillis(), "oldest");
        assertBetween(before.longestRunning().toMillis(), longest, after.longestRunning().toMillis(), "longest");
        assertBetween(before.oldestQueuedAge().toMillis(), (Long) batch.get("OldestQueuedAgeMillis"),
                after.oldestQueuedAge().toMillis(), "oldest, batch");
        assertBetween(before.longestRunning().toMillis(), (Long) batch.get("LongestRunningMillis"),
                after.longestRunning().toMillis(), "longest, batch");
        assertEquals(after.blockedSubmitters(), bean.getBlockedSubmitters());
        assertEquals(after.blockedSubmitters(), batch.get("BlockedSubmitters"));
        assertEquals(after.workersOverMax(), bean.getWorkersOverMax());
        assertEquals(after.workersOverMax(), batch.get("WorkersOverMax"));
        assertEquals(after.stalls(), bean.getStalls());
        assertEquals(after.stalls(), batch.get("Stalls"));

        gate.release();
        blocked.get(20, TimeUnit.SECONDS);
        await("all 3 tasks processed", () -> bean.getJobsProcessed() == 3);
    }

    private static void assertBetween(long low, long value, long high, String what) {
        assertTrue(low <= value && value <= high, what + ": " + value + " not within [" + low + ", " + high + "]");
    }

    private static String description(MBeanInfo info, String attribute) {
        return Arrays.stream(info.getAttributes()).filter(a -> a.getName().equals(attribute)).findFirst()
                .orElseThrow(AssertionError::new).getDescription();
    }

    private static Object field(MBeanInfo info, String attribute, String field) {
        return Arrays.stream(info.getAttributes()).filter(a -> a.getName().equals(attribute)).findFirst()
                .orElseThrow(AssertionError::new).getDescriptor().getFieldValue(field);
    }

    @Test
    void everyAttributeIsReadableThroughAProxyOnThePlatformServerAndTellsTheTruth() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        AdaptivePoolExecutor pool = cleanup.pool(AdaptivePoolExecutor.builder().name("attributes-read")
                .minWorkers(1).maxWorkers(3).queueCapacity(7).scaleUpThreshold(0.0)
                .scaleCooldown(Duration.ofMillis(1500)).scaleDownIdle(Duration.ofSeconds(45))
                .saturation(Saturation.REJECT).build());
        ObjectName name = register(pool, server);
        AdaptivePoolMXBean bean = JMX.newMXBeanProxy(server, name, AdaptivePoolMXBean.class);

        for (int i = 0; i < 3; i++) {
            pool.submit(() -> workFor(Duration.ofMillis(2))).get(20, TimeUnit.SECONDS);
        }
        Future<?> failing = pool.submit(() -> {
            throw new IllegalStateException("boom");
        });
        assertThrows(ExecutionException.class, () -> failing.get(20, TimeUnit.SECONDS));
        await("4 tasks processed, none busy", () -> bean.getJobsProcessed() == 4 && bean.getBusyWorkers() == 0);
        Gate gate = cleanup.gate();
        for (int i = 1; i <= 3; i++) {
            pool.execute(gate.task());
            gate.awaitStarted(i);
        }
        for (int i = 0; i < 7; i++) {
            pool.execute(gate.task());
        }
        assertFalse(pool.tryExecute(gate.task()), "saturated");
        // Stable from here: every worker is held, the queue is full.

        assertEquals("attributes-read", bean.getName());
        assertEquals("REJECT", bean.getSaturation());
        assertFalse(bean.isShutdown());
        assertEquals(1, bean.getMinWorkers());
        assertEquals(3, bean.getMaxWorkers());
        assertEquals(7, bean.getQueueCapacity());
        assertEquals(0.0, bean.getScaleUpThreshold());
        assertEquals(1500L, bean.getScaleCooldownMillis());
        assertEquals(45_000L, bean.getScaleDownIdleMillis());
        assertEquals(3, bean.getWorkers());
        assertEquals(3, bean.getBusyWorkers());
        assertEquals(3, bean.getPeakWorkers());
        assertEquals(7, bean.getQueueDepth());
        assertEquals(14, bean.getJobsSubmitted());
        assertEquals(4, bean.getJobsProcessed());
        assertEquals(1, bean.getJobsFailed());
        assertEquals(1, bean.getJobsRejected());
        PoolMetrics m = pool.metrics();
        assertEquals(m.scaleUps(), bean.getScaleUps());
        assertTrue(bean.getScaleUps() >= 2, "two workers started above the minimum at least");
        assertEquals(m.scaleDowns(), bean.getScaleDowns());
        assertTrue(bean.getAvgJobLatencyMillis() >= 1.5, "3 tasks of 2 ms and one of ~0 ms: "
                + bean.getAvgJobLatencyMillis());
        assertTrue(bean.getAvgQueueWaitMillis() >= 0.0);
        assertTrue(bean.getThroughput() > 0.0, "4 tasks done since start");

        MBeanInfo info = server.getMBeanInfo(name);
        String[] names = Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName).toArray(String[]::new);
        for (String attribute : names) {
            assertNotNull(server.getAttribute(name, attribute), attribute);
        }
        List<Attribute> batch = server.getAttributes(name, names).asList();
        assertEquals(names.length, batch.size(), "a batch read returns every attribute");
        Map<String, Object> values = batch.stream().collect(Collectors.toMap(Attribute::getName, Attribute::getValue));
        assertEquals(3, values.get("Workers"));
        assertEquals(7, values.get("QueueDepth"));
        assertEquals(14L, values.get("JobsSubmitted"));
        assertEquals(Boolean.FALSE, values.get("Shutdown"));
        assertEquals("attributes-read", values.get("Name"));

        gate.release();
        await("every accepted task processed", () -> bean.getJobsProcessed() == 14);
    }

    /** Parks until the time has passed (parkNanos alone may return early). */
    private static void workFor(Duration time) {
        long deadline = System.nanoTime() + time.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    @Test
    void aBatchReadComesFromOneSnapshotSoItsValuesAgree() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = cleanup.pool(AdaptivePoolExecutor.builder().name("batch").minWorkers(2)
                .maxWorkers(2).queueCapacity(64).saturation(Saturation.REJECT).threadFactory(r -> {
                    Thread t = new Thread(r, "batch-worker");
                    t.setUncaughtExceptionHandler((thread, e) -> { });
                    return t;
                }).build());
        ObjectName name = register(pool, server);
        AtomicBoolean stop = new AtomicBoolean();
        RuntimeException failure = new RuntimeException("every task fails") { // no stack trace to fill
            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
        Runnable failing = () -> {
            throw failure;
        };
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                pool.tryExecute(failing);
            }
        });
        try {
            // Every task fails, so JobsFailed read after JobsProcessed from a later snapshot would
            // often exceed it; from one snapshot it never does.
            String[] names = {"JobsProcessed", "JobsFailed", "JobsSubmitted", "BusyWorkers", "Workers"};
            await("tasks flowing", () -> pool.metrics().jobsFailed() > 1000);
            for (int i = 0; i < 2000; i++) {
                AttributeList list = server.getAttributes(name, names);
                Map<String, Object> v = list.asList().stream()
                        .collect(Collectors.toMap(Attribute::getName, Attribute::getValue));
                long processed = (Long) v.get("JobsProcessed");
                long failed = (Long) v.get("JobsFailed");
                assertTrue(failed <= processed, "read " + i + ": failed " + failed + " > processed " + processed
                        + ": not one snapshot");
                assertTrue(processed <= (Long) v.get("JobsSubmitted"));
                assertTrue((Integer) v.get("BusyWorkers") <= (Integer) v.get("Workers"));
            }
        } finally {
            stop.set(true);
            producer.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void readingNeverWaitsForASaturatedPoolOrABlockedSubmitter() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = cleanup.pool(AdaptivePoolExecutor.builder().name("never-blocks").minWorkers(1)
                .maxWorkers(1).queueCapacity(1).saturation(Saturation.BLOCK).build());
        ObjectName name = register(pool, server);
        AdaptivePoolMXBean bean = JMX.newMXBeanProxy(server, name, AdaptivePoolMXBean.class);
        Gate gate = cleanup.gate();
        pool.execute(gate.task());
        gate.awaitStarted(1);
        pool.execute(gate.task());
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> pool.execute(gate.task()));
        await("a submitter waits for room", () -> pool.metrics().blockedSubmitters() == 1);

        String[] names = Arrays.stream(server.getMBeanInfo(name).getAttributes()).map(MBeanAttributeInfo::getName)
                .toArray(String[]::new);
        for (int i = 0; i < 50; i++) {
            assertEquals(names.length, server.getAttributes(name, names).size());
        }
        assertEquals(1, bean.getWorkers());
        assertEquals(1, bean.getBusyWorkers());
        assertEquals(1, bean.getQueueDepth());
        assertFalse(blocked.isDone(), "the submitter is still waiting: the reads did not need it to move");

        pool.shutdown();
        assertTrue(bean.isShutdown(), "read while the pool drains");
        assertEquals(1, bean.getWorkers());
        gate.release();
        assertThrows(ExecutionException.class, () -> blocked.get(20, TimeUnit.SECONDS),
                "the blocked submitter is refused at shutdown");
    }

    private ObjectName register(AdaptivePoolExecutor pool, MBeanServer server) {
        return AdaptivePoolJmx.register(pool, server);
    }
}
