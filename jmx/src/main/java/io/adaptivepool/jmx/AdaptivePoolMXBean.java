package io.adaptivepool.jmx;

/**
 * Live tuning and live statistics of one {@link io.adaptivepool.AdaptivePoolExecutor}, as JConsole,
 * VisualVM or any JMX client sees them. Register a pool with {@link AdaptivePoolJmx#register}.
 *
 * <p>Writable attributes call the pool's live setters: a write is validated with the same message
 * as the builder, applied at once, and all or nothing. A refused write throws
 * {@link IllegalArgumentException} (a remote client sees it inside a
 * {@link javax.management.RuntimeMBeanException}, an MXBean proxy rethrows it as is) and leaves
 * every setting as it was.
 *
 * <p>Statistics are point-in-time readings, stale as soon as they are returned. Reading them never
 * blocks the pool: each comes from a {@link io.adaptivepool.AdaptivePoolExecutor#metrics()}
 * snapshot or a volatile field, and a batch read ({@code getAttributes}, as JConsole does) is
 * served from one snapshot, so its values agree with each other.
 */
public interface AdaptivePoolMXBean {

    // ---- identity ------------------------------------------------------------------------------

    /** The pool's name, from its builder. */
    String getName();

    /** What a submission does when the queue is full and workers are at max: BLOCK, REJECT or CALLER_RUNS. */
    String getSaturation();

    /** True once the pool has been shut down (it may still be draining); it then refuses new tasks. */
    boolean isShutdown();

    // ---- tuning (read-write) -------------------------------------------------------------------

    /** Workers kept alive while the pool runs, in threads. */
    int getMinWorkers();

    /**
     * Sets the minimum number of workers, in threads; raising it starts the missing workers at once.
     *
     * @throws IllegalArgumentException if negative or above MaxWorkers; nothing changes then
     */
    void setMinWorkers(int minWorkers);

    /** The most workers that may run at once, in threads. */
    int getMaxWorkers();

    /**
     * Sets the maximum number of workers, in threads. Raising it starts workers for queued tasks
     * at once; lowering it retires the extra workers as they finish their current task.
     *
     * @throws IllegalArgumentException if below 1 or below MinWorkers; nothing changes then
     */
    void setMaxWorkers(int maxWorkers);

    /** How many tasks may wait in the queue. */
    int getQueueCapacity();

    /**
     * Sets the queue's capacity, in tasks. Shrinking it below the present depth drops nothing: new
     * tasks are refused (or wait, per the saturation mode) until the depth falls under it.
     *
     * @throws IllegalArgumentException if below 1; nothing changes then
     */
    void setQueueCapacity(int queueCapacity);

    /** The queue fill ratio, in [0, 1], at or above which a submission scales the pool up; 0 is eager. */
    double getScaleUpThreshold();

    /**
     * Sets the scale-up threshold, a ratio in [0, 1]; the next submission decides with it.
     *
     * @throws IllegalArgumentException if NaN or outside [0, 1]; nothing changes then
     */
    void setScaleUpThreshold(double scaleUpThreshold);

    /**
     * The spacing between threshold-driven scale-up steps, and between retirements, in
     * milliseconds (a sub-millisecond setting reads truncated).
     */
    long getScaleCooldownMillis();

    /**
     * Sets the cooldown, in milliseconds; 0 allowed. The next decision uses it.
     *
     * @throws IllegalArgumentException if negative; nothing changes then
     */
    void setScaleCooldownMillis(long scaleCooldownMillis);

    /** How long a worker above the minimum stays idle before it may retire, in milliseconds. */
    long getScaleDownIdleMillis();

    /**
     * Sets the idle time, in milliseconds; idle workers re-arm their wait with it at once.
     *
     * @throws IllegalArgumentException if zero or negative; nothing changes then
     */
    void setScaleDownIdleMillis(long scaleDownIdleMillis);

    // ---- statistics (read-only, point-in-time) -------------------------------------------------

    /** Worker threads alive now. */
    int getWorkers();

    /** Workers running a task now. */
    int getBusyWorkers();

    /** The most workers alive at once since the pool was built. */
    int getPeakWorkers();

    /** Tasks waiting in the queue now. */
    int getQueueDepth();

    /** Tasks accepted since the pool was built (a counter). */
    long getJobsSubmitted();

    /** Tasks that finished running, successfully or not (a counter). */
    long getJobsProcessed();

    /** Tasks that finished by throwing (a counter). */
    long getJobsFailed();

    /** Submissions refused, for saturation or shutdown (a counter). */
    long getJobsRejected();

    /** Mean execution time of the tasks finished in the last ~10 s, in milliseconds; 0 when none did. */
    double getAvgJobLatencyMillis();

    /** Mean time from acceptance to start of the tasks started in the last ~10 s, in milliseconds; 0 when none did. */
    double getAvgQueueWaitMillis();

    /** Tasks finished per second over the last 10 to 11 seconds (since start when younger). */
    double getThroughput();

    /** Workers started above the minimum by scaling up (a counter). */
    long getScaleUps();

    /** Workers retired while the pool was running (a counter). */
    long getScaleDowns();
}
