package io.adaptivepool.jmx;

/**
 * Live tuning and live statistics of one {@link io.adaptivepool.AdaptivePoolExecutor}, as JConsole,
 * VisualVM or any JMX client sees them. Register a pool with {@link AdaptivePoolJmx#register}.
 *
 * <p>Each attribute is described once, by the {@link Description} on its getter: that text, with
 * its unit, is also the description a JMX client shows, and the descriptor's {@code units} and
 * {@code metricType} fields come from it.
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

    @Description("The pool's name, from its builder; worker threads are named after it. Unit: none (text).")
    String getName();

    @Description("What a submission does when the queue is full and no worker can be added: BLOCK (the producer"
            + " waits for room, up to MaxSubmitWaitMillis), REJECT (it is refused at once with"
            + " PoolSaturatedException) or CALLER_RUNS (the producer runs the task itself). Unit: none (text).")
    String getSaturation();

    @Description("True once the pool has been shut down: it refuses new tasks and drains. Unit: none (boolean).")
    boolean isShutdown();

    @Description(value = "The longest a BLOCK submission waits for room before PoolSaturatedException; -1 when"
            + " unbounded (the default: it waits as long as it takes). Set in the builder only (maxSubmitWait)."
            + " Unit: milliseconds.", units = "milliseconds")
    long getMaxSubmitWaitMillis();

    // ---- tuning (read-write) -------------------------------------------------------------------

    @Description(value = "Minimum workers kept alive while the pool runs; raising it starts the missing workers at"
            + " once. Unit: threads. Writable: an integer >= 0 and <= MaxWorkers.", units = "threads")
    int getMinWorkers();

    /**
     * Sets {@code MinWorkers}.
     *
     * @throws IllegalArgumentException with the builder's message, if negative or above MaxWorkers; nothing changes then
     */
    void setMinWorkers(int minWorkers);

    @Description(value = "Maximum workers that may run at once (the stall guard may add StallWorkers more); raising"
            + " it starts workers for queued tasks at once, lowering it retires the extra workers as they finish"
            + " their current task. Unit: threads. Writable: an integer >= 1 and >= MinWorkers.", units = "threads")
    int getMaxWorkers();

    /**
     * Sets {@code MaxWorkers}.
     *
     * @throws IllegalArgumentException with the builder's message, if below 1 or below MinWorkers; nothing changes then
     */
    void setMaxWorkers(int maxWorkers);

    @Description(value = "How many tasks may wait in the queue. When it is full (or, after it was shrunk, holds"
            + " more than the new capacity: shrinking drops no queued task) and no worker can be added, a"
            + " submission follows Saturation: BLOCK, the producer waits for room (up to MaxSubmitWaitMillis);"
            + " REJECT, it is refused with PoolSaturatedException; CALLER_RUNS, the producer runs the task"
            + " itself. Unit: tasks. Writable: an integer >= 1.", units = "tasks")
    int getQueueCapacity();

    /**
     * Sets {@code QueueCapacity}.
     *
     * @throws IllegalArgumentException with the builder's message, if below 1; nothing changes then
     */
    void setQueueCapacity(int queueCapacity);

    @Description(value = "Queue fill ratio (depth / capacity) at or above which a submission scales the pool up;"
            + " 0 is eager (a worker whenever a task would wait and none is idle). Unit: ratio."
            + " Writable: 0.0 to 1.0.", units = "ratio")
    double getScaleUpThreshold();

    /**
     * Sets {@code ScaleUpThreshold}.
     *
     * @throws IllegalArgumentException with the builder's message, if NaN or outside [0, 1]; nothing changes then
     */
    void setScaleUpThreshold(double scaleUpThreshold);

    @Description(value = "Spacing between threshold-driven scale-up steps, and between retirements (a"
            + " sub-millisecond setting reads truncated). Unit: milliseconds. Writable: >= 0.",
            units = "milliseconds")
    long getScaleCooldownMillis();

    /**
     * Sets {@code ScaleCooldownMillis}.
     *
     * @throws IllegalArgumentException with the builder's message, if negative; nothing changes then
     */
    void setScaleCooldownMillis(long scaleCooldownMillis);

    @Description(value = "How long a worker above the minimum stays idle before it may retire; idle workers re-arm"
            + " their wait with a new value at once. Unit: milliseconds. Writable: > 0.", units = "milliseconds")
    long getScaleDownIdleMillis();

    /**
     * Sets {@code ScaleDownIdleMillis}.
     *
     * @throws IllegalArgumentException with the builder's message, if zero or negative; nothing changes then
     */
    void setScaleDownIdleMillis(long scaleDownIdleMillis);

    @Description(value = "The stall guard's allowance: how many workers it may add above MaxWorkers when tasks are"
            + " queued and none has started for StallTimeoutMillis (tasks that wait on other tasks of the pool, or"
            + " long-lived tasks, then cannot starve the queue); 0 turns the guard off (stalls are still counted)"
            + " and the workers it added retire as they go idle. Unit: threads. Writable: an integer >= 0.",
            units = "threads")
    int getStallWorkers();

    /**
     * Sets {@code StallWorkers}.
     *
     * @throws IllegalArgumentException with the builder's message, if negative; nothing changes then
     */
    void setStallWorkers(int stallWorkers);

    @Description(value = "How long queued tasks may see no task start before the pool counts a stall (and, with"
            + " StallWorkers > 0, adds a worker); a sub-millisecond setting reads truncated. Unit: milliseconds."
            + " Writable: > 0.", units = "milliseconds")
    long getStallTimeoutMillis();

    /**
     * Sets {@code StallTimeoutMillis}.
     *
     * @throws IllegalArgumentException with the builder's message, if zero or negative; nothing changes then
     */
    void setStallTimeoutMillis(long stallTimeoutMillis);

    // ---- statistics (read-only, point-in-time) -------------------------------------------------

    @Description(value = "Worker threads alive now. Unit: threads. Point-in-time reading.", units = "threads",
            metricType = "gauge")
    int getWorkers();

    @Description(value = "Workers running a task now. Unit: threads. Point-in-time reading.", units = "threads",
            metricType = "gauge")
    int getBusyWorkers();

    @Description(value = "Most workers alive at once since the pool was built. Unit: threads.", units = "threads",
            metricType = "gauge")
    int getPeakWorkers();

    @Description(value = "Tasks waiting in the queue now. Unit: tasks. Point-in-time reading.", units = "tasks",
            metricType = "gauge")
    int getQueueDepth();

    @Description(value = "Tasks accepted since the pool was built (including those run in the caller by"
            + " CALLER_RUNS). Unit: tasks, cumulative count.", units = "tasks", metricType = "counter")
    long getJobsSubmitted();

    @Description(value = "Tasks that finished running, successfully or not, since the pool was built."
            + " Unit: tasks, cumulative count.", units = "tasks", metricType = "counter")
    long getJobsProcessed();

    @Description(value = "Tasks that finished by throwing, since the pool was built. Unit: tasks, cumulative count.",
            units = "tasks", metricType = "counter")
    long getJobsFailed();

    @Description(value = "Submissions refused since the pool was built, for saturation or shutdown."
            + " Unit: tasks, cumulative count.", units = "tasks", metricType = "counter")
    long getJobsRejected();

    @Description(value = "Mean job duration (execution time: from a worker starting a task until it returns or"
            + " throws) of the tasks that finished in the last ~10 s; 0 when none did or timings are disabled."
            + " Prometheus exports the same quantity as the histogram adaptive_pool_job_duration_seconds."
            + " Unit: milliseconds.", units = "milliseconds", metricType = "gauge")
    double getAvgJobLatencyMillis();

    @Description(value = "Mean queue wait (time from acceptance to start) of the tasks that started in the last"
            + " ~10 s; 0 when none did or timings are disabled. Tasks still queued do not count: see"
            + " OldestQueuedAgeMillis. Prometheus exports the same quantity as the histogram"
            + " adaptive_pool_queue_wait_seconds. Unit: milliseconds.", units = "milliseconds", metricType = "gauge")
    double getAvgQueueWaitMillis();

    @Description(value = "Tasks finished per second over the last 10 to 11 s (since start when the pool is"
            + " younger). Unit: tasks per second.", units = "tasks/s", metricType = "gauge")
    double getThroughput();

    @Description(value = "Workers started above the minimum by scaling up, since the pool was built."
            + " Unit: threads, cumulative count.", units = "threads", metricType = "counter")
    long getScaleUps();

    @Description(value = "Workers retired while the pool was running, since it was built: idle workers above the"
            + " minimum that retired after ScaleDownIdleMillis, and workers retired because MaxWorkers was"
            + " lowered. Unit: threads, cumulative count.", units = "threads", metricType = "counter")
    long getScaleDowns();

    // ---- stall signals (read-only, point-in-time) ----------------------------------------------

    @Description(value = "How long the oldest task in the queue has waited so far; 0 when the queue is empty. It"
            + " keeps rising while the queue is stalled, when AvgQueueWaitMillis (tasks that started) sees"
            + " nothing. Read to within about 250 ms. Unit: milliseconds. Point-in-time reading.",
            units = "milliseconds", metricType = "gauge")
    long getOldestQueuedAgeMillis();

    @Description(value = "How long the longest-running task now running has run; 0 when no worker is busy. Read"
            + " to within about 250 ms. Unit: milliseconds. Point-in-time reading.", units = "milliseconds",
            metricType = "gauge")
    long getLongestRunningMillis();

    @Description(value = "Submitters waiting now for room in the queue (BLOCK, or a submission with a maximum"
            + " wait). Unit: threads. Point-in-time reading.", units = "threads", metricType = "gauge")
    int getBlockedSubmitters();

    @Description(value = "Workers now above MaxWorkers: added by the stall guard (at most StallWorkers), or not yet"
            + " retired after MaxWorkers was lowered. Unit: threads. Point-in-time reading.", units = "threads",
            metricType = "gauge")
    int getWorkersOverMax();

    @Description(value = "Stalls since the pool was built: episodes in which tasks were queued and none started for"
            + " StallTimeoutMillis, whether or not the stall guard (StallWorkers > 0) was on to add workers."
            + " Unit: stalls, cumulative count.", units = "stalls", metricType = "counter")
    long getStalls();
}
