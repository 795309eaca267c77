package io.adaptivepool.micrometer;

import io.adaptivepool.AdaptivePoolExecutor;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;

/**
 * Publishes an {@link AdaptivePoolExecutor}'s metrics to a Micrometer registry.
 *
 * <pre>{@code
 * new AdaptivePoolMetrics(pool, Tags.of("app", "orders")).bindTo(registry);
 * // or, in one line:
 * AdaptivePoolExecutor pool = AdaptivePoolMetrics.monitor(registry, AdaptivePoolExecutor.builder().build());
 * }</pre>
 *
 * <p>Meters: those Micrometer's {@code ExecutorServiceMetrics} gives a {@code ThreadPoolExecutor}
 * ({@code executor.completed}, {@code executor.pool.size}, ...) with the same names, types and base
 * units, the two timers of its {@code TimedExecutorService} ({@code executor}, {@code executor.idle})
 * as function timers over the pool's own histograms, and the adaptive ones (bounds, scale events,
 * rejections by reason, failures, stall signals); docs/micrometer.md lists them all. Each meter
 * carries the given tags and {@code name} = the pool's name, as {@code ExecutorServiceMetrics} does.
 *
 * <p>Cost: values are read when the registry publishes or is scraped, from the pool's
 * {@link AdaptivePoolExecutor#metrics() snapshot} (one shared by all the pool's meters of a scrape);
 * nothing runs per task.
 *
 * <p>Lifetime: when the pool terminates, its meters are removed from every registry it was bound
 * to (binding a terminated pool removes them at once). Meters hold the pool weakly, as Micrometer's
 * own binders do: the registry never keeps a pool alive, and the gauges of a pool dropped without
 * shutdown read NaN once it is garbage collected.
 *
 * <p>Two pools with the same name and tags in one registry would share meters (Micrometer keeps
 * the first): give pools distinct names, or tell them apart with a tag.
 */
public final class AdaptivePoolMetrics implements MeterBinder {
    private final AdaptivePoolExecutor pool;
    private final Tags tags;

    /**
     * @param pool the pool to publish
     * @param tags tags added to every meter, besides {@code name}
     * @throws NullPointerException if {@code pool} or {@code tags} is null
     */
    public AdaptivePoolMetrics(AdaptivePoolExecutor pool, Iterable<Tag> tags) {
        if (pool == null) {
            throw new NullPointerException("pool");
        }
        if (tags == null) {
            throw new NullPointerException("tags");
        }
        this.pool = pool;
        this.tags = Tags.concat(tags, "name", pool.getName());
    }

    /**
     * Binds {@code pool} to {@code registry} with {@code tags} and returns the pool.
     *
     * @param tags tag keys and values, alternating: {@code "app", "orders"}
     * @throws IllegalArgumentException if {@code tags} has an odd number of elements
     */
    public static AdaptivePoolExecutor monitor(MeterRegistry registry, AdaptivePoolExecutor pool, String... tags) {
        return monitor(registry, pool, Tags.of(tags));
    }

    /** Binds {@code pool} to {@code registry} with {@code tags} and returns the pool. */
    public static AdaptivePoolExecutor monitor(MeterRegistry registry, AdaptivePoolExecutor pool, Iterable<Tag> tags) {
        new AdaptivePoolMetrics(pool, tags).bindTo(registry);
        return pool;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Snapshots snapshots = new Snapshots(pool);
        List<Meter> meters = PoolMeters.register(registry, snapshots, tags, pool.isMetricsEnabled());
        // on a pool that has already terminated, the listener runs here, at once
        pool.addTerminationListener(new Unbinder(registry, meters, snapshots));
    }
}
