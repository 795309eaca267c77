package io.adaptivepool.agent;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The settings of one replaced pool: the built-in defaults, overridden by {@code pool.defaults.*},
 * overridden by {@code pool.<name>.*}. Immutable.
 *
 * <p>The built-in defaults keep the contract of the cached pool being replaced (see
 * {@link #BUILT_IN} and the README): it never refuses a task, its threads die after 60 s idle, and
 * it starts a thread whenever a task would otherwise wait; only now the threads are bounded.
 */
final class PoolSettings {
    /**
     * The default {@code maxWorkers}: {@code max(64, 16 x available processors)}. Cached pools
     * run blocking work (I/O, waits on other services), where useful threads are about
     * {@code cores x (1 + wait/compute)}; 16 per core covers tasks that wait 15 times longer than
     * they compute, and the floor of 64 keeps one- and two-core containers from starving apps that
     * block a few dozen tasks at a time. The point is a bound, against the thousands of threads an
     * unbounded burst makes.
     */
    static final int DEFAULT_MAX_WORKERS = Math.max(64, 16 * Runtime.getRuntime().availableProcessors());

    /**
     * The default queue capacity, 10000: with eager scaling nothing queues until the workers are at
     * max, and then the queue absorbs a burst of thousands of tasks without blocking the producer,
     * at a bounded cost of about a hundred bytes per queued task (plus the task itself).
     */
    static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    /**
     * The default {@code stallWorkers}, 512: how many workers the stall guard may add above
     * {@code maxWorkers}. A cached pool never makes a task wait (it starts a thread whenever none
     * is free), so tasks that wait on other tasks of the pool, and long-lived tasks (a thread per
     * connection), never starve it; the guard keeps that promise beyond {@code maxWorkers}, up to
     * this ceiling: when queued tasks see no task start for {@code stallTimeout}, it adds a worker.
     */
    static final int DEFAULT_STALL_WORKERS = 512;

    /** Everything else as a cached pool does it; see the README's table for why each value. */
    static final PoolSettings BUILT_IN = new PoolSettings(
            0,                              // minWorkers: a cached pool keeps no idle thread
            DEFAULT_MAX_WORKERS,
            DEFAULT_QUEUE_CAPACITY,
            0.0,                            // scaleUpThreshold: eager, a worker whenever a task would wait
            Duration.ofSeconds(60),         // scaleDownIdle: the cached pool's keep-alive
            Duration.ZERO,                  // scaleCooldown: idle workers all retire after 60 s, as before
            "BLOCK",                        // saturation: never a RejectedExecutionException
            null,                           // maxSubmitWait: unbounded
            DEFAULT_STALL_WORKERS,
            Duration.ofSeconds(1));         // stallTimeout: queued tasks that see no start for 1 s get a worker

    final int minWorkers;
    final int maxWorkers;
    final int queueCapacity;
    final double scaleUpThreshold;
    final Duration scaleDownIdle;
    final Duration scaleCooldown;
    /** BLOCK, REJECT or CALLER_RUNS. */
    final String saturation;
    /** Null when unbounded. */
    final Duration maxSubmitWait;
    final int stallWorkers;
    final Duration stallTimeout;

    PoolSettings(int minWorkers, int maxWorkers, int queueCapacity, double scaleUpThreshold,
            Duration scaleDownIdle, Duration scaleCooldown, String saturation, Duration maxSubmitWait,
            int stallWorkers, Duration stallTimeout) {
        this.minWorkers = minWorkers;
        this.maxWorkers = maxWorkers;
        this.queueCapacity = queueCapacity;
        this.scaleUpThreshold = scaleUpThreshold;
        this.scaleDownIdle = scaleDownIdle;
        this.scaleCooldown = scaleCooldown;
        this.saturation = saturation;
        this.maxSubmitWait = maxSubmitWait;
        this.stallWorkers = stallWorkers;
        this.stallTimeout = stallTimeout;
    }

    /** These settings with the given (already checked) knob values in place of their own. */
    PoolSettings with(Map<Knob, Object> values) {
        if (values.isEmpty()) {
            return this;
        }
        Map<Knob, Object> v = new EnumMap<>(Knob.class);
        v.putAll(values);
        Object wait = v.get(Knob.MAX_SUBMIT_WAIT);
        return new PoolSettings(
                v.containsKey(Knob.MIN_WORKERS) ? (Integer) v.get(Knob.MIN_WORKERS) : minWorkers,
                v.containsKey(Knob.MAX_WORKERS) ? (Integer) v.get(Knob.MAX_WORKERS) : maxWorkers,
                v.containsKey(Knob.QUEUE_CAPACITY) ? (Integer) v.get(Knob.QUEUE_CAPACITY) : queueCapacity,
                v.containsKey(Knob.SCALE_UP_THRESHOLD) ? (Double) v.get(Knob.SCALE_UP_THRESHOLD) : scaleUpThreshold,
                v.containsKey(Knob.SCALE_DOWN_IDLE) ? (Duration) v.get(Knob.SCALE_DOWN_IDLE) : scaleDownIdle,
                v.containsKey(Knob.SCALE_COOLDOWN) ? (Duration) v.get(Knob.SCALE_COOLDOWN) : scaleCooldown,
                v.containsKey(Knob.SATURATION) ? (String) v.get(Knob.SATURATION) : saturation,
                wait == null ? maxSubmitWait : wait instanceof Duration ? (Duration) wait : null,
                v.containsKey(Knob.STALL_WORKERS) ? (Integer) v.get(Knob.STALL_WORKERS) : stallWorkers,
                v.containsKey(Knob.STALL_TIMEOUT) ? (Duration) v.get(Knob.STALL_TIMEOUT) : stallTimeout);
    }

    @Override
    public String toString() {
        return "minWorkers=" + minWorkers + ", maxWorkers=" + maxWorkers + ", queueCapacity=" + queueCapacity
                + ", scaleUpThreshold=" + scaleUpThreshold + ", scaleDownIdle=" + format(scaleDownIdle)
                + ", scaleCooldown=" + format(scaleCooldown) + ", saturation=" + saturation
                + ", maxSubmitWait=" + (maxSubmitWait == null ? Knob.UNBOUNDED : format(maxSubmitWait))
                + ", stallWorkers=" + stallWorkers + ", stallTimeout=" + format(stallTimeout);
    }

    /** {@code 60s}, {@code 500ms}, {@code 2m}: the shortest exact form of the config syntax. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
