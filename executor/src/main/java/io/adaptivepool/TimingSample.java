package io.adaptivepool;

/**
 * How many tasks a busy pool times. Reading the clock costs tens of nanoseconds alone, and more in
 * a busy worker, where it waits for the hand-off's contended memory: on 2 cores, timing one task in
 * 16 still cost 15% of the throughput of 1 us tasks, one in 256 nothing measurable. A sample of
 * 5,000 to 10,000 tasks a second is plenty for the histograms at any rate, so a pool times every
 * task up to 10,000 tasks a second and one in 2^k above, counting each timed task 2^k times.
 */
final class TimingSample {
    /** A busy pool times more than this many tasks a second, and at most twice as many. */
    static final double TIMED_PER_SECOND = 5_000;
    /** The sparsest sample: one task in 2^20. */
    static final int MAX_SHIFT = 20;

    private TimingSample() {
    }

    /**
     * The sample for a task rate: the smallest k for which one task in 2^k makes at most
     * 2 x {@link #TIMED_PER_SECOND} timed tasks a second (0, every task, up to that rate).
     */
    static int shiftFor(double tasksPerSecond) {
        int k = 0;
        while (k < MAX_SHIFT && tasksPerSecond > 2 * TIMED_PER_SECOND * (1L << k)) {
            k++;
        }
        return k;
    }

    /**
     * The sample to switch to from {@code current} at this rate: a sparser one as soon as the rate
     * calls for it, a denser one only once the rate has halved beyond that (hysteresis).
     */
    static int nextShift(int current, double tasksPerSecond) {
        int wanted = shiftFor(tasksPerSecond);
        if (wanted > current) {
            return wanted;
        }
        int relaxed = shiftFor(2 * tasksPerSecond);
        return relaxed < current ? relaxed : current;
    }
}
