package io.adaptivepool.conformance;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The two pools every conformance test runs against: the JDK's own {@link ThreadPoolExecutor}, the
 * reference, and an {@link AdaptivePoolExecutor} configured to behave like it.
 */
enum PoolKind {
    /** {@code new ThreadPoolExecutor(core, max, keepAlive, ArrayBlockingQueue(capacity), factory)}. */
    JDK {
        @Override
        ThreadPoolExecutor create(PoolSpec spec) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(spec.core, spec.max,
                    spec.keepAlive.toNanos(), TimeUnit.NANOSECONDS,
                    new ArrayBlockingQueue<>(spec.capacity), spec.factory);
            // the adaptive pool starts its minimum of workers when built: do the same, so that both
            // pools have the same threads from the start
            pool.prestartAllCoreThreads();
            return pool;
        }
    },
    /**
     * The adaptive pool as a ThreadPoolExecutor(core, max, keepAlive, ArrayBlockingQueue(capacity)):
     * threshold 1.0 (grow only when the queue is full), no cooldown, and REJECT saturation where
     * the spec asks for rejections (BLOCK, the default, would wait for room instead).
     */
    ADAPTIVE {
        @Override
        ThreadPoolExecutor create(PoolSpec spec) {
            AdaptivePoolExecutor.Builder builder = AdaptivePoolExecutor.builder()
                    .name("conformance")
                    .minWorkers(spec.core)
                    .maxWorkers(spec.max)
                    .queueCapacity(spec.capacity)
                    .scaleDownIdle(spec.keepAlive)
                    .scaleUpThreshold(1.0)
                    .scaleCooldown(Duration.ZERO)
                    .threadFactory(spec.factory)
                    .stallWorkers(spec.stallWorkers);
            if (spec.rejecting) {
                builder.saturation(Saturation.REJECT);
            }
            return builder.build();
        }
    };

    /** A started pool as the spec describes, with the spec's thread factory. */
    abstract ThreadPoolExecutor create(PoolSpec spec);
}
