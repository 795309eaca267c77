package io.adaptivepool;

/**
 * What the queue holds: the submitted task and the moment it was accepted. One small object per
 * task, the only allocation the pool adds to ThreadPoolExecutor's own.
 */
final class Job implements Runnable {
    final Runnable task;
    final AdaptivePoolExecutor pool;
    long acceptedAt;

    Job(Runnable task, AdaptivePoolExecutor pool) {
        this.task = task;
        this.pool = pool;
    }

    @Override
    public void run() {
        pool.runJob(this, AdaptivePoolExecutor.ON_WORKER);
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
