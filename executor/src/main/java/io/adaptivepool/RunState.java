package io.adaptivepool;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool's run state and its termination: RUNNING -> SHUTDOWN (no new tasks; queued ones still
 * run) -> STOP (queue drained, workers interrupted) -> TIDYING (termination listeners running) ->
 * TERMINATED. Guarded by the pool's lock (passed in); the state is volatile for readers without it.
 *
 * <p>Termination happens once: the one caller that moves the state to TIDYING runs the listeners,
 * outside the lock, and any listener added meanwhile, then marks the pool TERMINATED and wakes
 * {@link #awaitTermination}, which then also waits for the worker threads to end.
 */
final class RunState {
    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int STOP = 2;
    static final int TIDYING = 3;
    static final int TERMINATED = 4;

    private final String pool;
    private final ReentrantLock lock;
    private final Condition terminated;
    private final PoolStats stats;
    /** Threads that ran as workers and may still be alive; joined by awaitTermination. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile int state;
    /** Guarded by lock. */
    private List<Runnable> listeners = new ArrayList<>();

    RunState(String pool, ReentrantLock lock, PoolStats stats) {
        this.pool = pool;
        this.lock = lock;
        this.terminated = lock.newCondition();
        this.stats = stats;
    }

    int get() {
        return state;
    }

    /** Under the lock: moves forward to {@code target} (SHUTDOWN or STOP), never back. */
    void advanceLocked(int target) {
        if (state < target) {
            state = target;
        }
    }

    /**
     * Under the lock: true, once, when the pool must terminate now (shut down, no worker, and short
     * of STOP no queued task); the caller then calls {@link #finishTermination} outside the lock.
     */
    boolean tryTerminateLocked(int workers, int queued) {
        int rs = state;
        if (rs == RUNNING || rs >= TIDYING || workers > 0 || (rs == SHUTDOWN && queued > 0)) {
            return false;
        }
        state = TIDYING;
        return true;
    }

    /**
     * Runs the listeners, including any added meanwhile, then marks the pool terminated. A listener
     * is user code: whatever it throws, a checked exception thrown sneakily included, is reported
     * and stops neither the listeners after it nor termination, and does not reach the caller
     * (EngineEdgeTest.aListenerThrowingACheckedExceptionDoesNotStopTermination).
     */
    void finishTermination(Runnable underLockAtTheEnd) {
        for (;;) {
            List<Runnable> toRun;
            lock.lock();
            try {
                toRun = listeners;
                if (toRun.isEmpty()) {
                    state = TERMINATED;
                    terminated.signalAll();
                    underLockAtTheEnd.run();
                    return;
                }
                listeners = new ArrayList<>();
            } finally {
                lock.unlock();
            }
            for (Runnable listener : toRun) {
                stats.runListener(pool, listener);
            }
        }
    }

    /** Adds a listener run at termination; runs it now if the pool has terminated. */
    void addListener(Runnable listener) {
        lock.lock();
        try {
            if (state != TERMINATED) {
                listeners.add(listener);
                return;
            }
        } finally {
            lock.unlock();
        }
        stats.runListener(pool, listener);
    }

    /**
     * Removes the first listener that {@code listener} equals. Its {@code equals} is user code: it
     * is asked about a copy of the listeners, outside the lock, and the listener it matched is then
     * removed by identity if it is still waiting to run
     * (WaitEdgesTest.aListenersEqualsDoesNotRunUnderThePoolsLock).
     */
    void removeListener(Runnable listener) {
        if (listener == null) {
            return; // never added
        }
        List<Runnable> copy;
        lock.lock();
        try {
            copy = new ArrayList<>(listeners);
        } finally {
            lock.unlock();
        }
        Runnable match = null;
        for (Runnable l : copy) {
            if (listener.equals(l)) {
                match = l;
                break;
            }
        }
        if (match == null) {
            return;
        }
        lock.lock();
        try {
            for (int i = 0; i < listeners.size(); i++) {
                if (listeners.get(i) == match) {
                    listeners.remove(i);
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void workerThreadStarted(Thread t) {
        threads.add(t);
    }

    /** A worker thread is about to end: forget the others that have ended. */
    void workerThreadEnding(Thread me) {
        threads.removeIf(t -> t != me && !t.isAlive());
    }

    /**
     * Waits up to {@code nanos} (zero or negative: not at all) for termination, then, within the
     * same deadline, for every worker thread to end (other than the caller's).
     */
    boolean awaitTermination(long nanos) throws InterruptedException {
        long deadline = Deadline.after(nanos);
        lock.lock();
        try {
            while (state != TERMINATED) {
                long left = Deadline.left(deadline);
                if (left <= 0L) {
                    return false;
                }
                terminated.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        Thread me = Thread.currentThread();
        for (Thread t : threads) {
            if (t != me && t.isAlive()) {
                long left = Deadline.left(deadline);
                if (left > 0L) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
                if (t.isAlive()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Shut down and not yet {@link #isTerminated()}: once shut down, one of the two is true at every
     * read (ConformanceEdgeTest.afterShutdownThePoolIsAlwaysTerminatingOrTerminated).
     */
    boolean isTerminating() {
        return state >= SHUTDOWN && !isTerminated();
    }

    /** Terminated, and every worker thread has ended (other than the caller). */
    boolean isTerminated() {
        if (state != TERMINATED) {
            return false;
        }
        Thread me = Thread.currentThread();
        for (Thread t : threads) {
            if (t != me && t.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
