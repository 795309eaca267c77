package io.adaptivepool;

/** A cache line of padding ahead of {@link WorkerSlotFields}. */
abstract class WorkerSlotPadding {
    long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The per-task fields of a {@link WorkerSlot}, between its two paddings. */
abstract class WorkerSlotFields extends WorkerSlotPadding {
    Runnable task;
    long queuedAt;
}

/**
 * One worker thread's reusable hand-off between the queue and the executor's worker loop: the
 * queue loads it with the task it dequeued and when that task was queued, and the loop runs it.
 * A worker runs one task at a time, so one slot per worker is enough and a queued task costs no
 * allocation. Used only by its worker thread, except {@link #recorder}, which snapshots read.
 * Padded like {@link Recorder}, so two workers' slots never share a cache line.
 */
final class WorkerSlot extends WorkerSlotFields implements Runnable {
    final AdaptivePoolExecutor pool;
    final Recorder recorder;
    /** When the thread was made: the queued-at of a task handed to it as its first task. */
    final long createdAt;

    /** Start of a first task run by the executor directly (see AdaptivePoolExecutor.beforeExecute). */
    long firstTaskStart;
    /** The thread is ending because a first task it ran threw: not a scale-down. */
    boolean diedOfTask;

    long q01, q02, q03, q04, q05, q06, q07, q08;

    WorkerSlot(AdaptivePoolExecutor pool, Recorder recorder, long createdAt) {
        this.pool = pool;
        this.recorder = recorder;
        this.createdAt = createdAt;
    }

    void load(Runnable task, long queuedAt) {
        this.task = task;
        this.queuedAt = queuedAt;
    }

    /** Runs the loaded task, then any queued after it (see AdaptivePoolExecutor#runQueued). */
    @Override
    public void run() {
        runLoaded();
        pool.runQueued(this);
    }

    void runLoaded() {
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
