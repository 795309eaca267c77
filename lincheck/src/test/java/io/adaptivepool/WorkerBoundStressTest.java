package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.TestDepth;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Lincheck stress on the worker bound of a real {@link AdaptivePoolExecutor}, with time running:
 * the model checker of {@link WorkerBoundLincheckTest} freezes the clock ({@code System.nanoTime}
 * does not advance under it), so idle workers never retire there. Here they retire 1 us after
 * going idle (cooldown 0), while submissions start workers eagerly (min 0, threshold 0) and max
 * moves between 1 and 3, from several threads; Lincheck generates the scenarios, runs each many
 * times on real threads, and prints the scenario of a run that fails.
 *
 * <p>The invariant is {@link WorkerBoundLincheckTest}'s, observed under the pool's lock: the
 * count of workers never grows past the max in force ({@code getPoolSize()}, {@code
 * metrics().workers()} and {@code peakWorkers()} never pass the highest max set). Every operation
 * returns nothing, so the only result that breaks the (empty) sequential specification is an
 * operation that throws. After each run the pool is shut down and every task it accepted must
 * have run.
 */
@Param(name = "max", gen = IntGen.class, conf = "1:3")
public class WorkerBoundStressTest {
    private static final int INITIAL_MAX = 2;
    /** Retirements over every run: the test must have exercised them. */
    private static final AtomicLong RETIREMENTS = new AtomicLong();

    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger ran = new AtomicInteger();
    private final AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder()
            .name("bound-stress")
            .minWorkers(0)
            .maxWorkers(INITIAL_MAX)
            .queueCapacity(1)
            .scaleUpThreshold(0.0)
            .scaleDownIdle(Duration.ofNanos(1_000))
            .scaleCooldown(Duration.ZERO)
            .saturation(Saturation.REJECT)
            .metricsEnabled(false)
            .build();
    private final PoolEngine engine = pool.engine;
    /** Guarded by the engine's lock: the count at the last observation. */
    private int lastWorkers;
    /** Guarded by the engine's lock: the highest max in force since the last observation. */
    private int highestMax = INITIAL_MAX;
    /** Guarded by the engine's lock: the highest max ever. */
    private int highestEver = INITIAL_MAX;

    @Operation
    public void execute() {
        if (pool.tryExecute(ran::incrementAndGet)) {
            accepted.incrementAndGet();
        }
    }

    /** {@code setMaxWorkers}, noting the new max for the observer in the same critical section. */
    @Operation
    public void setMaxWorkers(@Param(name = "max") int max) {
        engine.changeSettings(old -> {
            highestMax = Math.max(highestMax, max);
            highestEver = Math.max(highestEver, max);
            return old.withMaxWorkers(max);
        });
    }

    @Operation
    public void observe() {
        // The public figures first, the highest max after: it only grows, so it bounds them.
        int size = pool.getPoolSize();
        PoolMetrics m = pool.metrics();
        int ever;
        engine.lock.lock();
        try {
            int n = engine.workers();
            int bound = Math.max(lastWorkers, highestMax);
            if (n > bound) {
                throw new IllegalStateException(n + " workers: grew past max (" + highestMax
                        + " the highest in force since the last look, when there were " + lastWorkers + ")");
            }
            lastWorkers = n;
            highestMax = engine.settings().maxWorkers;
            ever = highestEver;
        } finally {
            engine.lock.unlock();
        }
        if (size > ever || m.workers() > ever || m.peakWorkers() > ever) {
            throw new IllegalStateException("getPoolSize() " + size + ", workers " + m.workers() + ", peak "
                    + m.peakWorkers() + ": above the highest max ever set, " + ever);
        }
    }

    /** After each run: the pool ends, and ran every task it accepted. */
    @Validate
    public void shutDownAndCheck() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the pool did not terminate within 10 s: " + pool);
        }
        if (ran.get() != accepted.get()) {
            throw new IllegalStateException(accepted.get() + " tasks accepted, " + ran.get() + " ran");
        }
        RETIREMENTS.addAndGet(pool.metrics().scaleDowns());
    }

    @Test
    void stress() {
        long before = RETIREMENTS.get();
        new StressOptions()
                .iterations(TestDepth.times(5))
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(4)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(Spec.class)
                .check(getClass());
        assertTrue(RETIREMENTS.get() > before, "no idle worker retired in any run: the test did not exercise retirement");
    }

    /** Every operation returns nothing and throws nothing. */
    public static final class Spec {
        public void execute() {
        }

        public void setMaxWorkers(int max) {
        }

        public void observe() {
        }
    }
}
