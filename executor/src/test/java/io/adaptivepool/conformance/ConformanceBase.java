package io.adaptivepool.conformance;

import io.adaptivepool.testing.Await;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * What every conformance test shares: the pools it made (shut down after it), a gate that holds
 * blocking tasks until the test or the tear-down opens it, helper threads (interrupted after it),
 * and bounded waits. Nothing here sleeps and then asserts: a wait polls a condition until a
 * deadline of {@link #PATIENCE}, and only fails once that has passed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ConformanceBase {
    /** How long something that must happen may take on a loaded machine. */
    static final Duration PATIENCE = Duration.ofSeconds(20);
    /**
     * A short wait, used only to show that something does not happen (a timed get or offer that
     * must time out, an awaitTermination that must return false). Never a bound on what must happen.
     */
    static final long BRIEFLY_MS = 100;

    /** Opened by the test, or at the latest by the tear-down: tasks from {@link #blocker} wait on it. */
    final CountDownLatch gate = new CountDownLatch(1);

    private final List<ThreadPoolExecutor> pools = new CopyOnWriteArrayList<>();
    private final List<Thread> helpers = new CopyOnWriteArrayList<>();

    /** A pool of this kind, shut down and awaited after the test. */
    ThreadPoolExecutor pool(PoolKind kind, PoolSpec spec) {
        ThreadPoolExecutor pool = kind.create(spec);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void shutDownEverything() throws InterruptedException {
        gate.countDown();
        for (Thread t : helpers) {
            t.interrupt();
        }
        for (ThreadPoolExecutor pool : pools) {
            pool.shutdownNow();
        }
        for (ThreadPoolExecutor pool : pools) {
            assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS),
                    () -> "pool did not terminate: " + pool);
        }
        for (Thread t : helpers) {
            t.join(PATIENCE.toMillis());
        }
    }

    /** A task that counts down {@code started}, then waits for the gate (ends early if interrupted). */
    Runnable blocker(CountDownLatch started) {
        return () -> {
            started.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Occupies every one of the pool's {@code workers} workers with a blocker, and waits until all run. */
    void occupy(ThreadPoolExecutor pool, int workers) {
        CountDownLatch started = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            pool.execute(blocker(started));
        }
        awaitLatch(started);
    }

    /** Starts a daemon helper thread, interrupted and joined after the test. */
    Thread startThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        helpers.add(t);
        t.start();
        return t;
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, condition);
    }

    static void awaitLatch(CountDownLatch latch) {
        Await.latch(latch);
    }

    /** Waits until the thread is parked (WAITING or TIMED_WAITING), e.g. blocked in a put or a get. */
    static void awaitParked(Thread t) {
        Await.parked(t);
    }

    /** Waits until the pool has no running task and an empty queue. */
    static void awaitQuiescent(ThreadPoolExecutor pool) {
        await("pool quiescent", () -> pool.getActiveCount() == 0 && pool.getQueue().isEmpty());
    }
}
