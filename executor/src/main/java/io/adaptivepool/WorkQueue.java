package io.adaptivepool;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's bounded queue of waiting tasks, whose capacity can change while it runs, and the
 * {@link BlockingQueue} that {@code getQueue()} returns.
 *
 * <p>Two faces over one {@link TaskRing}, both under the pool's lock (passed in, so that the queue
 * and the pool's worker state change together):
 * <ul>
 *   <li>The pool's own, the methods ending in {@code Locked}: the caller holds the lock. The pool
 *       queues a task only when no worker is idle, and its workers take from here.
 *   <li>The {@link BlockingQueue} face, for code that works on {@code getQueue()} (a rejection
 *       handler that puts the task back, a monitor that reads the depth, a drain). It takes the lock
 *       itself and keeps the pool's accounting right through the narrow {@link Owner} contract: a
 *       task put in is handed to an idle worker if there is one, and the pool makes sure a worker
 *       will run it; a task taken out is counted as dropped.
 * </ul>
 * Waiting for room ({@link #put}, a timed {@link #offer(Runnable, long, TimeUnit)}, blocked
 * submitters of the pool) is woken whenever a task leaves the queue or the capacity grows.
 */
final class WorkQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    private final ReentrantLock lock;
    private final QueueOwner owner;
    /** The ring, and the engine's accepted and started counts beside it (see TaskRing). */
    final TaskRing ring;
    /** Guarded by lock: waiters for room (blocked submitters and {@code put}). */
    private final Condition room;
    /** Guarded by lock: {@code take} and timed {@code poll} callers of the face. */
    private final Condition notEmpty;

    private volatile int capacity;
    private volatile int roomWaiters;
    /** Guarded by lock. */
    private int takers;
    /** Guarded by lock: the stamp for the next {@link #offer} through the face. */
    private final StampSource stamps;

    WorkQueue(ReentrantLock lock, int capacity, QueueOwner owner, StampSource stamps) {
        this.lock = lock;
        this.owner = owner;
        this.stamps = stamps;
        this.capacity = capacity;
        this.ring = new TaskRing(capacity);
        this.room = lock.newCondition();
        this.notEmpty = lock.newCondition();
    }

    // ---- the pool's face: the caller holds the lock ---------------------------------------------

    int capacity() {
        return capacity;
    }

    boolean fullLocked() {
        return ring.size() >= capacity;
    }

    void addLocked(Runnable task, long stamp) {
        ring.add(task, stamp);
        if (takers > 0) {
            notEmpty.signal();
        }
    }

    /** The head task, or null; its stamp is then {@link #lastStampLocked()}. */
    Runnable takeLocked() {
        Runnable task = ring.poll();
        if (task != null) {
            signalRoomLocked();
        }
        return task;
    }

    long lastStampLocked() {
        return ring.lastStamp();
    }

    /** The stamp of the oldest queued task; only when not empty. */
    long headStampLocked() {
        return ring.headStamp();
    }

    /** Takes out every queued task, head first, into {@code sink} (the pool's own list). */
    int drainLocked(Collection<? super Runnable> sink) {
        int n = ring.drainTo(sink, Integer.MAX_VALUE);
        wakeRoomWaitersLocked();
        return n;
    }

    /**
     * Removes the first task that is, or equals, {@code o}. Its {@code equals} is user code: it is
     * asked about a copy of the queue, before anything changes, and the task it matched is then
     * removed by identity, if it is still queued (an {@code equals} that throws changes nothing;
     * one that calls back into the pool cannot make the wrong task leave).
     */
    boolean removeLocked(Object o) {
        Runnable match = null;
        for (Runnable task : ring.toArray()) {
            if (task == o || o.equals(task)) {
                match = task;
                break;
            }
        }
        int k = match == null ? -1 : ring.find(match, false);
        if (k < 0) {
            return false;
        }
        ring.removeAt(k);
        signalRoomLocked();
        return true;
    }

    /** Removes every queued task that matches; returns how many (nothing if the filter throws). */
    int removeIfLocked(java.util.function.Predicate<? super Runnable> filter) {
        int n = ring.removeIf(filter);
        if (n > 0) {
            wakeRoomWaitersLocked();
        }
        return n;
    }

    void setCapacityLocked(int capacity) {
        this.capacity = capacity;
        wakeRoomWaitersLocked();
    }

    /**
     * One wait for room, as a submitter or {@code put} does: up to {@code nanos} (negative: no
     * limit). Returns the time left (see {@link Condition#awaitNanos}).
     */
    long awaitRoomLocked(long nanos) throws InterruptedException {
        roomWaiters++;
        try {
            if (nanos < 0) {
                room.await();
                return -1L;
            }
            return room.awaitNanos(nanos);
        } catch (InterruptedException e) {
            passOnRoomLocked();
            throw e;
        } finally {
            roomWaiters--;
        }
    }

    /**
     * A waiter that leaves, by whatever way, after it waited passes the wake-up on if room is left:
     * it may have been woken for room it did not use (it handed its task to a worker that went idle
     * meanwhile, gave up, or was refused), and the next waiter must look
     * (ConformanceEdgeTest.twoPutsWaitingForRoomAreBothWokenAsTheWorkerDrains,
     * EngineEdgeTest.blockedSubmittersAreAllWokenWhenTheWorkerGoesIdleFirst, and the room-waiter
     * scenarios of the Lincheck module search for it).
     */
    void passOnRoomLocked() {
        if (roomWaiters > 0 && ring.size() < capacity) {
            room.signal();
        }
    }

    private void signalRoomLocked() {
        if (roomWaiters > 0) {
            room.signal();
        }
    }

    /** Every waiter for room looks again: on shutdown, a raised max, a worker leaving, a bulk removal. */
    void wakeRoomWaitersLocked() {
        if (roomWaiters > 0) {
            room.signalAll();
        }
    }

    /** Submitters and {@code put} callers waiting for room now. */
    int roomWaiters() {
        return roomWaiters;
    }

    // ---- the BlockingQueue face -----------------------------------------------------------------

    @Override
    public boolean offer(Runnable task) {
        try {
            return insert(task, 0L, false);
        } catch (InterruptedException cannot) {
            throw new AssertionError("an offer that does not wait was interrupted", cannot);
        }
    }

    @Override
    public void put(Runnable task) throws InterruptedException {
        insert(task, -1L, true);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) throws InterruptedException {
        return insert(task, Deadline.nanos(timeout, unit), true);
    }

    /**
     * Waits up to {@code nanos} (negative: no limit) for room, then queues or hands off. Once the
     * pool takes no more tasks, an offer answers false and a put throws the pool's
     * {@link RejectedExecutionException}. Only put and the timed offer are {@code interruptible}
     * (as ArrayBlockingQueue's: its untimed offer and add queue on an interrupted thread).
     */
    private boolean insert(Runnable task, long nanos, boolean interruptible) throws InterruptedException {
        if (task == null) {
            throw new NullPointerException("task");
        }
        boolean waited = false;
        if (interruptible) {
            lock.lockInterruptibly();
        } else {
            lock.lock();
        }
        try {
            for (;;) {
                try {
                    if (owner.handOff(task)) {
                        return true;
                    }
                } catch (RejectedExecutionException shutDown) {
                    if (nanos < 0L) {
                        throw shutDown; // put() cannot answer false
                    }
                    return false;
                }
                if (!fullLocked()) {
                    addLocked(task, stamps.stampLocked());
                    owner.queued();
                    break;
                }
                if (nanos == 0L) {
                    return false;
                }
                waited = true;
                long left = awaitRoomLocked(nanos);
                if (nanos > 0L) {
                    nanos = Math.max(0L, left);
                    if (nanos == 0L && fullLocked()) {
                        return false;
                    }
                }
            }
        } finally {
            if (waited) {
                passOnRoomLocked();
            }
            lock.unlock();
        }
        owner.changed();
        return true;
    }

    @Override
    public Runnable poll() {
        Runnable task;
        lock.lock();
        try {
            task = takeOutLocked();
        } finally {
            lock.unlock();
        }
        if (task != null) {
            owner.changed();
        }
        return task;
    }

    @Override
    public Runnable take() throws InterruptedException {
        return poll(-1L);
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        return poll(Deadline.nanos(timeout, unit));
    }

    /** Waits up to {@code nanos} (negative: no limit) for a task. */
    private Runnable poll(long nanos) throws InterruptedException {
        Runnable task;
        lock.lockInterruptibly();
        try {
            takers++;
            try {
                while ((task = takeOutLocked()) == null) {
                    if (nanos < 0L) {
                        notEmpty.await();
                    } else if (nanos == 0L) {
                        return null;
                    } else {
                        nanos = Math.max(0L, notEmpty.awaitNanos(nanos));
                    }
                }
            } finally {
                takers--;
            }
        } finally {
            lock.unlock();
        }
        owner.changed();
        return task;
    }

    private Runnable takeOutLocked() {
        Runnable task = takeLocked();
        if (task != null) {
            owner.removed(1);
        }
        return task;
    }

    @Override
    public Runnable peek() {
        lock.lock();
        try {
            return ring.peek();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        return ring.size();
    }

    @Override
    public int remainingCapacity() {
        // Under the lock: capacity and the size read apart can give a figure that never held (a
        // capacity raise and an offer between the two reads; WorkQueueLincheckTest found it).
        lock.lock();
        try {
            return Math.max(0, capacity - ring.size());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int maxElements) {
        if (sink == null) {
            throw new NullPointerException("sink");
        }
        if (sink == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        /*
         * The sink is user code, run under the lock as ArrayBlockingQueue runs it: whatever it
         * throws, the tasks it took are counted as dropped, the room they made wakes the waiters,
         * and the pool hears of the change (ConformanceEdgeTest.drainToWhoseSinkThrowsPartWayWakesAWaitingPut).
         */
        int n = 0;
        lock.lock();
        try {
            ring.drainTo(sink, Math.max(0, maxElements));
        } finally {
            n = ring.drained();
            if (n > 0) {
                wakeRoomWaitersLocked();
                owner.removed(n);
            }
            lock.unlock();
            if (n > 0) {
                owner.changed();
            }
        }
        return n;
    }

    /** Removes the first queued task that is, or equals, {@code o}; it will not run. */
    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        boolean removed;
        lock.lock();
        try {
            removed = removeLocked(o);
            if (removed) {
                owner.removed(1);
            }
        } finally {
            lock.unlock();
        }
        if (removed) {
            owner.changed();
        }
        return removed;
    }

    /** Removes every queued task that matches; they will not run. */
    @Override
    public boolean removeIf(java.util.function.Predicate<? super Runnable> filter) {
        if (filter == null) {
            throw new NullPointerException("filter");
        }
        int n;
        lock.lock();
        try {
            n = removeIfLocked(filter);
            if (n > 0) {
                owner.removed(n);
            }
        } finally {
            lock.unlock();
        }
        if (n > 0) {
            owner.changed();
        }
        return n > 0;
    }

    @Override
    public boolean contains(Object o) {
        if (o == null) {
            return false;
        }
        lock.lock();
        try {
            return ring.find(o, true) >= 0;
        } finally {
            lock.unlock();
        }
    }

    /** A weakly consistent snapshot of the queued tasks, head first; its {@code remove} takes the task out. */
    @Override
    public Iterator<Runnable> iterator() {
        final Runnable[] snapshot;
        lock.lock();
        try {
            snapshot = ring.toArray();
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
                removeIdentical(last);
                last = null;
            }
        };
    }

    private void removeIdentical(Runnable task) {
        boolean removed = false;
        lock.lock();
        try {
            int k = ring.find(task, false);
            if (k >= 0) {
                ring.removeAt(k);
                signalRoomLocked();
                owner.removed(1);
                removed = true;
            }
        } finally {
            lock.unlock();
        }
        if (removed) {
            owner.changed();
        }
    }

    @Override
    public Object[] toArray() {
        lock.lock();
        try {
            return ring.toArray();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "WorkQueue[" + ring.size() + "/" + capacity + "]";
    }
}
