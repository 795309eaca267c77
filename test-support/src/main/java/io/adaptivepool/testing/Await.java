package io.adaptivepool.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waits for tests: no test sleeps and then asserts, and none hangs. Every wait gives up
 * after {@link #PATIENCE} with an {@link AssertionError} that says what it waited for. JDK only,
 * so that every module's tests (the executor's too) can use it.
 */
public final class Await {
    /** How long any wait lasts before the test fails. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /** Polls every 10 ms until the condition holds; fails naming {@code what} after {@link #PATIENCE}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier)}; the failure adds {@code state} (read when it fails). */
    public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String detail = state.get();
                throw new AssertionError("gave up after " + PATIENCE.getSeconds() + " s waiting for: " + what
                        + (detail.isEmpty() ? "" : " " + detail));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Something a test asks again and again: a scrape, a command's run, a child JVM's answer. */
    @FunctionalInterface
    public interface Probe<T, E extends Exception> {
        T get() throws E;
    }

    /**
     * Asks {@code probe} every {@code poll} until {@code accept} holds on its answer, for at most
     * {@code patience}, and returns that answer; else fails with {@code failure} of the last answer.
     * What the probe throws passes through.
     */
    public static <T, E extends Exception> T answer(Duration patience, Duration poll, Probe<T, E> probe,
            Predicate<? super T> accept, Function<? super T, String> failure) throws E {
        long deadline = System.nanoTime() + patience.toNanos();
        T last;
        do {
            last = probe.get();
            if (accept.test(last)) {
                return last;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while polling", e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(failure.apply(last));
    }

    /** Waits for the latch to open; fails after {@link #PATIENCE} or if interrupted (the flag set again). */
    public static void latch(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch not released within " + PATIENCE.getSeconds() + " s (count "
                        + latch.getCount() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits for the latch to open, for at most {@link #PATIENCE}, and returns either way: for tasks
     * that hold a worker until a test releases them (a failed test cannot hang a pool). An interrupt
     * ends the wait with the flag set again.
     */
    public static void quietly(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A task that holds its worker until the latch opens (see {@link #quietly}). */
    public static Runnable blockOn(CountDownLatch release) {
        return () -> quietly(release);
    }

    /** Waits until the thread is parked (WAITING or TIMED_WAITING), e.g. blocked in a put or a get. */
    public static void parked(Thread t) {
        until(t.getName() + " to wait", () -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
    }

    /** Shuts the executor down at once and waits for it to terminate; fails if it does not. */
    public static void terminated(ExecutorService executor) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(executor + " did not terminate within " + PATIENCE.getSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
