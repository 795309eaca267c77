package io.adaptivepool.benchmarks;

import io.adaptivepool.AdaptivePoolExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The executors the overhead benchmark compares, each built with the same worker count and queue
 * capacity wherever it has those knobs.
 */
final class Contenders {
    /** The {@code executor} parameter values, in the order the benchmark lists them. */
    static final List<String> NAMES = List.of("adaptive", "adaptive-nometrics", "adaptive-elastic",
            "tpe-array", "tpe-linked", "cached", "fjp", "jetty", "tomcat");
    /**
     * Diagnostic variants, not run by default (pass them with {@code -p executor=...}): tpe-array
     * plus the per-task bookkeeping the adaptive pool does, to tell the queue's cost from the
     * bookkeeping's. {@code tpe-array-wrap} wraps each task in a small object (as {@code Job});
     * {@code tpe-array-timed} also reads {@code System.nanoTime()} three times per task and adds to
     * four {@code LongAdder}s, as the pool does with metrics on.
     */
    static final List<String> DIAGNOSTIC = List.of("tpe-array-wrap", "tpe-array-timed");

    private Contenders() {
    }

    /** A started executor and the way to stop it. */
    record Running(Executor executor, AutoCloseable stopper) {
    }

    /**
     * Builds and starts the named executor.
     *
     * @param workers worker threads (min = max wherever the peer has both, except adaptive-elastic: min 1)
     * @param capacity queue capacity wherever the peer has a bounded queue
     * @throws IllegalArgumentException for an unknown name
     */
    static Running start(String name, int workers, int capacity) throws Exception {
        switch (name) {
            case "adaptive":
            case "adaptive-nometrics": {
                AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("bench-" + name)
                        .minWorkers(workers).maxWorkers(workers).queueCapacity(capacity)
                        .metricsEnabled(name.equals("adaptive")).build();
                return new Running(pool, () -> stop(pool));
            }
            case "adaptive-elastic": {
                // min < max: the pool starts with one worker and scales on queue pressure (defaults:
                // threshold 0.7, cooldown 5 s, idle 30 s), so scaling itself is part of what is measured
                AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("bench-" + name)
                        .minWorkers(1).maxWorkers(workers).queueCapacity(capacity).build();
                return new Running(pool, () -> stop(pool));
            }
            case "tpe-array": {
                ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(capacity));
                pool.prestartAllCoreThreads();
                return new Running(pool, () -> stop(pool));
            }
            case "tpe-array-wrap":
            case "tpe-array-timed": {
                ThreadPoolExecutor pool = new WrappingExecutor(workers, capacity, name.endsWith("timed"));
                pool.prestartAllCoreThreads();
                return new Running(pool, () -> stop(pool));
            }
            case "tpe-linked": {
                ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(capacity));
                pool.prestartAllCoreThreads();
                return new Running(pool, () -> stop(pool));
            }
            case "cached": {
                ExecutorService pool = Executors.newCachedThreadPool();
                return new Running(pool, () -> stop(pool));
            }
            case "fjp": {
                ForkJoinPool pool = new ForkJoinPool(workers);
                return new Running(pool, () -> stop(pool));
            }
            case "jetty": {
                // QueuedThreadPool(maxThreads, minThreads, idleTimeout ms, reservedThreads, queue, group);
                // no reserved threads, so every task goes through the bounded queue as with the others
                QueuedThreadPool pool = new QueuedThreadPool(workers, workers, 60_000, 0,
                        new BlockingArrayQueue<>(capacity), null);
                pool.setName("bench-jetty");
                pool.start();
                return new Running(pool, pool::stop);
            }
            case "tomcat": {
                // as Tomcat's StandardThreadExecutor builds it
                TaskQueue queue = new TaskQueue(capacity);
                org.apache.tomcat.util.threads.ThreadPoolExecutor pool =
                        new org.apache.tomcat.util.threads.ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                                queue, new TaskThreadFactory("bench-tomcat-", true, Thread.NORM_PRIORITY));
                queue.setParent(pool);
                pool.prestartAllCoreThreads();
                return new Running(pool, () -> stop(pool));
            }
            default:
                throw new IllegalArgumentException("executor '" + name + "' is not one of " + NAMES
                        + " or the diagnostic " + DIAGNOSTIC);
        }
    }

    /** A ThreadPoolExecutor on an ArrayBlockingQueue that wraps and optionally times each task. */
    static final class WrappingExecutor extends ThreadPoolExecutor {
        private final boolean timed;
        final LongAdder submitted = new LongAdder();
        final LongAdder processed = new LongAdder();
        final LongAdder waitNanos = new LongAdder();
        final LongAdder runNanos = new LongAdder();

        WrappingExecutor(int workers, int capacity, boolean timed) {
            super(workers, workers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity));
            this.timed = timed;
        }

        @Override
        public void execute(Runnable task) {
            Wrapped w = new Wrapped(task, this);
            if (timed) {
                w.acceptedAt = System.nanoTime();
                submitted.increment();
            }
            super.execute(w);
        }
    }

    private static final class Wrapped implements Runnable {
        final Runnable task;
        final WrappingExecutor pool;
        long acceptedAt;

        Wrapped(Runnable task, WrappingExecutor pool) {
            this.task = task;
            this.pool = pool;
        }

        @Override
        public void run() {
            WrappingExecutor p = pool;
            if (!p.timed) {
                task.run();
                return;
            }
            long start = System.nanoTime();
            p.waitNanos.add(start - acceptedAt);
            task.run();
            p.runNanos.add(System.nanoTime() - start);
            p.processed.increment();
        }
    }

    private static void stop(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }

    private static void stop(AdaptivePoolExecutor pool) {
        pool.shutdownGracefully(Duration.ofSeconds(10));
    }
}
