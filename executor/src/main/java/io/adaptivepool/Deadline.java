package io.adaptivepool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts as the JDK's blocking methods read them, in one place: a zero or negative timeout means
 * "do not wait", and a huge one, in any unit, is as long as a long of nanoseconds holds
 * ({@link TimeUnit#toNanos} saturates). A deadline is a {@link System#nanoTime()} reading plus a
 * timeout of at least zero, so the time left, {@code deadline - now}, only shrinks from that
 * timeout and never wraps: {@code now + Long.MIN_VALUE} would wrap into the far future, and an
 * {@code awaitTermination(Long.MIN_VALUE, ...)} computed that way waited for ever
 * (ConformanceEdgeTest.awaitTerminationWithExtremeTimeouts).
 */
final class Deadline {
    private Deadline() {
    }

    /** The timeout in nanoseconds, 0 if it is zero or negative. */
    static long nanos(long timeout, TimeUnit unit) {
        return Math.max(0L, unit.toNanos(timeout));
    }

    /**
     * A per-call wait ({@code execute} or {@code submit} with a Duration) in nanoseconds, read as
     * {@link #nanos(long, TimeUnit)} reads a timeout; null is refused, naming {@code field}.
     */
    static long nanos(String field, Duration timeout) {
        return Math.max(0L, Config.nanos(Config.notNull(field, timeout)));
    }

    /** The deadline {@code nanos} from now (a negative timeout counts as 0). */
    static long after(long nanos) {
        return System.nanoTime() + Math.max(0L, nanos);
    }

    /** Nanoseconds left until the deadline; 0 or less once it has passed. */
    static long left(long deadline) {
        return deadline - System.nanoTime();
    }
}
