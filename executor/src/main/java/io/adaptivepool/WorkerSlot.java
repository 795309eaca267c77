package io.adaptivepool;

/**
 * One worker thread's reusable hand-off between the queue and the executor's worker loop: the
 * queue loads it with the task it dequeued and when that task was queued, and the loop runs it.
 * A worker runs one task at a time, so one slot per worker is enough and a queued task costs no
 * allocation. Used only by its worker thread, except {@link #recorder}, which snapshots read.
 */
final class WorkerSlot implements Runnable {
    final AdaptivePoolExecutor pool;
    final Recorder recorder;
    /** When the thread was made: the queued-at of a task handed to it as its first task. */
    final long createdAt;

    private Runnable task;
    private long queuedAt;
    /** Start of a first task run by the executor directly (see AdaptivePoolExecutor.beforeExecute). */
    long firstTaskStart;
    /** The thread is ending because a first task it ran threw: not a scale-down. */
    boolean diedOfTask;

    WorkerSlot(AdaptivePoolExecutor pool, Recorder recorder, long createdAt) {
        this.pool = pool;
        this.recorder = recorder;
        this.createdAt = createdAt;
    }

    void load(Runnable task, long queuedAt) {
        this.task = task;
        this.queuedAt = queuedAt;
    }

    @Override
    public void run() {
        Runnable t = task;
        task = null;
        pool.runTask(recorder, t, queuedAt, AdaptivePoolExecutor.ON_WORKER);
    }

    @Override
    public String toString() {
        Runnable t = task;
        return t != null ? t.toString() : "idle worker slot";
    }
}
