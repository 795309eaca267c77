package io.adaptivepool;

/**
 * When a task was accepted, and whether and with what weight its timings count: one {@code long}
 * per task, kept beside it in the queue or in a worker's hand-off slot. The low 6 bits of the clock
 * reading (64 ns, far below the smallest histogram bucket) carry a flag, "timed", and the weight's
 * base-2 exponent: a pool that times one task in 2^k counts each timed task 2^k times, so histogram
 * counts, sums and averages remain estimates of all tasks. An untimed task carries the coarse clock
 * ({@link CoarseClock}), enough for the age of the oldest queued task.
 */
final class Stamp {
    private static final long LOW_BITS = 0x3FL;
    private static final long TIMED = 0x20L;
    private static final long SHIFT_BITS = 0x1FL;

    private Stamp() {
    }

    static long timed(long nanoTime, int weightShift) {
        return (nanoTime & ~LOW_BITS) | TIMED | weightShift;
    }

    static long untimed(long coarseNanoTime) {
        return coarseNanoTime & ~LOW_BITS;
    }

    static boolean isTimed(long stamp) {
        return (stamp & TIMED) != 0;
    }

    static long time(long stamp) {
        return stamp & ~LOW_BITS;
    }

    static int weightShift(long stamp) {
        return (int) (stamp & SHIFT_BITS);
    }
}
