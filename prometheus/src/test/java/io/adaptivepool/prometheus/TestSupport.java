package io.adaptivepool.prometheus;

import io.adaptivepool.testing.Await;

import io.adaptivepool.AdaptivePoolExecutor;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared test helpers: pool bookkeeping, scrapes of a registry, bounded polling. */
final class TestSupport {
    /** The metric families of the contract as the text format 0.0.4 names them, with their types. */
    static final java.util.Map<String, String> CONTRACT_FAMILIES = orderedMap(
            "adaptive_pool_workers", "gauge",
            "adaptive_pool_workers_busy", "gauge",
            "adaptive_pool_workers_min", "gauge",
            "adaptive_pool_workers_max", "gauge",
            "adaptive_pool_queue_depth", "gauge",
            "adaptive_pool_queue_capacity", "gauge",
            "adaptive_pool_jobs_submitted_total", "counter",
            "adaptive_pool_jobs_processed_total", "counter",
            "adaptive_pool_jobs_rejected_total", "counter",
            "adaptive_pool_job_duration_seconds", "histogram",
            "adaptive_pool_queue_wait_seconds", "histogram",
            "adaptive_pool_scale_events_total", "counter",
            "adaptive_pool_queue_oldest_age_seconds", "gauge",
            "adaptive_pool_task_longest_running_seconds", "gauge",
            "adaptive_pool_submitters_blocked", "gauge",
            "adaptive_pool_workers_over_max", "gauge",
            "adaptive_pool_stalls_total", "counter",
            "adaptive_pool_stalled", "gauge");

    private TestSupport() {
    }

    private static java.util.Map<String, String> orderedMap(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Scrapes {@code registry} through the real 0.0.4 writer and parses the text strictly. */
    static Exposition scrape(CollectorRegistry registry) {
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Exposition.parse004(out.toString());
    }

    /** Scrapes {@code registry} through the real OpenMetrics writer and parses the text strictly. */
    static Exposition scrapeOpenMetrics(CollectorRegistry registry) {
        StringWriter out = new StringWriter();
        try {
            TextFormat.writeOpenMetrics100(out, registry.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Exposition.parseOpenMetrics(out.toString());
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@link Await#PATIENCE}. */
    static void eventually(String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }

    /** Pools made by a test, shut down and awaited after it. */
    static final class Pools {
        private final List<AdaptivePoolExecutor> pools = new ArrayList<>();

        AdaptivePoolExecutor.Builder builder(String name) {
            return AdaptivePoolExecutor.builder().name(name);
        }

        /** Tracks {@code pool} once its minimum workers run (a started worker counts once its thread runs). */
        AdaptivePoolExecutor track(AdaptivePoolExecutor pool) {
            pools.add(pool);
            eventually("the minimum workers of " + pool.getName() + " run",
                    () -> pool.metrics().workers() == pool.getMinWorkers());
            return pool;
        }

        AdaptivePoolExecutor make(String name, int min, int max, int queue) {
            return track(builder(name).minWorkers(min).maxWorkers(max).queueCapacity(queue).build());
        }

        void close() throws InterruptedException {
            for (AdaptivePoolExecutor pool : pools) {
                pool.shutdownNow();
            }
            for (AdaptivePoolExecutor pool : pools) {
                assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "pool " + pool.getName() + " did not terminate");
            }
        }
    }
}
