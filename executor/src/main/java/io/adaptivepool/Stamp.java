package io.adaptivepool;

/**
 * When a queued task was queued, and with what weight its timings count: the queue keeps one
 * {@code long} per task. The clock reading loses its low 6 bits (64 ns, far below the smallest
 * histogram bucket) to the weight's base-2 exponent: a pool that times one task in 2^k counts each
 * timed task 2^k times, so histogram counts, sums and averages remain estimates of all tasks.
 */
final class Stamp {
    /** The task is not timed (metrics off, or not in the sample). */
    static final long UNTIMED = Long.MIN_VALUE;
    /** Not stamped yet: the queue decides under its lock whether this task is in the sample. */
    static final long UNDECIDED = Long.MIN_VALUE + 1;
    private static final long SHIFT_BITS = 0x3FL;

    private Stamp() {
    }

    static long of(long nanoTime, int weightShift) {
        return (nanoTime & ~SHIFT_BITS) | weightShift;
    }

    static long time(long stamp) {
        return stamp & ~SHIFT_BITS;
    }

    static int weightShift(long stamp) {
        return (int) (stamp & SHIFT_BITS);
    }
}
