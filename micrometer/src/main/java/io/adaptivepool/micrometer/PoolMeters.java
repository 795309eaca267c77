package io.adaptivepool.micrometer;

import io.adaptivepool.HistogramSnapshot;
import io.adaptivepool.PoolMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one pool in one registry, each reading the shared {@link Snapshots}.
 *
 * <p>The first nine have the names, types, base units and descriptions of Micrometer's
 * {@code ExecutorServiceMetrics} (for a {@code ThreadPoolExecutor}) and {@code TimedExecutorService}
 * ({@code executor}, {@code executor.idle}), so executor dashboards and alerts work unchanged; the
 * two timers are function timers (count and total time, no max, no buckets), fed from the pool's
 * own histograms. The others carry what only an adaptive pool knows, in the same {@code executor}
 * namespace, so that no name is shared with the {@code adaptive_pool_*} series of the prometheus module.
 */
final class PoolMeters {
    static final String COMPLETED = "executor.completed";
    static final String ACTIVE = "executor.active";
    static final String QUEUED = "executor.queued";
    static final String QUEUE_REMAINING = "executor.queue.remaining";
    static final String POOL_SIZE = "executor.pool.size";
    static final String POOL_CORE = "executor.pool.core";
    static final String POOL_MAX = "executor.pool.max";
    static final String EXECUTION = "executor";
    static final String IDLE = "executor.idle";

    static final String QUEUE_CAPACITY = "executor.queue.capacity";
    static final String SUBMITTED = "executor.submitted";
    static final String FAILED = "executor.failed";
    static final String REJECTED = "executor.rejected";
    static final String DROPPED = "executor.dropped";
    static final String SCALE = "executor.pool.scale";
    static final String QUEUE_OLDEST = "executor.queue.oldest";
    static final String TASK_LONGEST = "executor.task.longest";
    static final String SUBMITTERS_BLOCKED = "executor.submitters.blocked";
    static final String POOL_OVER_MAX = "executor.pool.over.max";
    static final String STALLS = "executor.stalls";

    static final String TASKS = "tasks";
    static final String THREADS = "threads";

    private final MeterRegistry registry;
    private final Snapshots snapshots;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<Meter>();

    private PoolMeters(MeterRegistry registry, Snapshots snapshots, Tags tags) {
        this.registry = registry;
        this.snapshots = snapshots;
        this.tags = tags;
    }

    /**
     * Registers the meters of one pool.
     *
     * @param timed false for a pool built with {@code metricsEnabled(false)}: it records no timings,
     *              so the two timers are left out rather than reporting zeros
     * @return the meters registered, for removal
     */
    static List<Meter> register(MeterRegistry registry, Snapshots snapshots, Tags tags, boolean timed) {
        PoolMeters m = new PoolMeters(registry, snapshots, tags);
        m.executorServiceMeters(timed);
        m.adaptiveMeters();
        return m.meters;
    }

    private void executorServiceMeters(boolean timed) {
        counter(COMPLETED, TASKS, Tags.empty(), "The approximate total number of tasks that have completed execution",
                PoolMetrics::jobsProcessed);
        gauge(ACTIVE, THREADS, "The approximate number of threads that are actively executing tasks",
                PoolMetrics::busyWorkers);
        gauge(QUEUED, TASKS, "The approximate number of tasks that are queued for execution", PoolMetrics::queueDepth);
        gauge(QUEUE_REMAINING, TASKS,
                "The number of additional elements that this queue can ideally accept without blocking",
                m -> Math.max(0, m.queueCapacity() - m.queueDepth()));
        gauge(POOL_SIZE, THREADS, "The current number of threads in the pool", PoolMetrics::workers);
        gauge(POOL_CORE, THREADS, "The core number of threads for the pool (the adaptive pool's minimum)",
                PoolMetrics::minWorkers);
        gauge(POOL_MAX, THREADS, "The maximum allowed number of threads in the pool", PoolMetrics::maxWorkers);
        if (timed) {
            timer(EXECUTION, "Execution time of finished tasks", PoolMetrics::jobDuration);
            timer(IDLE, "Time from acceptance to start of a task", PoolMetrics::queueWait);
        }
    }

    private void adaptiveMeters() {
        gauge(QUEUE_CAPACITY, TASKS, "The capacity of the pool's queue", PoolMetrics::queueCapacity);
        counter(SUBMITTED, TASKS, Tags.empty(), "Tasks accepted, including those run by the caller under CALLER_RUNS",
                PoolMetrics::jobsSubmitted);
        counter(FAILED, TASKS, Tags.empty(), "Tasks that finished by throwing", PoolMetrics::jobsFailed);
        String rejected = "Submissions refused, by reason: saturated (queue full at max workers) or shutdown";
        counter(REJECTED, TASKS, Tags.of("reason", "saturated"), rejected, PoolMetrics::jobsRejectedSaturated);
        counter(REJECTED, TASKS, Tags.of("reason", "shutdown"), rejected, PoolMetrics::jobsRejectedShutdown);
        counter(DROPPED, TASKS, Tags.empty(), "Accepted tasks that will never run (removed, or dropped by a shutdown)",
                PoolMetrics::jobsDropped);
        String scale = "Workers started above the minimum (up) or retired by scale-down (down)";
        counter(SCALE, THREADS, Tags.of("direction", "up"), scale, PoolMetrics::scaleUps);
        counter(SCALE, THREADS, Tags.of("direction", "down"), scale, PoolMetrics::scaleDowns);
        timeGauge(QUEUE_OLDEST, "How long the oldest queued task has waited; 0 when the queue is empty",
                m -> m.oldestQueuedAge().toNanos());
        timeGauge(TASK_LONGEST, "How long the longest-running task has run; 0 when no worker is busy",
                m -> m.longestRunning().toNanos());
        gauge(SUBMITTERS_BLOCKED, THREADS, "Submitters waiting now for room in the queue", PoolMetrics::blockedSubmitters);
        gauge(POOL_OVER_MAX, THREADS, "Workers now above the maximum (stall guard, or a lowered maximum)",
                PoolMetrics::workersOverMax);
        counter(STALLS, null, Tags.empty(), "Stall episodes: times queued tasks waited stallTimeout with none started",
                PoolMetrics::stalls);
    }

    private void gauge(String name, String unit, String description, ToDoubleFunction<PoolMetrics> f) {
        meters.add(Gauge.builder(name, snapshots, s -> f.applyAsDouble(s.get()))
                .tags(tags).description(description).baseUnit(unit).register(registry));
    }

    private void counter(String name, String unit, Tags extra, String description, ToDoubleFunction<PoolMetrics> f) {
        meters.add(FunctionCounter.builder(name, snapshots, s -> f.applyAsDouble(s.get()))
                .tags(tags.and(extra)).description(description).baseUnit(unit).register(registry));
    }

    private void timeGauge(String name, String description, ToDoubleFunction<PoolMetrics> nanos) {
        meters.add(TimeGauge.builder(name, snapshots, TimeUnit.NANOSECONDS, s -> nanos.applyAsDouble(s.get()))
                .tags(tags).description(description).register(registry));
    }

    /** Count and total time of one of the pool's histograms. */
    private void timer(String name, String description, Function<PoolMetrics, HistogramSnapshot> h) {
        meters.add(FunctionTimer.builder(name, snapshots,
                        s -> h.apply(s.get()).count(),
                        s -> h.apply(s.get()).sumSeconds(), TimeUnit.SECONDS)
                .tags(tags).description(description).register(registry));
    }
}
