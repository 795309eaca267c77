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

    /** Registers the JVM collectors on {@code registry} (never on the default registry unless given it). */
    static void registerOn(CollectorRegistry registry) {
        for (Collector c : collectors()) {
            registry.register(c);
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
