package io.adaptivepool.micrometer;

import io.adaptivepool.testing.Await;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolSaturatedException;
import io.adaptivepool.Saturation;
import io.micrometer.core.instrument.Meter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared test helpers: the expected meters, pools that are shut down after each test, bounded polling. */
final class TestSupport {
    /**
     * One expected meter: Micrometer name, type, base unit (null: none; "seconds" for time meters),
     * the family it becomes in Prometheus' text format, and its extra tag if any.
     */
    record Expected(String name, Meter.Type type, String baseUnit, String prometheus, String tagKey, String tagValue) {
        Expected(String name, Meter.Type type, String baseUnit, String prometheus) {
            this(name, type, baseUnit, prometheus, null, null);
        }

        /** The family's type in the text format: function timers become summaries (count and sum). */
        String prometheusType() {
            return type == Meter.Type.TIMER ? "summary" : type.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Every meter of one pool, in registration order. */
    static final List<Expected> METERS = List.of(
            new Expected("executor.completed", Meter.Type.COUNTER, "tasks", "executor_completed_tasks_total"),
            new Expected("executor.active", Meter.Type.GAUGE, "threads", "executor_active_threads"),
            new Expected("executor.queued", Meter.Type.GAUGE, "tasks", "executor_queued_tasks"),
            new Expected("executor.queue.remaining", Meter.Type.GAUGE, "tasks", "executor_queue_remaining_tasks"),
            new Expected("executor.pool.size", Meter.Type.GAUGE, "threads", "executor_pool_size_threads"),
            new Expected("executor.pool.core", Meter.Type.GAUGE, "threads", "executor_pool_core_threads"),
            new Expected("executor.pool.max", Meter.Type.GAUGE, "threads", "executor_pool_max_threads"),
            new Expected("executor", Meter.Type.TIMER, "seconds", "executor_seconds"),
            new Expected("executor.idle", Meter.Type.TIMER, "seconds", "executor_idle_seconds"),
            new Expected("executor.queue.capacity", Meter.Type.GAUGE, "tasks", "executor_queue_capacity_tasks"),
            new Expected("executor.submitted", Meter.Type.COUNTER, "tasks", "executor_submitted_tasks_total"),
            new Expected("executor.failed", Meter.Type.COUNTER, "tasks", "executor_failed_tasks_total"),
            new Expected("executor.rejected", Meter.Type.COUNTER, "tasks", "executor_rejected_tasks_total", "reason", "saturated"),
            new Expected("executor.rejected", Meter.Type.COUNTER, "tasks", "executor_rejected_tasks_total", "reason", "shutdown"),
            new Expected("executor.dropped", Meter.Type.COUNTER, "tasks", "executor_dropped_tasks_total"),
            new Expected("executor.pool.scale", Meter.Type.COUNTER, "threads", "executor_pool_scale_threads_total", "direction", "up"),
            new Expected("executor.pool.scale", Meter.Type.COUNTER, "threads", "executor_pool_scale_threads_total", "direction", "down"),
            new Expected("executor.queue.oldest", Meter.Type.GAUGE, "seconds", "executor_queue_oldest_seconds"),
            new Expected("executor.task.longest", Meter.Type.GAUGE, "seconds", "executor_task_longest_seconds"),
            new Expected("executor.submitters.blocked", Meter.Type.GAUGE, "threads", "executor_submitters_blocked_threads"),
            new Expected("executor.pool.over.max", Meter.Type.GAUGE, "threads", "executor_pool_over_max_threads"),
            new Expected("executor.stalls", Meter.Type.COUNTER, null, "executor_stalls_total"));

    private TestSupport() {
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@link Await#PATIENCE}. */
    static void eventually(String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }

    /** Pools made by a test, shut down and awaited after it. */
    static final class Pools implements AutoCloseable {
        private final List<AdaptivePoolExecutor> pools = new ArrayList<>();

        /** A REJECT pool of 1 to 2 workers, eager (a task that would wait gets a new worker), and a queue of 1. */
        AdaptivePoolExecutor small(String name) {
            AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name(name).minWorkers(1).maxWorkers(2)
                    .queueCapacity(1).scaleUpThreshold(0).scaleDownIdle(Duration.ofSeconds(30))
                    .saturation(Saturation.REJECT).build();
            pools.add(pool);
            return pool;
        }

        @Override
        public void close() {
            for (AdaptivePoolExecutor p : pools) {
                p.shutdownNow();
            }
            for (AdaptivePoolExecutor p : pools) {
                Await.terminated(p);
            }
        }
    }

    /**
     * Gives a {@link Pools#small} pool activity on every meter: a success, a failure, a rejection
     * for saturation, a scale-up; returns with both workers blocked until {@code release} opens.
     */
    static void activity(AdaptivePoolExecutor pool, CountDownLatch release) throws InterruptedException {
        pool.execute(() -> { });
        pool.submit(() -> {
            throw new IllegalStateException("fails on purpose");
        });
        eventually("2 tasks processed", () -> pool.metrics().jobsProcessed() == 2);
        Semaphore started = new Semaphore(0);
        for (int i = 0; i < 3; i++) { // two run, one waits in the queue
            pool.execute(() -> {
                started.release();
                awaitQuietly(release);
            });
            if (i < 2) { // each runs before the next is submitted: a worker taking its first task is not yet busy
                assertTrue(started.tryAcquire(20, TimeUnit.SECONDS), "blocked task " + i + " running");
            }
        }
        assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }));
    }

    static void awaitQuietly(CountDownLatch latch) {
        Await.quietly(latch);
    }
}
