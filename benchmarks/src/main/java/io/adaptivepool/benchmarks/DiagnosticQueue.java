package io.adaptivepool.benchmarks;

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
 * A diagnostic stand-in for the engine's queue, for the overhead benchmark only: the same shape
 * (a ring buffer under one lock, volatile count and idle-worker count, "an idle worker will take
 * it" fast path), with one switch. With {@code twoPhase}, an offer that finds no idle worker for
 * its task releases the lock and takes it again to insert, as the engine's queue does around its
 * scaling decision; without it, the offer inserts under its first lock. Run under a plain
 * ThreadPoolExecutor, the pair tells how much of the engine's cost is that second acquisition.
 */
final class DiagnosticQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Runnable> items;
    private final int capacity;
    private final boolean twoPhase;
    private volatile int count;
    private volatile int idleWorkers;
    /** Stands in for the scaling decision the engine makes between its two acquisitions. */
    private volatile int decisions;

    DiagnosticQueue(int capacity, boolean twoPhase) {
        this.capacity = capacity;
        this.twoPhase = twoPhase;
        this.items = new ArrayDeque<>(capacity);
    }

    @Override
    public boolean offer(Runnable task) {
        final ReentrantLock lock = this.lock;
        lock.lock();
        try {
            int queued = count;
            if (queued >= capacity) {
                return false;
            }
            if (!twoPhase || idleWorkers > queued) {
                items.addLast(task);
                count = queued + 1;
                notEmpty.signal();
                return true;
            }
        } finally {
            lock.unlock();
        }
        if (decisions < 0) { // a volatile read, as the engine's "workers at max?" check
            return false;
        }
        lock.lock();
        try {
            if (count >= capacity) {
                return false;
            }
            items.addLast(task);
            count++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable take() throws InterruptedException {
        final ReentrantLock lock = this.lock;
        lock.lockInterruptibly();
        try {
            if (count == 0) {
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

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        final ReentrantLock lock = this.lock;
        lock.lockInterruptibly();
        try {
            if (count == 0) {
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

    private Runnable dequeue() {
        Runnable task = items.pollFirst();
        count--;
        notFull.signal();
        return task;
    }

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
            return items.peekFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(Runnable task) throws InterruptedException {
        offer(task, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (count >= capacity) {
                if (nanos <= 0L) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            items.addLast(task);
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
        return capacity - count;
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int max) {
        lock.lock();
        try {
            int n = 0;
            while (n < max && count > 0) {
                sink.add(dequeue());
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(Object o) {
        lock.lock();
        try {
            if (items.remove(o)) {
                count--;
                notFull.signal();
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Iterator<Runnable> iterator() {
        lock.lock();
        try {
            List<Runnable> snapshot = new ArrayList<>(items);
            return snapshot.iterator();
        } finally {
            lock.unlock();
        }
    }
}
