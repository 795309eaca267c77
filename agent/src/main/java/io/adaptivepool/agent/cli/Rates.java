package io.adaptivepool.agent.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks finished and submissions rejected per second, per pool, between two reads: what
 * {@code watch} shows beside the pool's own throughput. A pool seen for the first time, or whose
 * counters went back (a new pool under the same name), has no rate yet.
 */
final class Rates {
    /** A pool's rates, per second. */
    static final class Rate {
        final double tasksPerSecond;
        final double rejectedPerSecond;

        Rate(double tasksPerSecond, double rejectedPerSecond) {
            this.tasksPerSecond = tasksPerSecond;
            this.rejectedPerSecond = rejectedPerSecond;
        }
    }

    private final Map<String, Rate> byPool;

    private Rates(Map<String, Rate> byPool) {
        this.byPool = byPool;
    }

    static Rates none() {
        return new Rates(new HashMap<String, Rate>());
    }

    /** The rates from {@code before} to {@code after}, {@code elapsedNanos} apart. */
    static Rates between(List<PoolSnapshot> before, List<PoolSnapshot> after, long elapsedNanos) {
        Map<String, PoolSnapshot> earlier = new HashMap<>();
        for (PoolSnapshot p : before) {
            earlier.put(p.name, p);
        }
        Map<String, Rate> rates = new HashMap<>();
        double seconds = elapsedNanos / 1e9;
        for (PoolSnapshot now : after) {
            PoolSnapshot then = earlier.get(now.name);
            if (then == null || seconds <= 0) {
                continue;
            }
            Double tasks = perSecond(then.jobsProcessed, now.jobsProcessed, seconds);
            Double rejected = perSecond(then.jobsRejected, now.jobsRejected, seconds);
            if (tasks != null && rejected != null) {
                rates.put(now.name, new Rate(tasks, rejected));
            }
        }
        return new Rates(rates);
    }

    /** The pool's rates, or null before its second reading. */
    Rate of(String pool) {
        return byPool.get(pool);
    }

    private static Double perSecond(Long before, Long after, double seconds) {
        if (before == null || after == null || after < before) {
            return null;
        }
        return (after - before) / seconds;
    }
}
