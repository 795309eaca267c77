package io.adaptivepool;

import io.adaptivepool.testing.TestDepth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.lang.reflect.Method;
import kotlin.Unit;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CustomScenarioDSLKt;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: the {@link BlockingQueue} face of {@link WorkQueue}, called from several threads, is
 * linearizable to a bounded FIFO whose capacity can change, and shrink below the depth, without
 * dropping anything ({@link BoundedFifo}). Checked twice: by stress (real threads, many runs of
 * each scenario) and by model checking (Lincheck controls the threads and explores the
 * interleavings at each shared read, write and lock operation, and prints the one that breaks the
 * specification).
 *
 * <p>The operations that do not wait are all here, {@code offer} and {@code poll} both plain and
 * with a zero timeout (the code path of {@code put} and {@code take} up to their first wait). Lincheck
 * checks only operations that return, so {@code put}, {@code take} and waits with a timeout are
 * checked by {@link WorkQueueBlockingLincheckTest}: a lost wake-up there is a hang that Lincheck's
 * model checker reports.
 *
 * <p>The queue is a standalone one ({@link QueueOwner#NONE}, which hands off nothing and counts
 * nothing), with a stamp source that does not read the clock, so that every run is deterministic.
 */
@Param(name = "task", gen = IntGen.class, conf = "1:3")
@Param(name = "capacity", gen = IntGen.class, conf = "1:3")
@Param(name = "max", gen = IntGen.class, conf = "0:2")
public class WorkQueueLincheckTest {
    /** Small on purpose: capacities 1 to 3 and a few distinct tasks make full queues and shrinks frequent. */
    private static final int INITIAL_CAPACITY = 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final WorkQueue queue = new WorkQueue(lock, INITIAL_CAPACITY, QueueOwner.NONE, () -> 0L);

    /** A task known by its id; equal ids are equal tasks, as {@code remove(Object)} compares. */
    static final class Task implements Runnable {
        final int id;

        Task(int id) {
            this.id = id;
        }

        @Override
        public void run() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Task && ((Task) o).id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "task" + id;
        }
    }

    private static Integer id(Runnable task) {
        return task == null ? null : ((Task) task).id;
    }

    private static List<Integer> ids(Iterable<Runnable> tasks) {
        List<Integer> out = new ArrayList<>();
        for (Runnable t : tasks) {
            out.add(id(t));
        }
        return out;
    }

    @Operation
    public boolean offer(@Param(name = "task") int task) {
        return queue.offer(new Task(task));
    }

    /** {@code put}'s and a timed offer's path, short of the wait. */
    @Operation
    public boolean offerNoWait(@Param(name = "task") int task) throws InterruptedException {
        return queue.offer(new Task(task), 0L, TimeUnit.NANOSECONDS);
    }

    @Operation
    public Integer poll() {
        return id(queue.poll());
    }

    /** {@code take}'s and a timed poll's path, short of the wait. */
    @Operation
    public Integer pollNoWait() throws InterruptedException {
        return id(queue.poll(0L, TimeUnit.NANOSECONDS));
    }

    @Operation
    public Integer peek() {
        return id(queue.peek());
    }

    @Operation
    public boolean remove(@Param(name = "task") int task) {
        return queue.remove(new Task(task));
    }

    @Operation
    public boolean contains(@Param(name = "task") int task) {
        return queue.contains(new Task(task));
    }

    @Operation
    public int size() {
        return queue.size();
    }

    @Operation
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    /** The pool changes the capacity under its lock ({@code setQueueCapacity}); so does this. */
    @Operation
    public void setCapacity(@Param(name = "capacity") int capacity) {
        lock.lock();
        try {
            queue.setCapacityLocked(capacity);
        } finally {
            lock.unlock();
        }
    }

    @Operation
    public List<Integer> drainTo(@Param(name = "max") int max) {
        List<Runnable> sink = new ArrayList<>();
        int n = queue.drainTo(sink, max);
        if (n != sink.size()) {
            throw new AssertionError("drainTo returned " + n + " but moved " + sink.size());
        }
        return ids(sink);
    }

    @Operation
    public List<Integer> contents() {
        List<Integer> out = new ArrayList<>();
        for (Object t : queue.toArray()) {
            out.add(id((Runnable) t));
        }
        return out;
    }

    @Test
    void stress() {
        new StressOptions()
                .iterations(TestDepth.times(6))
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(BoundedFifo.class)
                .check(getClass());
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(TestDepth.times(5))
                .invocationsPerIteration(250)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(BoundedFifo.class)
                .addCustomScenario(capacityRaiseDuringRemainingCapacity())
                .addCustomScenario(sizeDuringDrain())
                .check(getClass());
    }

    /**
     * Kept as a regression: {@code remainingCapacity()} read the capacity, then the depth, without
     * the lock, so a capacity raise and an offer between the two reads gave a figure that never
     * held (capacity 2: it read 2, then depth 1 after setCapacity(3) and offer, and answered 1).
     */
    private static ExecutionScenario capacityRaiseDuringRemainingCapacity() {
        return CustomScenarioDSLKt.scenario(s -> {
            s.parallel(p -> {
                p.thread(t -> actor(t, "remainingCapacity"));
                p.thread(t -> actor(t, "setCapacity", 3));
                p.thread(t -> actor(t, "offer", 1));
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
    }

    /**
     * Kept as a regression, found by the stress run: {@code drainTo} published the size after each
     * task it moved, so {@code size()}, which reads without the lock, answered 1 while a drain of
     * two tasks ran; no sequential order of the two gives 1.
     */
    private static ExecutionScenario sizeDuringDrain() {
        return CustomScenarioDSLKt.scenario(s -> {
            s.initial(t -> {
                actor(t, "offer", 3);
                return actor(t, "offer", 1);
            });
            s.parallel(p -> {
                p.thread(t -> actor(t, "drainTo", 2));
                p.thread(t -> actor(t, "size"));
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
    }

    private static Unit actor(DSLThreadScenario thread, String operation, Object... args) {
        for (Method m : WorkQueueLincheckTest.class.getMethods()) {
            if (m.getName().equals(operation) && m.getParameterCount() == args.length) {
                thread.actor(ReflectJvmMapping.getKotlinFunction(m), args);
                return Unit.INSTANCE;
            }
        }
        throw new IllegalArgumentException("no operation " + operation + "/" + args.length);
    }

    /**
     * The sequential specification: a FIFO of task ids with a capacity. An insert fails only when
     * the depth is at or above the capacity; lowering the capacity below the depth keeps every task
     * (it only refuses inserts until the depth falls below it); removals take the first equal task.
     */
    public static final class BoundedFifo {
        private final ArrayDeque<Integer> tasks = new ArrayDeque<>();
        private int capacity = INITIAL_CAPACITY;

        public boolean offer(int task) {
            if (tasks.size() >= capacity) {
                return false;
            }
            tasks.addLast(task);
            return true;
        }

        public boolean offerNoWait(int task) {
            return offer(task);
        }

        public Integer poll() {
            return tasks.pollFirst();
        }

        public Integer pollNoWait() {
            return poll();
        }

        public Integer peek() {
            return tasks.peekFirst();
        }

        public boolean remove(int task) {
            return tasks.removeFirstOccurrence(task);
        }

        public boolean contains(int task) {
            return tasks.contains(task);
        }

        public int size() {
            return tasks.size();
        }

        public int remainingCapacity() {
            return Math.max(0, capacity - tasks.size());
        }

        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }

        public List<Integer> drainTo(int max) {
            List<Integer> out = new ArrayList<>();
            for (Iterator<Integer> it = tasks.iterator(); it.hasNext() && out.size() < max; ) {
                out.add(it.next());
                it.remove();
            }
            return out;
        }

        public List<Integer> contents() {
            return new ArrayList<>(tasks);
        }
    }
}
