package io.adaptivepool.micrometer;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;

import java.util.concurrent.TimeUnit;

/**
 * The snapshot the meters of one pool read: Micrometer asks each meter for its value on its own,
 * so the meters share one {@link AdaptivePoolExecutor#metrics()} snapshot, taken again once it is
 * {@link #MAX_AGE_NANOS} old. All the meters of a scrape or a publish (a few milliseconds) thereby
 * read the same snapshot, and their values agree with each other (never more failed than completed).
 *
 * <p>Concurrency: several scrape threads may refresh at once; each takes a whole snapshot, and the
 * last one written wins. The field is volatile and the snapshot immutable.
 */
final class Snapshots {
    /** How long a snapshot serves: well under any scrape or publish interval, well over one scrape. */
    static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final AdaptivePoolExecutor pool;
    private volatile Taken last;

    Snapshots(AdaptivePoolExecutor pool) {
        this.pool = pool;
    }

    PoolMetrics get() {
        long now = System.nanoTime();
        Taken t = last;
        if (t == null || now - t.nanoTime >= MAX_AGE_NANOS) {
            t = new Taken(pool.metrics(), now);
            last = t;
        }
        return t.metrics;
    }

    private static final class Taken {
        final PoolMetrics metrics;
        final long nanoTime;

        Taken(PoolMetrics metrics, long nanoTime) {
            this.metrics = metrics;
            this.nanoTime = nanoTime;
        }
    }
}
