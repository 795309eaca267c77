package io.adaptivepool;

import java.util.List;

/**
 * A short-lived daemon thread, {@code adaptive-pool-watch-starter}, that makes and starts the
 * workers the stall guard added to one pool. The thread factory is user code and a start takes the
 * pool's lock, so neither runs on the watch thread: a factory that blocks, or a lock user code
 * holds, holds up this pool's new workers and no other pool's guard. One thread per batch of
 * workers, which is rare (a stall); if none can be made, the watch starts them itself.
 */
final class GuardStarter extends Thread {
    private final PoolEngine pool;
    private final List<Worker> workers;

    private GuardStarter(PoolEngine pool, List<Worker> workers) {
        super("adaptive-pool-watch-starter");
        this.pool = pool;
        this.workers = workers;
        setDaemon(true);
        setContextClassLoader(null);
    }

    /** Starts the reserved workers off the calling (watch) thread; on it if no thread can be made. */
    static void startAll(PoolEngine pool, List<Worker> workers) {
        if (workers == null || workers.isEmpty()) {
            return;
        }
        try {
            new GuardStarter(pool, workers).start();
        } catch (Throwable noThread) {
            pool.startAll(workers); // each failed start is then taken back, as for any worker
        }
    }

    /** True on the threads that make the guard's workers: a starter, or the watch itself. */
    static boolean makesGuardWorkers() {
        return Thread.currentThread() instanceof GuardStarter || StallWatch.isWatchThread();
    }

    @Override
    public void run() {
        pool.startAll(workers);
    }
}
