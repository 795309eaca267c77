package io.adaptivepool.jmx;

import io.adaptivepool.testing.Await;


import io.adaptivepool.AdaptivePoolExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling, latch-held tasks and pool clean-up: no test sleeps and then asserts. */
final class JmxTestSupport {
    static final Duration PATIENCE = Await.PATIENCE;

    private JmxTestSupport() {
    }

    /** Polls every 20 ms until the condition holds; fails with the description after {@link #PATIENCE}. */
    static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        Await.until(what, condition, state);
    }

    /** Shuts the pool down at once and waits for it to terminate. */
    static void terminate(AdaptivePoolExecutor pool) {
        Await.terminated(pool);
    }

    /**
     * Tasks that hold their worker until {@link #release()}: counts how many started and how many
     * finished. A held task gives up after {@link #PATIENCE}, so a failed test cannot hang a pool.
     */
    static final class Gate {
        private final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();

        Runnable task() {
            return () -> {
                started.incrementAndGet();
                Await.quietly(release);
                finished.incrementAndGet();
            };
        }

        void release() {
            release.countDown();
        }

        void awaitStarted(int n) {
            await(n + " held tasks started", () -> started.get() >= n, () -> "(started " + started.get() + ")");
        }
    }

    /** Pools and gates to clean up after a test, whatever happened. */
    static final class Cleanup {
        private final List<AdaptivePoolExecutor> pools = new CopyOnWriteArrayList<>();
        private final List<Gate> gates = new CopyOnWriteArrayList<>();

        AdaptivePoolExecutor pool(AdaptivePoolExecutor pool) {
            pools.add(pool);
            return pool;
        }

        Gate gate() {
            Gate gate = new Gate();
            gates.add(gate);
            return gate;
        }

        void run() {
            gates.forEach(Gate::release);
            pools.forEach(JmxTestSupport::terminate);
            pools.forEach(AdaptivePoolJmx::unregister);
        }
    }
}
