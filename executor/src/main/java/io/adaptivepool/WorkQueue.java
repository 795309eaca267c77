package io.adaptivepool;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's bounded queue: a ring buffer under one lock (as {@link
 * java.util.concurrent.ArrayBlockingQueue}), whose capacity can change while it runs, and which
 * knows its executor (as Tomcat's {@code TaskQueue}).
 *
 * <p>Protocol with {@link java.util.concurrent.ThreadPoolExecutor}: {@link #offer(Runnable)} is
 * called by {@code execute} and answers {@code false} when the pool should start a worker instead
 * of queueing (full queue, or the scaling policy wants one); the executor then adds a worker or,
 * at max, calls the rejection path, which uses {@link #forceOffer(Runnable)} and
 * {@link #awaitRoom(long)}. {@link #poll(long, TimeUnit)} is how idle workers time out; it asks
 * the pool before letting one retire, so retirements follow the cooldown.
 *
 * <p>Elements are the tasks as submitted, each with the moment it was queued in a parallel array,
 * so queueing a task allocates nothing. A worker's {@link #take()} and {@link #poll(long, TimeUnit)}
 * hand the executor the worker's own {@link WorkerSlot} loaded with the task and that moment,
 * rather than the task itself: the slot runs it with the pool's bookkeeping and keeps the worker
 * alive if it throws, then takes the next queued tasks itself with {@link #takeNow(WorkerSlot)}.
 * Other callers get the task itself.
 */
final class WorkQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {
    private static final AtomicIntegerFieldUpdater<WorkQueue> COUNT =
            AtomicIntegerFieldUpdater.newUpdater(WorkQueue.class, "count");
    /** The ring's first size; it doubles as the depth needs, up to the capacity. */
    private static final int INITIAL_RING = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Submitters blocked by saturation wait here for room in the queue or a free worker slot. */
    private final Condition roomOrWorker = lock.newCondition();

    /** Guarded by lock: the tasks, head first, in a ring starting at {@link #head}. */
    private Runnable[] tasks;
    /** Guarded by lock: when each task was queued and its timing weight (see {@link Stamp}). */
    private long[] queuedAt;
    private int head;
    /** Guarded by lock: the queued-at of the task {@link #dequeue()} last took. */
    private long takenQueuedAt;

    /** Written under the lock (ordered stores); read without it for sizing decisions and metrics. */
    private volatile int count;
    private volatile int capacity;
    /**
     * Workers blocked waiting for a task; changed under the lock together with {@code count}, so
     * "an idle worker will take this task" ({@code idleWorkers > count}) is exact at the moment of
     * the offer. A worker that has just been signalled stays counted until it takes its task.
     */
    private volatile int idleWorkers;
    private int blockedSubmitters;
    /** Guarded by lock: tasks ever queued, the pool's count of tasks accepted through the queue. */
    private long enqueued;

    private AdaptivePoolExecutor pool;
    /** Metrics on: tasks are queued with a {@link Stamp}; off: every task is untimed. */
    private boolean stamped;
    /**
     * Timing sample: 0 times every task; k times one task in 2^k (by queueing order), set by the
     * pool from its task rate (see AdaptivePoolExecutor#adjustTiming).
     */
    private volatile int timingShift;

    WorkQueue(int capacity) {
        this.capacity = capacity;
        int ring = Math.min(capacity, INITIAL_RING);
        this.tasks = new Runnable[ring];
        this.queuedAt = new long[ring];
    }

    void attach(AdaptivePoolExecutor pool, boolean stamped) {
        this.pool = pool;
        this.stamped = stamped;
    }

    int capacity() {
        return capacity;
    }

    /** Tasks ever queued (accepted through the queue), read under the lock. */
    long enqueued() {
        lock.lock();
        try {
            return enqueued;
        } finally {
            lock.unlock();
        }
    }

    void setCapacity(int capacity) {
        lock.lock();
        try {
            this.capacity = capacity;
            roomOrWorker.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int timingShift() {
        return timingShift;
    }

    void setTimingShift(int shift) {
        this.timingShift = shift;
    }

    /**
     * The stamp to queue a task with, read before taking the lock: the clock when every task is
     * timed, so the lock is not held for it; else the queue decides under the lock.
     */
    private long preStamp() {
        if (!stamped) {
            return Stamp.UNTIMED;
        }
        return timingShift == 0 ? Stamp.of(System.nanoTime(), 0) : Stamp.UNDECIDED;
    }

    // ---- the ring (all under the lock) ----------------------------------------------------------

    private void enqueue(Runnable task, long at) {
        int n = count;
        Runnable[] ts = tasks;
        if (n == ts.length) {
            ts = grow(n);
        }
        int i = head + n;
        if (i >= ts.length) {
            i -= ts.length;
        }
        if (at == Stamp.UNDECIDED) {
            int shift = timingShift;
            at = (enqueued & ((1L << shift) - 1)) == 0 ? Stamp.of(System.nanoTime(), shift) : Stamp.UNTIMED;
        }
        ts[i] = task;
        queuedAt[i] = at;
        enqueued++;
        COUNT.lazySet(this, n + 1);
        notEmpty.signal();
    }

    private Runnable[] grow(int n) {
        int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(n + 1L, Math.min((long) capacity, 2L * n)));
        Runnable[] ts = new Runnable[size];
        long[] at = new long[size];
        for (int k = 0; k < n; k++) {
            int i = index(k);
            ts[k] = tasks[i];
            at[k] = queuedAt[i];
        }
        tasks = ts;
        queuedAt = at;
        head = 0;
        return ts;
    }

    /** The ring index of the k-th queued task. */
    private int index(int k) {
        int i = head + k;
        return i >= tasks.length ? i - tasks.length : i;
    }

    /** Takes the head (count > 0); its queued-at is left in {@link #takenQueuedAt}. */
    private Runnable dequeue() {
        int i = head;
        Runnable task = tasks[i];
        takenQueuedAt = queuedAt[i];
        tasks[i] = null;
        head = i + 1 == tasks.length ? 0 : i + 1;
        COUNT.lazySet(this, count - 1);
        if (blockedSubmitters > 0) {
            roomOrWorker.signal();
        }
        return task;
    }

    /** Removes the k-th queued task, closing the gap; its queued-at is left in {@link #takenQueuedAt}. */
    private Runnable removeAt(int k) {
        int n = count;
        int i = index(k);
        Runnable task = tasks[i];
        takenQueuedAt = queuedAt[i];
        for (int j = k; j < n - 1; j++) {
            int to = index(j);
            int from = index(j + 1);
            tasks[to] = tasks[from];
            queuedAt[to] = queuedAt[from];
        }
        tasks[index(n - 1)] = null;
        COUNT.lazySet(this, n - 1);
        if (blockedSubmitters > 0) {
            roomOrWorker.signal();
        }
        return task;
    }

    /** The position of the first queued task that is {@code o} (identity, or equals if asked), or -1. */
    private int find(Object o, boolean byEquals) {
        for (int k = 0, n = count; k < n; k++) {
            Runnable task = tasks[index(k)];
            if (task == o || (byEquals && o.equals(task))) {
                return k;
            }
        }
        return -1;
    }

    // ---- the executor's protocol ------------------------------------------------------------

    /** Called by {@code execute}: false means "start a worker for this task instead". */
    @Override
    public boolean offer(Runnable task) {
        final long at = preStamp();
        final ReentrantLock lock = this.lock;
        int queued;
        int idle;
        lock.lock();
        try {
            queued = count;
            if (queued >= capacity) {
                return false;
            }
            idle = idleWorkers;
            if (idle > queued || !pool.mayAddWorker()) {
                // a waiting worker will take it, or no worker can be added anyway: the common
                // cases, decided under one lock
                enqueue(task, at);
                return true;
            }
        } finally {
            lock.unlock();
        }
        // the task would wait: the scaling policy decides (outside this lock: starting a worker
        // takes the executor's main lock)
        int grow = pool.workersToAdd(queued, idle);
        if (grow < 0) {
            return false; // hand this task to a new worker directly
        }
        if (!insert(task, at)) {
            return false;
        }
        if (grow > 0) {
            pool.growNow(grow);
        }
        return true;
    }

    /** Queue the task if there is room, whatever the scaling policy thinks. */
    boolean forceOffer(Runnable task) {
        return insert(task, preStamp());
    }

    private boolean insert(Runnable task, long at) {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            if (count >= capacity) {
                return false;
            }
            enqueue(task, at);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives the worker loop the worker's slot loaded with the task; other callers get the task. */
    private static Runnable handOut(WorkerSlot slot, Runnable task, long at) {
        if (slot == null) {
            return task;
        }
        slot.load(task, at);
        return slot;
    }

    @Override
    public Runnable take() throws InterruptedException {
        final WorkerSlot slot = pool.currentSlot();
        final ReentrantLock lock = this.lock;
        Runnable task;
        long at;
        lock.lockInterruptibly();
        try {
            if (count == 0) {
                if (slot != null) {
                    slot.recorder.waited = true;
                }
                idleWorkers++;
                try {
                    do {
                        notEmpty.await();
                    } while (count == 0);
                } finally {
                    idleWorkers--;
                }
            }
            task = dequeue();
            at = takenQueuedAt;
        } finally {
            lock.unlock();
        }
        return handOut(slot, task, at);
    }

    /**
     * For a worker between two tasks: loads its slot with the head task if one is queued, without
     * waiting. Returns false if the queue is empty.
     */
    boolean takeNow(WorkerSlot slot) {
        if (count == 0) {
            return false;
        }
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            if (count == 0) {
                return false;
            }
            Runnable task = dequeue();
            slot.load(task, takenQueuedAt);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Used by workers above the floor: wait for work up to the idle time, then ask the pool
     * whether this worker may retire; while the cooldown forbids it, keep waiting for work.
     */
    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        final WorkerSlot slot = pool.currentSlot();
        long nanos = unit.toNanos(timeout);
        for (;;) {
            Runnable task = pollNanos(nanos, slot);
            if (task != null) {
                return task;
            }
            long wait = pool.idleWorkerMayRetire();
            if (wait <= 0) {
                return null; // retire (the executor also keeps its own floor)
            }
            nanos = wait;
        }
    }

    private Runnable pollNanos(long nanos, WorkerSlot slot) throws InterruptedException {
        final ReentrantLock lock = this.lock;
        Runnable task;
        long at;
        lock.lockInterruptibly();
        try {
            if (count == 0) {
                if (slot != null) {
                    slot.recorder.waited = true;
                }
                idleWorkers++;
                try {
                    do {
                        if (nanos <= 0L) {
                            return null;
                        }
                        nanos = notEmpty.awaitNanos(nanos);
                    } while (count == 0);
                } finally {
                    idleWorkers--;
                }
            }
            task = dequeue();
            at = takenQueuedAt;
        } finally {
            lock.unlock();
        }
        return handOut(slot, task, at);
    }

    /**
     * Blocks a saturated submitter until the queue has room, a worker slot is free or the pool is
     * shut down. Returns false when {@code nanos} (negative: no limit) ran out first.
     */
    boolean awaitRoom(long nanos) throws InterruptedException {
        final ReentrantLock lock = this.lock;
        final boolean timed = nanos >= 0;
        lock.lockInterruptibly();
        blockedSubmitters++;
        try {
            while (count >= capacity && pool.workersAtMax() && !pool.isShutdown()) {
                if (!timed) {
                    roomOrWorker.await();
                } else if (nanos <= 0L) {
                    return false;
                } else {
                    nanos = roomOrWorker.awaitNanos(nanos);
                }
            }
            return true;
        } catch (InterruptedException e) {
            passOnWakeUp();
            throw e;
        } finally {
            blockedSubmitters--;
            lock.unlock();
        }
    }

    /**
     * A blocked submitter that leaves without using the room it was woken for passes the wake-up on,
     * so no other blocked submitter sleeps beside free room.
     */
    void passOnWakeUp() {
        lock.lock();
        try {
            if (blockedSubmitters > 0 && count < capacity) {
                roomOrWorker.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every blocked submitter to look again: on shutdown, a raised max, a worker leaving. */
    void wakeBlockedSubmitters() {
        lock.lock();
        try {
            if (blockedSubmitters > 0) {
                roomOrWorker.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #removeTask} answers for a task not in the queue: no {@link Stamp} has this value. */
    static final long NOT_QUEUED = Long.MIN_VALUE + 2;

    /**
     * Removes this exact task (identity), as ThreadPoolExecutor does on a shutdown race.
     *
     * @return its stamp (see {@link Stamp}; {@link Stamp#UNTIMED} when not timed), or
     *     {@link #NOT_QUEUED} if it is not queued
     */
    long removeTask(Runnable task) {
        lock.lock();
        try {
            int k = find(task, false);
            if (k < 0) {
                return NOT_QUEUED;
            }
            removeAt(k);
            return takenQueuedAt;
        } finally {
            lock.unlock();
        }
    }

    // ---- BlockingQueue ------------------------------------------------------------------------

    /** Takes the head out of the queue; the pool no longer accounts for it. */
    @Override
    public Runnable poll() {
        lock.lock();
        try {
            return count == 0 ? null : dequeue();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable peek() {
        lock.lock();
        try {
            return count == 0 ? null : tasks[head];
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(Runnable task) throws InterruptedException {
        while (!offer(task, Long.MAX_VALUE, TimeUnit.NANOSECONDS)) {
            // unbounded wait
        }
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) throws InterruptedException {
        if (task == null) {
            throw new NullPointerException("task");
        }
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (count >= capacity) {
                if (nanos <= 0L) {
                    return false;
                }
                nanos = roomOrWorker.awaitNanos(nanos);
            }
            enqueue(task, preStamp());
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int remainingCapacity() {
        return Math.max(0, capacity - count);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int maxElements) {
        if (sink == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        lock.lock();
        try {
            int n = 0;
            while (n < maxElements && count > 0) {
                sink.add(dequeue());
                n++;
            }
            if (n > 0 && blockedSubmitters > 0) {
                roomOrWorker.signalAll();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Removes the first queued task that is, or equals, {@code o}. */
    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        lock.lock();
        try {
            int k = find(o, true);
            if (k < 0) {
                return false;
            }
            removeAt(k);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean contains(Object o) {
        if (o == null) {
            return false;
        }
        lock.lock();
        try {
            return find(o, true) >= 0;
        } finally {
            lock.unlock();
        }
    }

    /** A weakly consistent snapshot of the queued tasks, head first. */
    @Override
    public Iterator<Runnable> iterator() {
        final Runnable[] snapshot;
        lock.lock();
        try {
            int n = count;
            snapshot = new Runnable[n];
            for (int k = 0; k < n; k++) {
                snapshot[k] = tasks[index(k)];
            }
        } finally {
            lock.unlock();
        }
        return new Iterator<Runnable>() {
            private int next;
            private Runnable last;

            @Override
            public boolean hasNext() {
                return next < snapshot.length;
            }

            @Override
            public Runnable next() {
                if (next >= snapshot.length) {
                    throw new NoSuchElementException();
                }
                last = snapshot[next++];
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException();
                }
                removeTask(last);
                last = null;
            }
        };
    }
}
