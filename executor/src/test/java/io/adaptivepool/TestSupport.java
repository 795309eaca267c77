package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Bounded polling and latches: no test sleeps and then asserts. */
final class TestSupport {
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private TestSupport() {
    }

    /** Polls every 10 ms until the condition holds; fails with the description after {@link #PATIENCE}. */
    static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("gave up after " + PATIENCE.toSeconds() + " s waiting for: " + what + " " + state.get());
            }
            parkMillis(10);
        }
    }

    static void parkMillis(long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("latch not released within " + PATIENCE.toSeconds() + " s (count " + latch.getCount() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** A task that holds its worker until the latch opens. */
    static Runnable blockOn(CountDownLatch release) {
        return () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /** Live threads whose name starts with the prefix. */
    static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .collect(Collectors.toList());
    }

    static void terminate(AdaptivePoolExecutor pool) {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("pool " + pool.getName() + " did not terminate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
