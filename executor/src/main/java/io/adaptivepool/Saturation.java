package io.adaptivepool;

/**
 * What a submission does when the queue is full and no worker can be added (workers are at
 * {@code maxWorkers}).
 *
 * <p>A submission never waits, and is never refused, while a worker could still be added.
 */
public enum Saturation {
    /**
     * Wait for room in the queue, up to {@code maxSubmitWait} (unbounded by default), then throw
     * {@link PoolSaturatedException}. The default: it turns overload into backpressure on the
     * producers instead of unbounded growth.
     */
    BLOCK,
    /** Throw {@link PoolSaturatedException} at once. */
    REJECT,
    /**
     * Run the task in the submitting thread, which slows the producer down by the task's own cost.
     * The task still counts as submitted and processed. After shutdown the task is refused with
     * {@link PoolShutdownException}, never run and never silently discarded (unlike
     * {@link java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy}).
     */
    CALLER_RUNS
}
