package io.adaptivepool.agent;

/**
 * The built-in settings of each kind of replaced pool, where they differ from a cached pool's
 * ({@link Setting#defaultValue}), and why. {@code pool.defaults.*} overrides them, then what the
 * call itself says (a fixed pool's size, a hand-written pool's core size and keep-alive), then
 * {@code pool.<name>.*}.
 */
final class KindDefaults {
    /**
     * The queue of a fixed or single pool, 1000: its workers never grow, so a longer queue adds
     * latency, never throughput; and the queue is what a burst costs in heap: 1000 tasks that each
     * hold 32 KB are 32 MB, an eighth of a 256 MB heap, where the JDK's unbounded queue holds them all.
     */
    static final int FIXED_QUEUE_CAPACITY = 1000;

    /**
     * The virtual limit, 1000 tasks at once: more than the connection pools that blocking tasks
     * usually wait on serve (tens to hundreds), and a bounded heap: 1000 running and 1000 queued
     * tasks that each hold 64 KB are 128 MB, a quarter of a 512 MB heap, where the JDK's executor
     * starts every task of the burst at once.
     */
    static final int VIRTUAL_LIMIT = 1000;

    /**
     * The virtual queue, 1000: room for a burst as large as the limit, so a producer blocks only
     * once 2000 tasks are in the pool.
     */
    static final int VIRTUAL_QUEUE_CAPACITY = 1000;

    private KindDefaults() {
    }

    /**
     * A kind's own built-in values. Fixed and single: no stall workers (the JDK's pool never adds a
     * thread; code that counts on exactly n threads keeps them), a bounded queue that blocks the
     * producer. Virtual: eager (a task starts while fewer than the limit run, as each got its own
     * thread before), and the stall guard kept, since tasks on virtual threads often wait on other
     * tasks of the same executor.
     */
    static SettingValues of(PoolKind kind) {
        SettingValues values = new SettingValues();
        switch (kind) {
            case FIXED:
            case SINGLE:
                values.put(Setting.QUEUE_CAPACITY, FIXED_QUEUE_CAPACITY);
                values.put(Setting.STALL_WORKERS, 0);
                break;
            case VIRTUAL:
                values.put(Setting.MAX_WORKERS, VIRTUAL_LIMIT);
                values.put(Setting.QUEUE_CAPACITY, VIRTUAL_QUEUE_CAPACITY);
                values.put(Setting.STALL_WORKERS, VIRTUAL_LIMIT);
                break;
            default:
                break;
        }
        return values;
    }
}
