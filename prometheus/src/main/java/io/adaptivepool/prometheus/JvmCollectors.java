package io.adaptivepool.prometheus;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryAllocationExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;

import java.util.Arrays;
import java.util.List;

/**
 * The JVM (hotspot) collectors of {@code DefaultExports}, made once per class loader and shared by
 * every {@link MetricsServer}: {@link MemoryAllocationExports} adds GC notification listeners that
 * can never be removed, so one instance per server would leak a listener per start.
 */
final class JvmCollectors {
    private static List<Collector> shared;

    private JvmCollectors() {
    }

    /**
     * Registers the JVM collectors on {@code registry} (never on the default registry unless given
     * it), as one collector that builds them at the first scrape: two of them create
     * {@code java.util.logging} loggers when their classes initialise, and a server started with
     * the application (by the agent, before an application server installs its log manager) must
     * not touch JUL.
     */
    static void registerOn(CollectorRegistry registry) {
        registry.register(new Lazy());
    }

    /** Builds the shared collectors when first scraped. */
    private static final class Lazy extends Collector implements Collector.Describable {
        @Override
        public List<MetricFamilySamples> describe() {
            return new java.util.ArrayList<MetricFamilySamples>(); // the registry holds no other JVM series
        }

        @Override
        public List<MetricFamilySamples> collect() {
            return collect(null);
        }

        @Override
        public List<MetricFamilySamples> collect(io.prometheus.client.Predicate<String> sampleNameFilter) {
            List<MetricFamilySamples> all = new java.util.ArrayList<MetricFamilySamples>();
            for (Collector c : collectors()) {
                all.addAll(c.collect(sampleNameFilter));
            }
            return all;
        }
    }

    private static synchronized List<Collector> collectors() {
        if (shared == null) {
            shared = Arrays.<Collector>asList(
                    new StandardExports(),
                    new MemoryPoolsExports(),
                    new MemoryAllocationExports(),
                    new BufferPoolsExports(),
                    new GarbageCollectorExports(),
                    new ThreadExports(),
                    new ClassLoadingExports(),
                    new VersionInfoExports());
        }
        return shared;
    }
}
