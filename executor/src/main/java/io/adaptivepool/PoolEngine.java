package io.adaptivepool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/*
 * The engine of one pool: its worker threads, its queue, its run state. AdaptivePoolExecutor is its
 * public face; it owns its threads, as Jetty's QueuedThreadPool does, and uses no part of
 * ThreadPoolExecutor's machinery (see docs/design.md for why).
 *
 * State and who owns it:
 * - Guarded by `lock` (one ReentrantLock): the run state, the worker count, the idle stack, the set
 *   of workers, the queue's contents and capacity, the scaling policy's memory, the stall guard's
 *   episode, the accepted and started counts, the termination listeners. Fields read without the
 *   lock (runState, workers, settings, the queue's count) are volatile and written only under it.
 * - Each worker's Recorder: written by its own thread only (ordered stores), read by snapshots.
 * - PoolStats: counters of rare events (LongAdders) and the timing sample's rate.
 * There is no other lock in the engine, so there is no lock order to keep.
 *
 * User code (thread factories, Thread.start, termination listeners, rejection handlers, log
 * handlers) runs outside the lock. Where the BlockingQueue contract puts it under the lock (a
 * removeIf predicate, a drainTo sink, equals in remove and contains), the queue asks it before it
 * changes anything, or counts what it did when it throws: nothing lost or run twice, the counts
 * exact, waiters woken (ConformanceEdgeTest.removeIfWhosePredicateThrowsPartWayRemovesNothing,
 * drainToWhoseSinkThrowsPartWayWakesAWaitingPut; EngineEdgeTest for the counts).
 *
 * Invariants, each kept under the lock, and the tests that would fail without them:
 * - workers (reserved or running) <= settings.maxWorkers + granted, granted <= settings.stallWorkers:
 *   a worker is counted when it is reserved, before its thread exists, and uncounted when it decides
 *   to leave, in the same critical section as that decision (WorkerBoundLincheckTest,
 *   EngineContractTest.theWorkerCountNeverExceedsMaxWhileWorkersRetireAndStart).
 * - An idle worker exists only while the queue is empty: a worker goes idle only after finding the
 *   queue empty, and a submission gives its task to an idle worker before it would queue it. So a
 *   task accepted while a worker is idle, or while one can be added (threshold 0), is not queued:
 *   it is in a thread's hands at once, and shutdownNow() does not take it back
 *   (EngineContractTest.aTaskAcceptedByAnIdleOrNewWorkerSurvivesAnImmediateShutdownNow).
 *   With none idle and the queue empty, a fresh worker (started without a task, not yet at its
 *   first wait: the minimum right after build) is handed it the same way, so the task takes no
 *   place in the queue (FreshWorkerTest).
 * - A task is queued only while some worker is live (its thread started), not merely reserved; with
 *   none live, a submission gets a worker of its own, and if that one cannot start, its task is
 *   refused. A start that fails, or a worker that leaves abruptly, with tasks queued and no worker
 *   left reserves a rescue worker for the queue (rescueLocked). So a queued task has a worker to
 *   take it unless thread starts keep failing; then the pool's watch retries each tick, the next
 *   submission tries again, and shutdownNow() returns it
 *   (EngineEdgeTest.aTaskBehindAWorkerWhoseStartFailsIsNeverStranded,
 *   EngineContractTest.aTaskWhoseWorkerCannotStartIsRefusedAndNeverRunsLater).
 * - Every wait for room leaves the wake-up it may have had to the next waiter when it leaves without
 *   using the room (WorkQueue.passOnRoomLocked; RoomWaiterLincheckTest searches for the lost
 *   wake-up); the room condition is signalled for all only where waiters exist.
 * - Termination happens once, when the pool is shut down and has no worker (and, short of STOP, no
 *   queued task), checked after every change that could make it true
 *   (EngineContractTest.shutdownRacingASubmissionAlwaysTerminates).
 *
 * Run states and termination: see RunState.
 */
final class PoolEngine implements QueueOwner, StampSource {

    /** Why a worker is started: counted as scaling only when the policy asked for it. */
    enum Kind { CORE, SCALE_UP, STALL, RESCUE }

    final String name;
    final ReentrantLock lock = new ReentrantLock();
    final WorkQueue queue;
    final PoolStats stats;
    final StallGuard stall;
    final boolean metricsEnabled;
    final ScalingPolicy policy;
    final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Live workers started without a task that have not yet asked for one; guarded by lock. */
    final ArrayDeque<Worker> fresh = new ArrayDeque<>();
    final Set<Worker> all = new HashSet<>();
    final ThreadLocal<Worker> current = new ThreadLocal<>();
    final TaskRunner runner;
    final RunState runState;
    private final WorkerLoop loop;
    private final WorkerStarts starts;
    final PoolWatch watch;

    private volatile Settings settings;
    private volatile int workers;
    /** Guarded by lock: the counted workers whose thread has started (see Worker.live). */
    private int live;
    private volatile ThreadFactory threadFactory;
    /** Workers the stall guard may keep above max now. */
    int granted;

    PoolEngine(String name, Settings settings, ThreadFactory threadFactory, boolean metricsEnabled, Ticker ticker) {
        this.name = name;
        this.settings = settings;
        this.threadFactory = threadFactory;
        this.metricsEnabled = metricsEnabled;
        this.policy = new ScalingPolicy(ticker);
        this.stats = new PoolStats(System.nanoTime());
        this.queue = new WorkQueue(lock, settings.queueCapacity, this, this);
        this.stall = new StallGuard();
        this.runner = new TaskRunner(this);
        this.runState = new RunState(name, lock, stats);
        this.loop = new WorkerLoop(this);
        this.starts = new WorkerStarts(this);
        this.watch = new PoolWatch(this);
    }

    Settings settings() {
        return settings;
    }

    int workers() {
        return workers;
    }

    int state() {
        return runState.get();
    }

    ThreadFactory threadFactory() {
        return threadFactory;
    }

    void setThreadFactory(ThreadFactory factory) {
        this.threadFactory = factory;
    }

    /** The worker of this pool running on the calling thread, or null. */
    Worker currentWorker() {
        return current.get();
    }

    // ---- submission -------------------------------------------------------------------------------

    /**
     * Accepts a task, or says why not: hands it to an idle worker, gives it a new worker, or queues
     * it, waiting up to {@code waitNanos} (negative: no limit; 0: none) for room when saturated.
     *
     * @param preNow the clock read before the lock when every task is timed, else 0
     * @param mayStart false after a worker could not be started for this very task
     */
    Admission admit(Runnable task, long preNow, long waitNanos, boolean mayStart) throws InterruptedException {
        long nanos = waitNanos;
        boolean waited = false;
        lock.lock();
        try {
            for (;;) {
                if (runState.get() != RunState.RUNNING) {
                    return Admission.SHUT_DOWN;
                }
                if (handToIdleLocked(task, preNow)) {
                    return Admission.ACCEPTED;
                }
                Settings s = settings;
                int n = workers;
                if (mayStart) {
                    ScalingPolicy.Growth g = policy.onSubmit(s, n, queue.size());
                    if (g.ownWorker || (live == 0 && n < s.maxWorkers)) {
                        Worker w = reserveLocked(task, stampLocked(preNow), n < s.minWorkers ? Kind.CORE : Kind.SCALE_UP);
                        queue.ring.accepted++;
                        queue.ring.started++;
                        return new Admission(single(w));
                    }
                    if (!queue.fullLocked()) {
                        queue.addLocked(task, stampLocked(preNow));
                        queue.ring.accepted++;
                        return g.extraWorkers == 0 ? Admission.ACCEPTED : new Admission(reserveLocked(g.extraWorkers, Kind.SCALE_UP));
                    }
                } else if (live == 0) {
                    return Admission.NO_WORKER;
                } else if (!queue.fullLocked()) {
                    queue.addLocked(task, stampLocked(preNow));
                    queue.ring.accepted++;
                    return Admission.ACCEPTED;
                }
                if (nanos == 0L) {
                    return Admission.SATURATED;
                }
                if (current.get() != null) {
                    return Admission.RUN_INLINE;
                }
                waited = true;
                long left = queue.awaitRoomLocked(nanos);
                if (nanos > 0L) {
                    nanos = Math.max(0L, left);
                }
            }
        } finally {
            if (waited) {
                queue.passOnRoomLocked(); // whichever way it leaves, a waiter passes its wake-up on
            }
            lock.unlock();
        }
    }

    boolean handToIdleLocked(Runnable task, long preNow) {
        Worker w = idle.pollFirst();
        if (w != null) {
            w.idle = false;
        } else if (queue.size() == 0 && (w = fresh.pollFirst()) != null) { // never ahead of a queued task
            w.fresh = false;
        } else {
            return false;
        }
        long stamp = stampLocked(preNow);
        queue.ring.accepted++;
        queue.ring.started++;
        w.hand(task, stamp);
        return true;
    }

    /** The stamp of a task accepted now (see {@link Stamp}); under the lock. */
    private long stampLocked(long preNow) {
        if (!metricsEnabled) {
            return Stamp.untimed(CoarseClock.read());
        }
        int shift = stats.timingShift();
        if (shift == 0) {
            return Stamp.timed(preNow, 0);
        }
        return (queue.ring.accepted & ((1L << shift) - 1)) == 0 ? Stamp.timed(System.nanoTime(), shift) : Stamp.untimed(CoarseClock.read());
    }

    /** For the submitter: the clock to stamp with, read before the lock when every task is timed. */
    long preStamp() {
        return metricsEnabled && stats.timingShift() == 0 ? System.nanoTime() : 0L;
    }

    @Override
    public long stampLocked() {
        return stampLocked(preStampUnderLock());
    }

    long preStampUnderLock() {
        return metricsEnabled && stats.timingShift() == 0 ? System.nanoTime() : 0L;
    }

    // ---- the queue's owner (its BlockingQueue face) -------------------------------------------------

    @Override
    public boolean handOff(Runnable task) {
        if (runState.get() != RunState.RUNNING) {
            throw new PoolShutdownException("pool '" + name + "' is shut down; task refused");
        }
        return handToIdleLocked(task, preStampUnderLock());
    }

    @Override
    public void queued() {
        queue.ring.accepted++;
    }

    @Override
    public void removed(int tasks) {
        stats.dropped.add(tasks);
    }

    @Override
    public void changed() {
        List<Worker> toStart = null;
        boolean terminate;
        lock.lock();
        try {
            if (workers == 0 && queue.size() > 0 && runState.get() <= RunState.SHUTDOWN) {
                toStart = single(reserveLocked(null, 0L, Kind.CORE));
            }
            terminate = tryTerminateLocked();
        } finally {
            lock.unlock();
        }
        startAll(toStart);
        if (terminate) {
            finishTermination();
        }
    }

    // ---- workers ----------------------------------------------------------------------------------

    Worker reserveLocked(Runnable firstTask, long stamp, Kind kind) {
        Worker w = new Worker(this, lock.newCondition(), firstTask, stamp, kind);
        int n = workers + 1;
        workers = n;
        all.add(w);
        stats.notePeak(n);
        return w;
    }

    List<Worker> reserveLocked(int count, Kind kind) {
        List<Worker> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(reserveLocked(null, 0L, kind));
        }
        return list;
    }

    static List<Worker> single(Worker w) {
        List<Worker> list = new ArrayList<>(1);
        list.add(w);
        return list;
    }

    /** Starts reserved workers; returns the first task of one that could not start, else null. */
    Runnable startAll(List<Worker> reserved) {
        return starts.startAll(reserved);
    }

    /** Starts a worker reserved by {@link #rescueLocked()}, if any; outside the lock. */
    void startRescue(Worker rescue) {
        if (rescue != null) {
            starts.start(rescue);
        }
    }

    /** Under the lock: a worker whose thread started counts as live, unless it has already left. */
    void markLiveLocked(Worker w) {
        if (w.counted) {
            w.live = true;
            live++;
            if (w.startsEmpty && !w.asked) {
                w.fresh = true;
                fresh.add(w);
            }
        }
    }


    /**
     * Under the lock, after a worker was uncounted: if tasks are queued and no worker is left to take
     * them (the start of the last one failed, or it left abruptly), reserves a worker for the queue,
     * to be started outside the lock, as ThreadPoolExecutor replaces a worker that exits. A rescue
     * whose own start fails is not rescued again: the pool's watch retries on its next tick, and
     * the next submission starts a worker of its own.
     */
    Worker rescueLocked() {
        if (workers == 0 && queue.size() > 0 && runState.get() <= RunState.SHUTDOWN) {
            return reserveLocked(null, 0L, Kind.RESCUE);
        }
        return null;
    }

    void uncountLocked(Worker w) {
        w.askedLocked();
        if (w.counted) {
            w.counted = false;
            if (w.live) {
                live--;
            }
            int n = workers - 1;
            workers = n;
            granted = Math.min(granted, Math.max(0, n - settings.maxWorkers));
            queue.wakeRoomWaitersLocked();
        }
        all.remove(w);
    }

    /** Wakes every idle worker to look again at the settings and the run state. */
    void wakeIdleLocked() {
        for (Worker w : idle) {
            w.wakeUp.signal();
        }
    }

    /** The body of a worker thread (see {@link WorkerLoop}). */
    void runWorker(Worker w, Runnable firstTask) {
        loop.run(w, firstTask);
    }

    // ---- live settings ----------------------------------------------------------------------------

    /**
     * Applies a change of settings at once: starts the workers the new floor or a raised max calls
     * for, wakes idle workers (new idle time, floor or max) and blocked submitters (room or workers).
     */
    void changeSettings(UnaryOperator<Settings> change) {
        List<Worker> toStart = null;
        lock.lock();
        try {
            Settings old = settings;
            Settings s = change.apply(old);
            settings = s;
            if (s.queueCapacity != old.queueCapacity) {
                queue.setCapacityLocked(s.queueCapacity);
            }
            granted = Math.min(granted, s.stallWorkers);
            if (runState.get() == RunState.RUNNING) {
                int missing = s.minWorkers - workers;
                int forQueue = Math.min(queue.size(), s.maxWorkers - old.maxWorkers);
                if (missing > 0) {
                    toStart = reserveLocked(missing, Kind.CORE);
                } else if (forQueue > 0 && workers < s.maxWorkers) {
                    toStart = reserveLocked(Math.min(forQueue, s.maxWorkers - workers), Kind.SCALE_UP);
                }
            }
            wakeIdleLocked();
            queue.wakeRoomWaitersLocked();
        } finally {
            lock.unlock();
        }
        startAll(toStart);
    }

    /** Starts one core worker if the pool has fewer than min; true if it started one. */
    boolean prestartCoreWorker() {
        Worker w = null;
        lock.lock();
        try {
            if (runState.get() == RunState.RUNNING && workers < settings.minWorkers) {
                w = reserveLocked(null, 0L, Kind.CORE);
            }
        } finally {
            lock.unlock();
        }
        return w != null && starts.start(w);
    }

    // ---- queue maintenance ------------------------------------------------------------------------

    /** Removes a queued task (equals); it counts as dropped. */
    boolean remove(Runnable task) {
        return queue.remove(task);
    }

    /** Removes the cancelled Futures from the queue; they count as dropped. */
    void purge() {
        queue.removeIf(t -> t instanceof Future && ((Future<?>) t).isCancelled());
    }

    // ---- shutdown and termination -----------------------------------------------------------------

    void shutdown() {
        boolean terminate;
        Worker rescue;
        lock.lock();
        try {
            runState.advanceLocked(RunState.SHUTDOWN);
            wakeIdleLocked();
            queue.wakeRoomWaitersLocked();
            rescue = rescueLocked(); // queued tasks left by failed starts need a worker to drain them
            terminate = tryTerminateLocked();
        } finally {
            lock.unlock();
        }
        startRescue(rescue);
        if (terminate) {
            finishTermination();
        }
    }

    /** Stops: drains the queue (returned, counted as dropped) and interrupts every started worker. */
    List<Runnable> shutdownNow() {
        List<Runnable> drained = new ArrayList<>();
        List<Thread> toInterrupt = new ArrayList<>();
        boolean terminate;
        lock.lock();
        try {
            runState.advanceLocked(RunState.STOP);
            stats.dropped.add(queue.drainLocked(drained));
            for (Worker w : all) {
                Thread t = w.thread;
                if (t != null && w.started()) {
                    toInterrupt.add(t);
                }
            }
            wakeIdleLocked();
            queue.wakeRoomWaitersLocked();
            terminate = tryTerminateLocked();
        } finally {
            lock.unlock();
        }
        /*
         * Outside the lock: a factory's Thread may override interrupt(), and whatever it does must
         * not stop the others being interrupted nor leave the lock held. A worker that has left
         * meanwhile is interrupted harmlessly (its thread is this pool's alone), and one that takes
         * a task from now on runs it interrupted (TaskRunner: the pool is at STOP).
         */
        for (Thread t : toInterrupt) {
            try {
                t.interrupt();
            } catch (Throwable ignored) {
                // as ThreadPoolExecutor with a SecurityException: that worker finishes its task
            }
        }
        if (terminate) {
            finishTermination();
        }
        return drained;
    }

    boolean tryTerminateLocked() {
        return runState.tryTerminateLocked(workers, queue.size());
    }

    void finishTermination() {
        runState.finishTermination(queue::wakeRoomWaitersLocked);
    }
}
