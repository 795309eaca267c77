package io.adaptivepool.prometheus;

import io.adaptivepool.AdaptivePoolExecutor;
import io.prometheus.client.CollectorRegistry;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Exports adaptive pools to a Prometheus {@link CollectorRegistry}.
 *
 * <pre>{@code
 * AdaptivePoolCollector.register(pool);               // on CollectorRegistry.defaultRegistry
 * AdaptivePoolCollector.register(pool, myRegistry);   // on another registry
 * }</pre>
 *
 * <p>One collector per registry serves every pool added to it, each series labelled {@code pool}
 * with the pool's name (metric names, types and labels: see the module's README). The pools are
 * read at scrape time only, from {@link AdaptivePoolExecutor#metrics()}: nothing is done per task.
 *
 * <p>Registering is idempotent: the same pool twice, or many pools, on the same registry never
 * fails with "Collector already registered". A pool's series disappear when it terminates, when it
 * is {@linkplain #unregister(AdaptivePoolExecutor, CollectorRegistry) unregistered}, or when it is
 * garbage collected (pools are held weakly). If two live pools of one registry share a name, the
 * one added later is labelled {@code name#2} (then {@code #3}...), and a warning is logged.
 *
 * <p>Thread-safe.
 */
public final class AdaptivePoolCollector {
    /** The collector of each registry; weak keys, so a dropped registry is not kept alive. */
    private static final Map<CollectorRegistry, PoolCollector> COLLECTORS = new WeakHashMap<CollectorRegistry, PoolCollector>();

    private AdaptivePoolCollector() {
    }

    /**
     * Adds {@code pool} to the collector of {@link CollectorRegistry#defaultRegistry}, registering
     * that collector on first use. Harmless if the pool is already there.
     *
     * @return the value of the pool's {@code pool} label (its name, unless another live pool of the
     *     registry already has that name)
     * @throws NullPointerException if {@code pool} is null
     * @throws IllegalArgumentException if another collector of the registry already uses one of
     *     this module's metric names
     */
    public static String register(AdaptivePoolExecutor pool) {
        return register(pool, CollectorRegistry.defaultRegistry);
    }

    /**
     * Adds {@code pool} to the collector of {@code registry}, registering that collector on first
     * use. Harmless if the pool is already there.
     *
     * @return the value of the pool's {@code pool} label (its name, unless another live pool of the
     *     registry already has that name)
     * @throws NullPointerException if {@code pool} or {@code registry} is null
     * @throws IllegalArgumentException if another collector of the registry already uses one of
     *     this module's metric names
     */
    public static String register(AdaptivePoolExecutor pool, CollectorRegistry registry) {
        if (pool == null) {
            throw new NullPointerException("pool");
        }
        return collectorOf(registry).add(pool);
    }

    /**
     * Removes {@code pool} from the collector of {@link CollectorRegistry#defaultRegistry}.
     *
     * @return true if it was there
     * @throws NullPointerException if {@code pool} is null
     */
    public static boolean unregister(AdaptivePoolExecutor pool) {
        return unregister(pool, CollectorRegistry.defaultRegistry);
    }

    /**
     * Removes {@code pool} from the collector of {@code registry}; the collector itself stays
     * registered (it exports nothing when it has no pool).
     *
     * @return true if it was there
     * @throws NullPointerException if {@code pool} or {@code registry} is null
     */
    public static boolean unregister(AdaptivePoolExecutor pool, CollectorRegistry registry) {
        if (pool == null) {
            throw new NullPointerException("pool");
        }
        if (registry == null) {
            throw new NullPointerException("registry");
        }
        PoolCollector collector;
        synchronized (COLLECTORS) {
            collector = COLLECTORS.get(registry);
        }
        return collector != null && collector.remove(pool);
    }

    /** Removes every pool from the collector of {@code registry}, if it has one. */
    static void unregisterAll(CollectorRegistry registry) {
        PoolCollector collector;
        synchronized (COLLECTORS) {
            collector = COLLECTORS.get(registry);
        }
        if (collector != null) {
            collector.removeAll();
        }
    }

    /** The collector of {@code registry}, created and registered on first use. */
    static PoolCollector collectorOf(CollectorRegistry registry) {
        if (registry == null) {
            throw new NullPointerException("registry");
        }
        synchronized (COLLECTORS) {
            PoolCollector collector = COLLECTORS.get(registry);
            if (collector == null) {
                collector = new PoolCollector();
                registry.register(collector); // throws, and records nothing, if the names are taken
                COLLECTORS.put(registry, collector);
            }
            return collector;
        }
    }
}
