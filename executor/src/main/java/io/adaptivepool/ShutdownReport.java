package io.adaptivepool;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * What {@link AdaptivePoolExecutor#shutdownGracefully(Duration)} did.
 *
 * <p>Every task the pool accepted ends in exactly one of three places: it ran to completion
 * (counted in {@link PoolMetrics#jobsProcessed()}), it was still running when the timeout expired
 * and was interrupted ({@link #interruptedTasks()}, and it is counted as processed once it
 * returns), or it never started and is handed back here ({@link #droppedTasks()}).
 */
public final class ShutdownReport {
    private final List<Runnable> droppedTasks;
    private final int interruptedTasks;
    private final boolean terminated;
    private final Duration elapsed;

    ShutdownReport(List<Runnable> droppedTasks, int interruptedTasks, boolean terminated, Duration elapsed) {
        this.droppedTasks = Collections.unmodifiableList(droppedTasks);
        this.interruptedTasks = interruptedTasks;
        this.terminated = terminated;
        this.elapsed = elapsed;
    }

    /**
     * True when the queue drained and every running task finished within the timeout: nothing
     * was dropped and nothing was interrupted.
     */
    public boolean isClean() {
        return droppedTasks.isEmpty() && interruptedTasks == 0 && terminated;
    }

    /**
     * The tasks that were accepted but never started, in queue order, as they were submitted
     * (for {@code submit} that is the {@link java.util.concurrent.Future} that was returned, now
     * never to complete unless the caller cancels or runs it).
     */
    public List<Runnable> droppedTasks() {
        return droppedTasks;
    }

    /** How many tasks were still running when the timeout expired and were interrupted. */
    public int interruptedTasks() {
        return interruptedTasks;
    }

    /**
     * True when the pool had terminated (every worker thread ended) by the time this report was
     * made. False only when an interrupted task ignores its interrupt and keeps running.
     */
    public boolean isTerminated() {
        return terminated;
    }

    /** How long the graceful shutdown took. */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public String toString() {
        return "ShutdownReport{clean=" + isClean() + ", dropped=" + droppedTasks.size()
                + ", interrupted=" + interruptedTasks + ", terminated=" + terminated
                + ", elapsed=" + elapsed.toMillis() + "ms}";
    }
}
