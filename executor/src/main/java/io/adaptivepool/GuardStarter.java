package io.adaptivepool;

import java.util.List;

/**
 * What a short-lived daemon thread, {@code adaptive-pool-watch-starter}, runs: it makes and starts the
 * workers the stall guard added to one pool. The thread factory is user code and a start takes the
 * pool's lock, so neither runs on the watch thread: a factory that blocks, or a lock user code
 * holds, holds up this pool's new workers and no other pool's guard. One thread per batch of
 * workers, which is rare (a stall); if none can be made, the watch starts them itself.
 */
final class GuardStarter implements Runnable {
    /*
     * A factory that makes a plain new Thread(r) puts it in the group of the thread that makes it
     * (the group's uncaught-exception handler hears of its tasks' failures): so the starter is made
     * in the group of the pool's other workers (PoolWatch keeps it), with no inheritable
     * thread-locals to pass on (WatchThreads).
     */
    private static final ThreadLocal<Boolean> STARTING = new ThreadLocal<>();

    private final PoolEngine pool;
    private final List<Worker> workers;

    private GuardStarter(PoolEngine pool, List<Worker> workers) {
        this.pool = pool;
        this.workers = workers;
    }

    /**
     * Starts the reserved workers off the calling (watch) thread, on a starter in {@code group}
     * (null: the caller's); on the caller if no thread can be made.
     */
    static void startAll(PoolEngine pool, List<Worker> workers, ThreadGroup group) {
        if (workers == null || workers.isEmpty()) {
            return;
        }
        try {
            WatchThreads.make(group, new GuardStarter(pool, workers), "adaptive-pool-watch-starter").start();
        } catch (Throwable noThread) {
            pool.startAll(workers); // each failed start is then taken back, as for any worker
        }
    }

    /** True on the threads that make the guard's workers: a starter, or the watch itself. */
    static boolean makesGuardWorkers() {
        return STARTING.get() != null || StallWatch.isWatchThread();
    }

    @Override
    public void run() {
        STARTING.set(Boolean.TRUE);
        try {
            pool.startAll(workers);
        } finally {
            STARTING.remove();
        }
    }
}
