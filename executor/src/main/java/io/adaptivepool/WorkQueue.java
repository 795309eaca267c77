package io.adaptivepool;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * <p>Elements are {@link Job}s. The collection views ({@link #iterator()}, {@code toArray},
 * {@link #contains(Object)}, {@link #remove(Object)}) show and match the tasks as submitted.
 */
final class WorkQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** Submitters blocked by saturation wait here for room in the queue or a free worker slot. */
    private final Condition roomOrWorker = lock.newCondition();
    private final ArrayDeque<Runnable> items;

    /** Written under the lock; read without it for sizing decisions and metrics. */
    private volatile int count;
    private volatile int capacity;
    /**
     * Workers blocked waiting for a task; changed under the lock together with {@code count}, so
     * "an idle worker will take this task" ({@code idleWorkers > count}) is exact at the moment of
     * the offer. A worker that has just been signalled stays counted until it takes its task.
     */
    private volatile int idleWorkers;
    private int blockedSubmitters;

    private AdaptivePoolExecutor pool;

    WorkQueue(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    void attach(AdaptivePoolExecutor pool) {
        this.pool = pool;
    }

    int capacity() {
        return capacity;
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

    // ---- the executor's protocol ------------------------------------------------------------

    /** Called by {@code execute}: false means "start a worker for this task instead". */
    @Override
    public boolean offer(Runnable job) {
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
                items.addLast(job);
                count = queued + 1;
                notEmpty.signal();
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
        if (!insert(job)) {
            return false;
        }
        if (grow > 0) {
            pool.growNow(grow);
        }
        return true;
    }

    /** Queue the task if there is room, whatever the scaling policy thinks. */
    boolean forceOffer(Runnable job) {
        return insert(job);
    }

    private boolean insert(Runnable job) {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            if (count >= capacity) {
                return false;
            }
            items.addLast(job);
            count++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the head; call with the lock held and count > 0. */
    private Runnable dequeue() {
        Runnable job = items.pollFirst();
        count--;
        if (blockedSubmitters > 0) {
            roomOrWorker.signal();
        }
        return job;
    }

    @Override
    public Runnable take() throws InterruptedException {
        final ReentrantLock lock = this.lock;
        lock.lockInterruptibly();
        try {
            if (count == 0) {
                pool.workerWaits();
                idleWorkers++;
                try {
                    do {
                        notEmpty.await();
                    } while (count == 0);
                } finally {
                    idleWorkers--;
                }
            }
            return dequeue();
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
        long nanos = unit.toNanos(timeout);
        for (;;) {
            Runnable job = pollNanos(nanos);
            if (job != null) {
                return job;
            }
            long wait = pool.idleWorkerMayRetire();
            if (wait <= 0) {
                return null; // retire (the executor also keeps its own floor)
            }
            nanos = wait;
        }
    }

    private Runnable pollNanos(long nanos) throws InterruptedException {
        final ReentrantLock lock = this.lock;
        lock.lockInterruptibly();
        try {
            if (count == 0) {
                pool.workerWaits();
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
            return dequeue();
        } finally {
            lock.unlock();
        }
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

    /** Removes this exact job (identity), as ThreadPoolExecutor does on a shutdown race. */
    boolean removeJob(Runnable job) {
        lock.lock();
        try {
            Iterator<Runnable> it = items.iterator();
            while (it.hasNext()) {
                if (it.next() == job) {
                    it.remove();
                    count--;
                    if (blockedSubmitters > 0) {
                        roomOrWorker.signal();
                    }
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    // ---- BlockingQueue ------------------------------------------------------------------------

    /** Takes the head out of the queue, as submitted; the pool no longer accounts for it. */
    @Override
    public Runnable poll() {
        lock.lock();
        try {
            return count == 0 ? null : unwrap(dequeue());
        } finally {
            lock.unlock();
        }
    }

    /** The head, as submitted. */
    @Override
    public Runnable peek() {
        lock.lock();
        try {
            Runnable head = items.peekFirst();
            return head == null ? null : unwrap(head);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(Runnable job) throws InterruptedException {
        while (!offer(job, Long.MAX_VALUE, TimeUnit.NANOSECONDS)) {
            // unbounded wait
        }
    }

    @Override
    public boolean offer(Runnable job, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (count >= capacity) {
                if (nanos <= 0L) {
                    return false;
                }
                nanos = roomOrWorker.awaitNanos(nanos);
            }
            items.addLast(job);
            count++;
            notEmpty.signal();
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
        lock.lock();
        try {
            int n = 0;
            while (n < maxElements && count > 0) {
                sink.add(items.pollFirst());
                count--;
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

    /** Removes the first element that is, or wraps, {@code o}. */
    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        lock.lock();
        try {
            Iterator<Runnable> it = items.iterator();
            while (it.hasNext()) {
                Runnable job = it.next();
                if (job == o || unwrap(job) == o) {
                    it.remove();
                    count--;
                    if (blockedSubmitters > 0) {
                        roomOrWorker.signal();
                    }
                    return true;
                }
            }
            return false;
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
            for (Runnable job : items) {
                if (job == o || unwrap(job) == o) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** A weakly consistent snapshot of the queued tasks, as submitted, head first. */
    @Override
    public Iterator<Runnable> iterator() {
        List<Runnable> snapshot;
        lock.lock();
        try {
            snapshot = new ArrayList<>(count);
            for (Runnable job : items) {
                snapshot.add(unwrap(job));
            }
        } finally {
            lock.unlock();
        }
        final Iterator<Runnable> it = snapshot.iterator();
        return new Iterator<Runnable>() {
            private Runnable last;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Runnable next() {
                last = it.next();
                return last;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException();
                }
                WorkQueue.this.remove(last);
                last = null;
            }
        };
    }

    static Runnable unwrap(Runnable job) {
        return job instanceof Job ? ((Job) job).task : job;
    }
}
