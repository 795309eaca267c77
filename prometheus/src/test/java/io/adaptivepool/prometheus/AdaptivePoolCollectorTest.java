package io.adaptivepool.prometheus;

import io.adaptivepool.testing.Await;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolSaturatedException;
import io.adaptivepool.PoolShutdownException;
import io.adaptivepool.Saturation;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.GaugeMetricFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.adaptivepool.prometheus.TestSupport.CONTRACT_FAMILIES;
import static io.adaptivepool.prometheus.TestSupport.eventually;
import static io.adaptivepool.prometheus.TestSupport.scrape;
import static io.adaptivepool.prometheus.TestSupport.scrapeOpenMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The collector against a fresh registry per test, scraped through the real text writers. */
@Timeout(60)
class AdaptivePoolCollectorTest {
    private final CollectorRegistry registry = new CollectorRegistry();
    private final TestSupport.Pools pools = new TestSupport.Pools();

    @AfterEach
    void shutDownPools() throws InterruptedException {
        pools.close();
    }

    @Test
    void everySeriesIsPresentWithItsTypeAndLabels() {
        AdaptivePoolExecutor pool = pools.make("orders", 1, 2, 10);
        assertEquals("orders", AdaptivePoolCollector.register(pool, registry));

        Exposition text = scrape(registry);

        Map<String, Exposition.Family> families = text.families();
        assertEquals(CONTRACT_FAMILIES.keySet(), families.keySet());
        for (Map.Entry<String, String> e : CONTRACT_FAMILIES.entrySet()) {
            Exposition.Family f = families.get(e.getKey());
            assertEquals(e.getValue(), f.type, "type of " + f.name);
            assertTrue(f.help.endsWith(".") && f.help.length() > 20, "help of " + f.name + ": " + f.help);
        }
        for (String gauge : List.of("adaptive_pool_workers", "adaptive_pool_workers_busy", "adaptive_pool_workers_min",
                "adaptive_pool_workers_max", "adaptive_pool_queue_depth", "adaptive_pool_queue_capacity",
                "adaptive_pool_jobs_submitted_total", "adaptive_pool_queue_oldest_age_seconds",
                "adaptive_pool_task_longest_running_seconds", "adaptive_pool_submitters_blocked",
                "adaptive_pool_workers_over_max", "adaptive_pool_stalls_total", "adaptive_pool_stalled")) {
            assertEquals(List.of(Map.of("pool", "orders")), labelsOf(text, gauge), gauge);
        }
        assertEquals(List.of(Map.of("pool", "orders", "outcome", "success"), Map.of("pool", "orders", "outcome", "failure")),
                labelsOf(text, "adaptive_pool_jobs_processed_total"));
        assertEquals(List.of(Map.of("pool", "orders", "reason", "saturated"), Map.of("pool", "orders", "reason", "shutdown")),
                labelsOf(text, "adaptive_pool_jobs_rejected_total"));
        assertEquals(List.of(Map.of("pool", "orders", "direction", "up"), Map.of("pool", "orders", "direction", "down")),
                labelsOf(text, "adaptive_pool_scale_events_total"));

        double[] bounds = pool.metrics().jobDuration().upperBoundsSeconds();
        for (String histogram : List.of("adaptive_pool_job_duration_seconds", "adaptive_pool_queue_wait_seconds")) {
            List<String> les = new ArrayList<>();
            for (Exposition.Sample s : text.samples(histogram + "_bucket")) {
                assertEquals(Set.of("pool", "le"), s.labels().keySet());
                les.add(s.label("le"));
            }
            List<String> expected = new ArrayList<>();
            for (double b : bounds) {
                expected.add(Collector.doubleToGoString(b));
            }
            expected.add("+Inf");
            assertEquals(expected, les, histogram);
            assertEquals(List.of(Map.of("pool", "orders")), labelsOf(text, histogram + "_count"));
            assertEquals(List.of(Map.of("pool", "orders")), labelsOf(text, histogram + "_sum"));
        }
        assertEquals(1.0, text.value("adaptive_pool_workers_min", "pool", "orders"));
        assertEquals(2.0, text.value("adaptive_pool_workers_max", "pool", "orders"));
        assertEquals(10.0, text.value("adaptive_pool_queue_capacity", "pool", "orders"));
    }

    @Test
    void openMetricsNamesCountersWithoutTotalAndHistogramsWithTheirUnit() {
        AdaptivePoolCollector.register(pools.make("orders", 1, 2, 10), registry);

        Exposition om = scrapeOpenMetrics(registry);

        Set<String> expected = new LinkedHashSet<>();
        for (String name : CONTRACT_FAMILIES.keySet()) {
            expected.add(name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name);
        }
        assertEquals(expected, om.families().keySet());
        assertEquals("counter", om.family("adaptive_pool_jobs_processed").type);
        assertEquals(1, om.samples("adaptive_pool_jobs_submitted_total").size());
        assertEquals("seconds", om.family("adaptive_pool_job_duration_seconds").unit);
        assertEquals("seconds", om.family("adaptive_pool_queue_wait_seconds").unit);
        assertEquals("seconds", om.family("adaptive_pool_queue_oldest_age_seconds").unit);
        assertEquals("seconds", om.family("adaptive_pool_task_longest_running_seconds").unit);
        assertEquals("gauge", om.family("adaptive_pool_queue_oldest_age_seconds").type);
        assertEquals("counter", om.family("adaptive_pool_stalls").type);
        assertEquals(1, om.samples("adaptive_pool_stalls_total").size());
        assertNull(om.family("adaptive_pool_workers").unit);
        assertNull(om.family("adaptive_pool_submitters_blocked").unit);
    }

    @Test
    void valuesFollowThePool() throws Exception {
        AdaptivePoolExecutor pool = pools.track(AdaptivePoolExecutor.builder().name("work")
                .minWorkers(1).maxWorkers(2).queueCapacity(2)
                .scaleUpThreshold(0)                       // eager: a second worker as soon as one task waits
                .scaleDownIdle(Duration.ofMillis(100)).scaleCooldown(Duration.ZERO)
                .saturation(Saturation.REJECT).build());
        AdaptivePoolCollector.register(pool, registry);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            futures.add(pool.submit(() -> {
                running.countDown();
                release.await();
                return null;
            }));
        }
        assertTrue(running.await(20, TimeUnit.SECONDS));
        futures.add(pool.submit(() -> {
            release.await();
            return null;
        }));
        futures.add(pool.submit(() -> {
            release.await();
            throw new IllegalStateException("task fails on purpose");
        }));
        assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }));

        Exposition busy = scrape(registry);
        assertEquals(2.0, busy.value("adaptive_pool_workers", "pool", "work"));
        assertEquals(2.0, busy.value("adaptive_pool_workers_busy", "pool", "work"));
        assertEquals(2.0, busy.value("adaptive_pool_queue_depth", "pool", "work"));
        assertEquals(4.0, busy.value("adaptive_pool_jobs_submitted_total", "pool", "work"));
        assertEquals(1.0, busy.value("adaptive_pool_jobs_rejected_total", "pool", "work", "reason", "saturated"));
        assertEquals(0.0, busy.value("adaptive_pool_jobs_rejected_total", "pool", "work", "reason", "shutdown"));
        assertEquals(1.0, busy.value("adaptive_pool_scale_events_total", "pool", "work", "direction", "up"));
        assertEquals(0.0, busy.value("adaptive_pool_jobs_processed_total", "pool", "work", "outcome", "success"));
        assertEquals(0.0, busy.value("adaptive_pool_job_duration_seconds_count", "pool", "work"));
        assertEquals(2.0, busy.value("adaptive_pool_queue_wait_seconds_count", "pool", "work"), "two tasks started");

        release.countDown();
        eventually("4 tasks processed", () -> pool.metrics().jobsProcessed() == 4);
        eventually("workers back to the minimum", () -> pool.metrics().workers() == 1);

        Exposition idle = scrape(registry);
        assertEquals(3.0, idle.value("adaptive_pool_jobs_processed_total", "pool", "work", "outcome", "success"));
        assertEquals(1.0, idle.value("adaptive_pool_jobs_processed_total", "pool", "work", "outcome", "failure"));
        assertEquals(4.0, idle.value("adaptive_pool_job_duration_seconds_count", "pool", "work"));
        assertEquals(4.0, idle.value("adaptive_pool_job_duration_seconds_bucket", "pool", "work", "le", "+Inf"));
        assertEquals(4.0, idle.value("adaptive_pool_queue_wait_seconds_count", "pool", "work"));
        assertTrue(idle.value("adaptive_pool_job_duration_seconds_sum", "pool", "work") > 0);
        assertTrue(idle.value("adaptive_pool_queue_wait_seconds_sum", "pool", "work") > 0, "two tasks waited in the queue");
        assertEquals(0.0, idle.value("adaptive_pool_workers_busy", "pool", "work"), "busy falls back");
        assertEquals(0.0, idle.value("adaptive_pool_queue_depth", "pool", "work"), "queue falls back");
        assertEquals(1.0, idle.value("adaptive_pool_workers", "pool", "work"), "workers fall back to min");
        assertEquals(1.0, idle.value("adaptive_pool_scale_events_total", "pool", "work", "direction", "down"));

        // shut down while a task still runs: refusals count as "shutdown", and the series stay until termination
        CountDownLatch last = new CountDownLatch(1);
        CountDownLatch lastRunning = new CountDownLatch(1);
        pool.execute(() -> {
            lastRunning.countDown();
            awaitQuietly(last);
        });
        assertTrue(lastRunning.await(20, TimeUnit.SECONDS));
        pool.shutdown();
        assertThrows(PoolShutdownException.class, () -> pool.execute(() -> { }));
        Exposition closing = scrape(registry);
        assertEquals(1.0, closing.value("adaptive_pool_jobs_rejected_total", "pool", "work", "reason", "shutdown"));
        assertEquals(5.0, closing.value("adaptive_pool_jobs_submitted_total", "pool", "work"));

        last.countDown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        assertTrue(scrape(registry).families().isEmpty(), "a terminated pool's series disappear");
    }

    @Test
    void theHelpTextsSayWhatEachSeriesCountsInTheWordsOfTheJmxDescriptions() {
        AdaptivePoolCollector.register(pools.make("words", 1, 2, 10), registry);

        Map<String, Exposition.Family> f = scrape(registry).families();

        assertTrue(help(f, "adaptive_pool_job_duration_seconds").startsWith("Job duration (execution time: from a worker"
                + " starting a task until it returns or throws)"), help(f, "adaptive_pool_job_duration_seconds"));
        assertTrue(help(f, "adaptive_pool_queue_wait_seconds").startsWith("Queue wait (time from acceptance to start)"));
        String scaling = help(f, "adaptive_pool_scale_events_total");
        assertTrue(scaling.contains("idle workers above the minimum") && scaling.contains("the maximum was lowered"),
                "down counts both kinds of retirement: " + scaling);
        assertTrue(help(f, "adaptive_pool_queue_oldest_age_seconds").contains("in seconds"));
        assertTrue(help(f, "adaptive_pool_queue_oldest_age_seconds").contains("0 when the queue is empty"));
        assertTrue(help(f, "adaptive_pool_task_longest_running_seconds").contains("0 when no worker is busy"));
        assertTrue(help(f, "adaptive_pool_submitters_blocked").startsWith("Submitters (threads) waiting now for room"));
        assertTrue(help(f, "adaptive_pool_workers_over_max").contains("stall guard"));
        assertTrue(help(f, "adaptive_pool_stalls_total").contains("none started for the pool's stall timeout"));
        assertTrue(help(f, "adaptive_pool_stalled").startsWith("1 while the pool is in a stall"));
    }

    private static String help(Map<String, Exposition.Family> families, String name) {
        assertNotNull(families.get(name), name);
        return families.get(name).help;
    }

    @Test
    void theStallSignalsAreThePoolsOwnInSeconds() throws Exception {
        // One worker held, one task queued, one submitter blocked: stable until the latch opens.
        AdaptivePoolExecutor pool = pools.track(AdaptivePoolExecutor.builder().name("stuck").minWorkers(1)
                .maxWorkers(1).queueCapacity(1).saturation(Saturation.BLOCK)
                .stallTimeout(Duration.ofHours(1)).build()); // held still: no stall between the readings
        AdaptivePoolCollector.register(pool, registry);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            awaitQuietly(release);
        });
        assertTrue(running.await(20, TimeUnit.SECONDS));
        pool.execute(() -> awaitQuietly(release));
        java.util.concurrent.CompletableFuture<Void> blocked =
                java.util.concurrent.CompletableFuture.runAsync(() -> pool.execute(() -> { }));
        eventually("a submitter waits for room", () -> pool.metrics().blockedSubmitters() == 1);

        io.adaptivepool.PoolMetrics before = pool.metrics();
        Exposition text = scrape(registry);
        io.adaptivepool.PoolMetrics after = pool.metrics();

        assertBetween(seconds(before.oldestQueuedAge()),
                text.value("adaptive_pool_queue_oldest_age_seconds", "pool", "stuck"), seconds(after.oldestQueuedAge()));
        assertBetween(seconds(before.longestRunning()),
                text.value("adaptive_pool_task_longest_running_seconds", "pool", "stuck"), seconds(after.longestRunning()));
        assertEquals((double) after.blockedSubmitters(), text.value("adaptive_pool_submitters_blocked", "pool", "stuck"));
        assertEquals((double) after.workersOverMax(), text.value("adaptive_pool_workers_over_max", "pool", "stuck"));
        assertEquals((double) after.stalls(), text.value("adaptive_pool_stalls_total", "pool", "stuck"));
        assertEquals(0.0, text.value("adaptive_pool_stalled", "pool", "stuck"), "not a stall within the hour's tenth");

        release.countDown();
        blocked.get(20, TimeUnit.SECONDS);
        eventually("3 tasks processed", () -> pool.metrics().jobsProcessed() == 3);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private static void assertBetween(double low, Double value, double high) {
        assertNotNull(value);
        assertTrue(low <= value && value <= high, value + " not within [" + low + ", " + high + "]");
    }

    @Test
    void twoPoolsAreKeptApart() throws Exception {
        AdaptivePoolExecutor alpha = pools.make("alpha", 1, 2, 5);
        AdaptivePoolExecutor beta = pools.make("beta", 2, 3, 7);
        AdaptivePoolCollector.register(alpha, registry);
        AdaptivePoolCollector.register(beta, registry);
        runAndWait(alpha, 3);
        runAndWait(beta, 5);

        Exposition text = scrape(registry);

        assertEquals(List.of("alpha", "beta"), poolsOf(text, "adaptive_pool_workers_max"));
        assertEquals(2.0, text.value("adaptive_pool_workers_max", "pool", "alpha"));
        assertEquals(3.0, text.value("adaptive_pool_workers_max", "pool", "beta"));
        assertEquals(2.0, text.value("adaptive_pool_workers_min", "pool", "beta"));
        assertEquals(5.0, text.value("adaptive_pool_queue_capacity", "pool", "alpha"));
        assertEquals(7.0, text.value("adaptive_pool_queue_capacity", "pool", "beta"));
        assertEquals(3.0, text.value("adaptive_pool_jobs_submitted_total", "pool", "alpha"));
        assertEquals(5.0, text.value("adaptive_pool_jobs_submitted_total", "pool", "beta"));
        assertEquals(3.0, text.value("adaptive_pool_jobs_processed_total", "pool", "alpha", "outcome", "success"));
        assertEquals(5.0, text.value("adaptive_pool_jobs_processed_total", "pool", "beta", "outcome", "success"));
        assertEquals(3.0, text.value("adaptive_pool_job_duration_seconds_count", "pool", "alpha"));
        assertEquals(5.0, text.value("adaptive_pool_job_duration_seconds_count", "pool", "beta"));

        beta.shutdown();
        assertTrue(beta.awaitTermination(20, TimeUnit.SECONDS));
        Exposition after = scrape(registry);
        for (Exposition.Family f : after.families().values()) {
            for (Exposition.Sample s : f.samples) {
                assertEquals("alpha", s.label("pool"), "only alpha is left: " + s);
            }
        }
    }

    @Test
    void aTerminatedPoolLeavesAndOneRegisteredAfterTerminationNeverShows() throws Exception {
        AdaptivePoolExecutor pool = pools.make("brief", 1, 1, 1);
        AdaptivePoolCollector.register(pool, registry);
        assertNotNull(scrape(registry).value("adaptive_pool_workers", "pool", "brief"));

        pool.shutdown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));

        assertTrue(scrape(registry).families().isEmpty(), "no family at all without a live pool");
        AdaptivePoolCollector.register(pool, registry);
        assertTrue(scrape(registry).families().isEmpty());
    }

    @Test
    void registeringTwiceIsHarmless() {
        AdaptivePoolExecutor pool = pools.make("twice", 1, 1, 1);
        CollectorRegistry other = new CollectorRegistry();

        assertEquals("twice", AdaptivePoolCollector.register(pool, registry));
        assertEquals("twice", AdaptivePoolCollector.register(pool, registry));
        assertEquals("twice", AdaptivePoolCollector.register(pool, other));
        AdaptivePoolCollector.register(pools.make("second", 1, 1, 1), registry);

        assertEquals(List.of("twice", "second"), poolsOf(scrape(registry), "adaptive_pool_workers"));
        assertEquals(List.of("twice"), poolsOf(scrape(other), "adaptive_pool_workers"));
    }

    @Test
    void registeringTwiceOnTheDefaultRegistryIsHarmless() {
        AdaptivePoolExecutor pool = pools.make("default-twice", 1, 1, 1);
        try {
            AdaptivePoolCollector.register(pool);
            AdaptivePoolCollector.register(pool);
            assertEquals(List.of("default-twice"),
                    poolsOf(scrape(CollectorRegistry.defaultRegistry), "adaptive_pool_workers"));
        } finally {
            assertTrue(AdaptivePoolCollector.unregister(pool));
        }
        assertFalse(AdaptivePoolCollector.unregister(pool));
        assertNull(scrape(CollectorRegistry.defaultRegistry).family("adaptive_pool_workers"));
    }

    @Test
    void poolsSharingANameGetDistinctLabels() throws Exception {
        AdaptivePoolExecutor first = pools.make("dup", 1, 1, 1);
        AdaptivePoolExecutor second = pools.make("dup", 1, 1, 1);

        assertEquals("dup", AdaptivePoolCollector.register(first, registry));
        assertEquals("dup#2", AdaptivePoolCollector.register(second, registry));
        assertEquals("dup#2", AdaptivePoolCollector.register(second, registry));
        assertEquals(List.of("dup", "dup#2"), poolsOf(scrape(registry), "adaptive_pool_workers"));

        first.shutdown();
        assertTrue(first.awaitTermination(20, TimeUnit.SECONDS));
        AdaptivePoolExecutor third = pools.make("dup", 1, 1, 1);
        assertEquals("dup", AdaptivePoolCollector.register(third, registry), "the name is free again");
        assertEquals(List.of("dup#2", "dup"), poolsOf(scrape(registry), "adaptive_pool_workers"));
    }

    @Test
    void unregisterRemovesOnlyThatPool() {
        AdaptivePoolExecutor a = pools.make("a", 1, 1, 1);
        AdaptivePoolExecutor b = pools.make("b", 1, 1, 1);
        AdaptivePoolCollector.register(a, registry);
        AdaptivePoolCollector.register(b, registry);

        assertTrue(AdaptivePoolCollector.unregister(a, registry));
        assertFalse(AdaptivePoolCollector.unregister(a, registry));
        assertFalse(AdaptivePoolCollector.unregister(a, new CollectorRegistry()), "never registered there");

        assertEquals(List.of("b"), poolsOf(scrape(registry), "adaptive_pool_workers"));
    }

    @Test
    void anUnreferencedPoolIsDroppedAfterGarbageCollection() {
        registerThrowawayPool(registry);
        assertEquals(List.of("throwaway"), poolsOf(scrape(registry), "adaptive_pool_workers"));

        eventually("the unreferenced pool's series disappear", () -> {
            System.gc();
            return scrape(registry).families().isEmpty();
        });
    }

    /** A pool with no worker (min 0, never used) that nothing else references once this returns. */
    private static void registerThrowawayPool(CollectorRegistry registry) {
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("throwaway").minWorkers(0).maxWorkers(1).build();
        AdaptivePoolCollector.register(pool, registry);
    }

    @Test
    void aPoolWithoutTimingsExportsCountersButNoHistograms() {
        AdaptivePoolExecutor pool = pools.track(AdaptivePoolExecutor.builder().name("untimed")
                .minWorkers(1).maxWorkers(1).metricsEnabled(false).build());
        AdaptivePoolCollector.register(pool, registry);
        runAndWait(pool, 2);

        Exposition text = scrape(registry);

        assertEquals(2.0, text.value("adaptive_pool_jobs_processed_total", "pool", "untimed", "outcome", "success"));
        assertTrue(text.samples("adaptive_pool_job_duration_seconds_count").isEmpty());
        assertTrue(text.samples("adaptive_pool_queue_wait_seconds_bucket").isEmpty());
    }

    @Test
    void theCollectorReservesItsNamesInTheRegistry() {
        CollectorRegistry describing = new CollectorRegistry(true); // asks collectors for their names, as the default does
        AdaptivePoolCollector.register(pools.make("x", 1, 1, 1), describing);
        Collector impostor = new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(new GaugeMetricFamily("adaptive_pool_queue_depth", "clash", 1));
            }
        };
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> describing.register(impostor));
        assertTrue(clash.getMessage().contains("adaptive_pool_queue_depth is already in use"), clash.getMessage());

        CollectorRegistry taken = new CollectorRegistry(true);
        taken.register(impostor);
        AdaptivePoolExecutor pool = pools.make("y", 1, 1, 1);
        for (int attempt = 0; attempt < 2; attempt++) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AdaptivePoolCollector.register(pool, taken));
            assertTrue(refused.getMessage().contains("adaptive_pool_queue_depth is already in use"), refused.getMessage());
        }
    }

    @Test
    void nullArgumentsAreNamed() {
        AdaptivePoolExecutor pool = pools.make("n", 1, 1, 1);
        assertEquals("pool", assertThrows(NullPointerException.class, () -> AdaptivePoolCollector.register(null)).getMessage());
        assertEquals("pool", assertThrows(NullPointerException.class,
                () -> AdaptivePoolCollector.register(null, registry)).getMessage());
        assertEquals("registry", assertThrows(NullPointerException.class,
                () -> AdaptivePoolCollector.register(pool, null)).getMessage());
        assertEquals("pool", assertThrows(NullPointerException.class,
                () -> AdaptivePoolCollector.unregister(null, registry)).getMessage());
        assertEquals("registry", assertThrows(NullPointerException.class,
                () -> AdaptivePoolCollector.unregister(pool, null)).getMessage());
    }

    // ---- helpers ----

    private static void runAndWait(AdaptivePoolExecutor pool, int tasks) {
        long before = pool.metrics().jobsProcessed();
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> { });
        }
        eventually(tasks + " tasks processed by " + pool.getName(), () -> pool.metrics().jobsProcessed() == before + tasks);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        Await.quietly(latch);
    }

    private static List<Map<String, String>> labelsOf(Exposition text, String sampleName) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Exposition.Sample s : text.samples(sampleName)) {
            out.add(s.labels());
        }
        return out;
    }

    private static List<String> poolsOf(Exposition text, String sampleName) {
        List<String> out = new ArrayList<>();
        for (Exposition.Sample s : text.samples(sampleName)) {
            out.add(s.label("pool"));
        }
        return out;
    }
}
