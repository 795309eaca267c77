package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adaptivepool.testing.Await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Bounded polling and latches: no test sleeps and then asserts. */
final class TestSupport {
    static final Duration PATIENCE = Await.PATIENCE;

    private TestSupport() {
    }

    /** Polls every 10 ms until the condition holds; fails with the description after {@link #PATIENCE}. */
    static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        Await.until(what, condition, state);
    }

    static void parkMillis(long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    static void awaitLatch(CountDownLatch latch) {
        Await.latch(latch);
    }

    /** A task that holds its worker until the latch opens (at most {@link #PATIENCE}). */
    static Runnable blockOn(CountDownLatch release) {
        return Await.blockOn(release);
    }

    /** Live threads whose name starts with the prefix. */
    static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .collect(Collectors.toList());
    }

    static void terminate(AdaptivePoolExecutor pool) {
        Await.terminated(pool);
    }

    /** Submitted = processed + dropped + queued + running, once the pool is quiet. */
    static void assertCountsBalance(AdaptivePoolExecutor pool) {
        PoolMetrics m = pool.metrics();
        assertEquals(m.jobsSubmitted(), m.jobsProcessed() + m.jobsDropped() + m.queueDepth() + m.busyWorkers(),
                m.toString());
    }

    /** The pools a test builds: {@link #keep} each one, {@link #terminateAll} in the tear-down. */
    static final class Pools {
        private final List<AdaptivePoolExecutor> pools = new CopyOnWriteArrayList<>();

        AdaptivePoolExecutor keep(AdaptivePoolExecutor pool) {
            pools.add(pool);
            return pool;
        }

        /** Shuts every kept pool down at once and waits for each to terminate. */
        void terminateAll() {
            for (AdaptivePoolExecutor pool : pools) {
                terminate(pool);
            }
        }
    }
}
