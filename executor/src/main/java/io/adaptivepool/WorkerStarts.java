package io.adaptivepool;

import java.util.List;

/**
 * Starting reserved workers, outside the pool's lock: the thread factory and {@code Thread.start}
 * are user code. A worker whose start fails is uncounted and its first task goes back to its
 * submitter; if that leaves tasks queued with no worker, a rescue worker is started for them
 * ({@link PoolEngine#rescueLocked()}). Part of {@link PoolEngine}, under its invariants.
 */
final class WorkerStarts {
    private final PoolEngine pool;

    WorkerStarts(PoolEngine pool) {
        this.pool = pool;
    }

    /** Starts reserved workers; returns the first task of one that could not start, else null. */
    Runnable startAll(List<Worker> reserved) {
        Runnable back = null;
        if (reserved != null) {
            for (Worker w : reserved) {
                if (!start(w)) {
                    Runnable task = w.takeBackFirstTask();
                    if (task != null) {
                        back = task;
                    }
                }
            }
        }
        return back;
    }

    /** Makes and starts the worker's thread; if that fails, takes the reservation back (false). */
    boolean start(Worker w) {
        Throwable failure = null;
        Thread t = null;
        try {
            t = pool.threadFactory().newThread(w);
        } catch (Throwable e) {
            failure = e;
        }
        if (t != null) {
            w.thread = t;
            try {
                pool.watch.made(t);
                t.start();
                markLive(w);
                return true;
            } catch (Throwable e) {
                failure = e;
            }
        }
        if (!w.giveUpStart()) {
            markLive(w);
            return true; // its body claimed it after all (a factory that started the thread): it runs
        }
        boolean terminate;
        Worker rescue;
        pool.lock.lock();
        try {
            pool.uncountLocked(w);
            if (w.firstTask() != null) {
                pool.queue.ring.accepted--; // the submitter gets the task back
                pool.queue.ring.started--;
            }
            rescue = w.kind == PoolEngine.Kind.RESCUE ? null : pool.rescueLocked();
            terminate = pool.tryTerminateLocked();
        } finally {
            pool.lock.unlock();
        }
        pool.stats.threadFactoryFailure(pool.name, failure, pool.workers());
        pool.startRescue(rescue);
        if (terminate) {
            pool.finishTermination();
        }
        return false;
    }

    private void markLive(Worker w) {
        pool.lock.lock();
        try {
            pool.markLiveLocked(w);
        } finally {
            pool.lock.unlock();
        }
    }
}
