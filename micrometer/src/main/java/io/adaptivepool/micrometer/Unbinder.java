package io.adaptivepool.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;

/**
 * The termination listener of one binding: removes the pool's meters from the registry.
 *
 * <p>It also keeps the binding's {@link Snapshots} reachable: meters hold their state object weakly
 * (as Micrometer's own binders do), the pool holds its listeners, and so the meters work for as long
 * as the pool is alive, while a pool dropped without shutdown is not kept alive by a registry.
 */
final class Unbinder implements Runnable {
    private final MeterRegistry registry;
    private final List<Meter> meters;
    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // held for reachability only, see the class comment
    private final Snapshots snapshots;

    Unbinder(MeterRegistry registry, List<Meter> meters, Snapshots snapshots) {
        this.registry = registry;
        this.meters = meters;
        this.snapshots = snapshots;
    }

    @Override
    public void run() {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
    }
}
