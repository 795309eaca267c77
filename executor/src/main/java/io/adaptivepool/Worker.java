package io.adaptivepool;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.Condition;

/**
 * One worker thread of a pool: its body, its hand-off slot, and the recorder of what it ran.
 *
 * <p>A worker is created reserved, under the pool's lock (counted in the pool's workers from that
 * moment, so the count does not pass the bound: WorkerBoundLincheckTest), then its thread is made and started outside the
 * lock. Its body runs only if it wins {@link #claim()}; a start that failed loses it, and the pool
 * then takes the reservation back. So a worker runs at most once, and a task given to it as its
 * first task runs at most once, whatever the thread factory does.
 *
 * <p>An idle worker waits on its own condition of the pool's lock, after a short spin on its slot
 * ({@link #spinForHanded}, WorkerLoop); a submitter that finds it idle puts the task in its slot
 * ({@link #hand}) and signals it (a spinning worker has no wait to be woken from): the task is in
 * this thread's hands from that moment, and {@code shutdownNow} does not take it back (it is not
 * queued). A worker started
 * without a task is handed one the same way while its thread is still on its way to its first
 * wait ({@link PoolEngine#fresh}).
 */
final class Worker implements Runnable {
    private static final AtomicIntegerFieldUpdater<Worker> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Worker.class, "state");
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int NOT_STARTED = 2;

    final PoolEngine pool;
    final PoolEngine.Kind kind;
    final Recorder recorder = new Recorder();
    /** Idle waits; guarded by the pool's lock. */
    final Condition wakeUp;

    /** Set once, before start, by the thread that starts it. */
    volatile Thread thread;
    private volatile int state;

    /** Guarded by the pool's lock: on the pool's idle stack now. */
    boolean idle;
    /** Guarded by the pool's lock: still counted in the pool's workers. */
    boolean counted = true;
    /**
     * Guarded by the pool's lock: counted, and its thread has started. Tasks queue only while some
     * worker is live, not merely reserved: one reserved may yet fail to start.
     */
    boolean live;
    /** Started without a task: may be handed one before it first asks for one. */
    final boolean startsEmpty;
    /** Guarded by the pool's lock: on the pool's list of fresh workers now. */
    boolean fresh;
    /** Guarded by the pool's lock: its thread has asked for a task at least once. */
    boolean asked;
    /**
     * A task handed to this worker while idle or fresh, and its stamp: written under the pool's
     * lock; volatile so that the worker, watching its slot before its idle wait, sees it without
     * the lock ({@link #spinForHanded}).
     */
    private volatile Runnable handed;
    private long handedStamp;

    /** The task this worker was started for, if any, and its stamp; read by its own thread. */
    private Runnable firstTask;
    private long firstStamp;
    /** The stamp of the task its thread is about to run; owner-thread state. */
    long stamp;

    Worker(PoolEngine pool, Condition wakeUp, Runnable firstTask, long firstStamp, PoolEngine.Kind kind) {
        this.pool = pool;
        this.kind = kind;
        this.wakeUp = wakeUp;
        this.firstTask = firstTask;
        this.firstStamp = firstStamp;
        this.startsEmpty = firstTask == null;
    }

    /** The thread's body: runs only once, and only if the start was not given up. */
    @Override
    public void run() {
        if (!claim()) {
            return;
        }
        Runnable task = firstTask;
        stamp = firstStamp;
        firstTask = null;
        pool.runWorker(this, task);
    }

    private boolean claim() {
        return STATE.compareAndSet(this, NEW, RUNNING);
    }

    /** For the starter whose start failed: true if the body will never run (it did not claim first). */
    boolean giveUpStart() {
        return STATE.compareAndSet(this, NEW, NOT_STARTED);
    }

    boolean started() {
        return state == RUNNING;
    }

    /** The task this worker was started for, until it runs or is taken back. */
    Runnable firstTask() {
        return firstTask;
    }

    /** The first task, for the starter to take back after a failed start. */
    Runnable takeBackFirstTask() {
        Runnable task = firstTask;
        firstTask = null;
        return task;
    }

    /** Under the pool's lock: its thread asks for a task, or it leaves; it is no longer fresh. */
    void askedLocked() {
        asked = true;
        if (fresh) {
            fresh = false;
            pool.fresh.remove(this);
        }
    }

    /** Under the pool's lock: gives this idle or fresh worker a task and wakes it if it waits. */
    void hand(Runnable task, long stamp) {
        handedStamp = stamp; // before the volatile slot: a spinning worker reads it after the slot
        handed = task;
        wakeUp.signal();
    }

    /** Under the pool's lock: the handed task (its stamp goes to {@link #stamp}), or null. */
    Runnable takeHanded() {
        Runnable task = handed;
        if (task != null) {
            handed = null;
            stamp = handedStamp;
        }
        return task;
    }

    /**
     * On its own thread, outside the lock, right after it put itself on the idle stack: watches its
     * slot for up to {@code spins} turns and no longer than {@code maxNanos}, yielding its core in
     * each turn, and takes a task handed meanwhile (its stamp goes to {@link #stamp}), else null.
     */
    Runnable spinForHanded(int spins, long maxNanos) {
        /*
         * Without the lock: a task in the slot was put there by a submitter that also took this
         * worker off the idle stack, so nothing else reads or writes the slot until this thread
         * goes idle again, under the lock (which orders the clearing below before the next hand).
         * The stamp is written before the volatile slot and read after it.
         */
        long start = System.nanoTime();
        for (int i = 0; i < spins; i++) {
            Runnable task = handed;
            if (task != null) {
                stamp = handedStamp;
                handed = null;
                return task;
            }
            Thread.yield();
            if (System.nanoTime() - start > maxNanos) {
                break;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        Thread t = thread;
        return "Worker[" + (t == null ? "not started" : t.getName()) + "]";
    }
}
