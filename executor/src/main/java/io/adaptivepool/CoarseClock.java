package io.adaptivepool;

/**
 * A clock read on the task path at the cost of one volatile read: {@link System#nanoTime()} as of
 * the last tick of the {@link StallWatch} thread, which ticks at least four times a second while
 * any pool is alive. Untimed tasks are stamped with it, and workers note with it when their task
 * started, so the age of the oldest queued task and the longest running task are known to within
 * a tick without reading the real clock per task (which cost up to 15% of the throughput of 1 us
 * tasks in a busy worker).
 */
final class CoarseClock {
    private static volatile long now = System.nanoTime();

    private CoarseClock() {
    }

    static long read() {
        return now;
    }

    static void tick() {
        now = System.nanoTime();
    }
}
