package io.adaptivepool;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Predicate;

/**
 * A FIFO of tasks, each with a {@link Stamp}, in two parallel rings that grow by doubling: queueing
 * a task allocates nothing once the rings have grown. Not thread-safe: {@link WorkQueue} guards it
 * with the pool's lock, and only {@link #size()} may be read without it. It has no capacity of its
 * own; the queue checks that.
 */
final class TaskRing {
    /*
     * The engine's counts of tasks accepted and of tasks started live here, beside the ring's
     * indices, so that a submission and a take each write one object under the lock: with them in
     * the engine and the queue's own size field apart, a task moved three written cache lines
     * between the submitting and the working core, which cost 10-20% of the throughput of short
     * tasks. The size is published with ordered stores (no fence under the lock).
     */
    private static final AtomicIntegerFieldUpdater<TaskRing> COUNT =
            AtomicIntegerFieldUpdater.newUpdater(TaskRing.class, "count");
    /** The rings' first size; they double as the depth needs. */
    private static final int INITIAL = 64;

    private Runnable[] tasks;
    private long[] stamps;
    private int head;
    private volatile int count;
    /** Guarded by the pool's lock: tasks accepted (queued, handed to an idle worker, or a new worker's first). */
    long accepted;
    /** Guarded by the pool's lock: tasks that reached a worker, the stall guard's sign of progress. */
    long started;
    /** The stamp of the task {@link #poll()} or {@link #removeAt(int)} last took out. */
    private long lastStamp;
    /** See {@link #drained()}. */
    private int drained;

    TaskRing(int expected) {
        int size = Math.max(1, Math.min(expected, INITIAL));
        tasks = new Runnable[size];
        stamps = new long[size];
    }

    int size() {
        return count;
    }

    void add(Runnable task, long stamp) {
        if (count == tasks.length) {
            grow();
        }
        int i = index(count);
        tasks[i] = task;
        stamps[i] = stamp;
        COUNT.lazySet(this, count + 1);
    }

    /** The head task, or null when empty; its stamp is then {@link #lastStamp()}. */
    Runnable poll() {
        if (count == 0) {
            return null;
        }
        int i = head;
        Runnable task = tasks[i];
        lastStamp = stamps[i];
        tasks[i] = null;
        head = i + 1 == tasks.length ? 0 : i + 1;
        COUNT.lazySet(this, count - 1);
        return task;
    }

    long lastStamp() {
        return lastStamp;
    }

    Runnable peek() {
        return count == 0 ? null : tasks[head];
    }

    /** The head's stamp; only when not empty. */
    long headStamp() {
        return stamps[head];
    }

    /** The position of the first task that is {@code o} (identity), or equals it if asked; -1 if none. */
    int find(Object o, boolean byEquals) {
        for (int k = 0; k < count; k++) {
            Runnable task = tasks[index(k)];
            if (task == o || (byEquals && o.equals(task))) {
                return k;
            }
        }
        return -1;
    }

    /** Takes out the k-th task (0 is the head), closing the gap; its stamp is then {@link #lastStamp()}. */
    Runnable removeAt(int k) {
        int i = index(k);
        Runnable task = tasks[i];
        lastStamp = stamps[i];
        for (int j = k; j < count - 1; j++) {
            int to = index(j);
            int from = index(j + 1);
            tasks[to] = tasks[from];
            stamps[to] = stamps[from];
        }
        tasks[index(count - 1)] = null;
        COUNT.lazySet(this, count - 1);
        return task;
    }

    /**
     * Takes out every task that matches, keeping the others in order; returns how many. The filter
     * is user code: every task is tested before anything changes, so a filter that throws part-way
     * removes nothing (as ArrayBlockingQueue does), and one that changes this ring meanwhile
     * (through the pool, on the lock's holder) removes only what it matched and is still here.
     */
    int removeIf(Predicate<? super Runnable> filter) {
        /*
         * The filter answers for queued positions, not for tasks: the same Runnable queued twice
         * is two tasks, and a filter may keep one of them
         * (ConformanceCornerTest.removeIfRemovesOnlyTheQueuedPositionsItsPredicateMatched). The
         * matched positions of the snapshot are removed by position when the ring is still the
         * snapshot; if the filter changed it, each matched task loses as many of its copies, head
         * first, as the filter matched, and what is gone already is not counted.
         */
        Runnable[] snapshot = toArray();
        boolean[] hit = new boolean[snapshot.length];
        int hits = 0;
        for (int k = 0; k < snapshot.length; k++) {
            if (filter.test(snapshot[k])) {
                hit[k] = true;
                hits++;
            }
        }
        if (hits == 0) {
            return 0;
        }
        if (!holds(snapshot)) {
            return removeCopies(snapshot, hit);
        }
        int kept = 0;
        int n = count;
        for (int k = 0; k < n; k++) {
            if (!hit[k]) {
                keep(k, kept++);
            }
        }
        return close(n, kept);
    }

    /** Whether the ring holds the same tasks as {@code snapshot}, in the same places. */
    private boolean holds(Runnable[] snapshot) {
        if (count != snapshot.length) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            if (tasks[index(k)] != snapshot[k]) {
                return false;
            }
        }
        return true;
    }

    /** Removes, per task, as many copies as {@code hit} marks of it in {@code snapshot}, head first. */
    private int removeCopies(Runnable[] snapshot, boolean[] hit) {
        Map<Runnable, int[]> copies = new IdentityHashMap<>();
        for (int k = 0; k < snapshot.length; k++) {
            if (hit[k]) {
                int[] c = copies.get(snapshot[k]);
                if (c == null) {
                    copies.put(snapshot[k], new int[] {1});
                } else {
                    c[0]++;
                }
            }
        }
        int kept = 0;
        int n = count;
        for (int k = 0; k < n; k++) {
            int[] c = copies.get(tasks[index(k)]);
            if (c != null && c[0] > 0) {
                c[0]--;
            } else {
                keep(k, kept++);
            }
        }
        return close(n, kept);
    }

    /** Moves the k-th task to the {@code to}-th place (to is at most k). */
    private void keep(int k, int to) {
        int from = index(k);
        int at = index(to);
        tasks[at] = tasks[from];
        stamps[at] = stamps[from];
    }

    /** Ends a removal that kept the first {@code kept} of {@code n}; returns how many left. */
    private int close(int n, int kept) {
        for (int k = kept; k < n; k++) {
            tasks[index(k)] = null;
        }
        COUNT.lazySet(this, kept);
        return n - kept;
    }

    /**
     * Moves up to {@code max} tasks, head first, into {@code sink}; returns how many. If the sink
     * throws, the tasks it took stay taken ({@link #drained()} says how many), and the others are
     * back at the head, in order.
     */
    int drainTo(Collection<? super Runnable> sink, int max) {
        /*
         * The tasks leave the ring before the sink sees any, and the size is published once: a
         * reader without the lock sees the size before the drain or after it, never a step of it,
         * and a sink that calls back into the pool (on this thread, which holds the lock) finds a
         * ring that is whole, without the tasks it is being given.
         */
        int n = Math.min(max, count);
        drained = 0;
        if (n <= 0) {
            return 0;
        }
        Runnable[] out = new Runnable[n];
        long[] outStamps = new long[n];
        for (int k = 0; k < n; k++) {
            int i = index(k);
            out[k] = tasks[i];
            outStamps[k] = stamps[i];
            tasks[i] = null;
        }
        head = index(n);
        COUNT.lazySet(this, count - n);
        int moved = 0;
        try {
            while (moved < n) {
                sink.add(out[moved]);
                lastStamp = outStamps[moved];
                moved++;
            }
        } finally {
            drained = moved;
            for (int k = n - 1; k >= moved; k--) {
                addFirst(out[k], outStamps[k]);
            }
        }
        return n;
    }

    /** How many tasks the last {@link #drainTo} moved into its sink, also when the sink threw. */
    int drained() {
        return drained;
    }

    private void addFirst(Runnable task, long stamp) {
        if (count == tasks.length) {
            grow();
        }
        head = head == 0 ? tasks.length - 1 : head - 1;
        tasks[head] = task;
        stamps[head] = stamp;
        COUNT.lazySet(this, count + 1);
    }

    /** The tasks, head first. */
    Runnable[] toArray() {
        Runnable[] out = new Runnable[count];
        for (int k = 0; k < count; k++) {
            out[k] = tasks[index(k)];
        }
        return out;
    }

    private int index(int k) {
        int i = head + k;
        return i >= tasks.length ? i - tasks.length : i;
    }

    private void grow() {
        int size = (int) Math.min(Integer.MAX_VALUE - 8, 2L * tasks.length);
        if (size <= count) {
            throw new IllegalStateException("queue ring cannot grow past " + count + " tasks");
        }
        Runnable[] ts = new Runnable[size];
        long[] ss = new long[size];
        for (int k = 0; k < count; k++) {
            int i = index(k);
            ts[k] = tasks[i];
            ss[k] = stamps[i];
        }
        tasks = ts;
        stamps = ss;
        head = 0;
    }
}
