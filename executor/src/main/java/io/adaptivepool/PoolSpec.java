package io.adaptivepool;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * What an {@link AdaptivePoolExecutor.Builder} holds: each value as its setter checked it (the
 * defaults are the builder's documented ones), and the build, which checks the combination and
 * changes nothing here, so the builder can build again.
 */
final class PoolSpec {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    String name;
    int minWorkers = 1;
    /** -1 until set: the default follows the processors and minWorkers, at build. */
    int maxWorkers = -1;
    int queueCapacity = 1000;
    double scaleUpThreshold = 0.7;
    Duration scaleDownIdle = Duration.ofSeconds(30);
    Duration scaleCooldown = Duration.ofSeconds(5);
    boolean metricsEnabled = true;
    ThreadFactory threadFactory;
    Saturation saturation = Saturation.BLOCK;
    /** Null: unbounded. */
    Duration maxSubmitWait;
    int stallWorkers;
    Duration stallTimeout = Duration.ofSeconds(1);
    boolean virtualThreads;
    UnaryOperator<Runnable> taskDecorator;
    /** The reason the size cannot change, or null. */
    String fixedSize;
    Ticker ticker = Ticker.SYSTEM;

    AdaptivePoolExecutor build() {
        int max = maxWorkers > 0 ? maxWorkers : Math.max(Runtime.getRuntime().availableProcessors(), minWorkers);
        Config.minNotAboveMax(minWorkers, max, false);
        Config.oneThreadSource(threadFactory != null, virtualThreads);
        String poolName = name != null ? name : "adaptive-pool-" + POOL_IDS.incrementAndGet();
        ThreadFactory factory = threadFactory != null ? threadFactory
                : virtualThreads ? VirtualThreads.factory(poolName + "-worker-") : namedThreads(poolName);
        Settings settings = new Settings(minWorkers, max, queueCapacity, scaleUpThreshold, scaleCooldown,
                scaleDownIdle, false, stallWorkers, stallTimeout, fixedSize);
        PoolEngine engine = new PoolEngine(poolName, settings, factory, metricsEnabled, ticker);
        AdaptivePoolExecutor pool = new AdaptivePoolExecutor(engine, saturation,
                maxSubmitWait == null ? Submission.UNBOUNDED : Config.nanos(maxSubmitWait), taskDecorator);
        StallWatch.register(engine);
        pool.prestartAllCoreThreads();
        return pool;
    }

    /** The default thread factory: non-daemon threads named {@code <poolName>-worker-N}. */
    static ThreadFactory namedThreads(String poolName) {
        AtomicInteger ids = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, poolName + "-worker-" + ids.incrementAndGet());
            thread.setDaemon(false);
            thread.setPriority(Thread.NORM_PRIORITY);
            return thread;
        };
    }
}
