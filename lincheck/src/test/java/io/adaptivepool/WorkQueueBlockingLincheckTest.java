package io.adaptivepool;

import static io.adaptivepool.LincheckThreads.concurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adaptivepool.WorkQueueLincheckTest.Task;
import io.adaptivepool.testing.TestDepth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's model checker on the waits of {@link WorkQueue}: {@code put}, {@code take} and a timed
 * {@code poll}, which {@link WorkQueueLincheckTest} cannot call (it checks only operations that
 * return). Each scenario is a few threads whose waits must all end; Lincheck explores their
 * interleavings, including where each wait begins and which waiter a signal reaches, and reports
 * threads left waiting with no one to wake them (a lost wake-up) as a hang, with its interleaving.
 * At the end each scenario checks that no task was lost, duplicated or reordered.
 */
class WorkQueueBlockingLincheckTest {
    private static final int INVOCATIONS = TestDepth.times(25);

    private static WorkQueue queue(int capacity, int... queued) {
        WorkQueue q = new WorkQueue(new ReentrantLock(), capacity, QueueOwner.NONE, () -> 0L);
        for (int id : queued) {
            if (!q.offer(new Task(id))) {
                throw new AssertionError("could not queue task" + id);
            }
        }
        return q;
    }

    private static int id(Runnable task) {
        return ((Task) task).id;
    }

    private static List<Integer> contents(WorkQueue q) {
        List<Integer> out = new ArrayList<>();
        for (Object t : q.toArray()) {
            out.add(id((Runnable) t));
        }
        return out;
    }

    /** A full queue: two putters wait for room, a taker takes three times; each take wakes one putter. */
    @Test
    void takesWakePutters() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            WorkQueue q = queue(1, 1);
            List<Integer> taken = Collections.synchronizedList(new ArrayList<>());
            concurrently(
                    () -> q.put(new Task(2)),
                    () -> q.put(new Task(3)),
                    () -> {
                        for (int i = 0; i < 3; i++) {
                            taken.add(id(q.take()));
                        }
                    });
            assertEquals(1, (int) taken.get(0), "the queued task leaves first");
            assertEquals(Arrays.asList(1, 2, 3), sorted(taken), "every task taken once");
            assertEquals(0, q.size());
        });
    }

    /** Raising the capacity wakes every putter waiting for room (a shrink never drops a task). */
    @Test
    void capacityRaiseWakesPutters() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            ReentrantLock lock = new ReentrantLock();
            WorkQueue q = new WorkQueue(lock, 2, QueueOwner.NONE, () -> 0L);
            q.offer(new Task(1));
            q.offer(new Task(2));
            concurrently(
                    () -> q.put(new Task(3)),
                    () -> q.put(new Task(4)),
                    () -> {
                        setCapacity(q, lock, 1); // below the depth: keeps both queued tasks
                        setCapacity(q, lock, 4);
                    });
            List<Integer> in = contents(q);
            assertEquals(Arrays.asList(1, 2), in.subList(0, 2), "the queued tasks, first and in order");
            assertEquals(Arrays.asList(1, 2, 3, 4), sorted(in));
            assertEquals(0, q.remainingCapacity());
        });
    }

    /** An empty queue: a taker and a timed poller wait; two offers, by two threads, wake both. */
    @Test
    void offersWakeTakers() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            WorkQueue q = queue(2);
            List<Integer> taken = Collections.synchronizedList(new ArrayList<>());
            concurrently(
                    () -> taken.add(id(q.take())),
                    () -> {
                        Runnable t = q.poll(1, TimeUnit.HOURS);
                        if (t != null) {
                            taken.add(id(t));
                        }
                    },
                    () -> q.offer(new Task(1)),
                    () -> q.offer(new Task(2)));
            List<Integer> all = new ArrayList<>(taken);
            all.addAll(contents(q));
            assertEquals(Arrays.asList(1, 2), sorted(all), "every task taken or still queued, once");
        });
    }

    /**
     * A full queue, a timed offer that may give up, a put, and two takes: whichever way the timed
     * offer ends, the put is not stranded (a waiter that gives up passes its wake-up on), and
     * nothing is lost.
     */
    @Test
    void timedOfferGivingUpPassesTheWakeUpOn() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            WorkQueue q = queue(1, 1);
            boolean[] offered = new boolean[1];
            List<Runnable> taken = Collections.synchronizedList(new ArrayList<>());
            concurrently(
                    () -> offered[0] = q.offer(new Task(2), 1, TimeUnit.MILLISECONDS),
                    () -> q.put(new Task(3)),
                    () -> {
                        taken.add(q.take());
                        taken.add(q.take());
                    });
            List<Integer> all = new ArrayList<>();
            for (Runnable t : taken) {
                all.add(id(t));
            }
            all.addAll(contents(q));
            assertEquals(offered[0] ? Arrays.asList(1, 2, 3) : Arrays.asList(1, 3), sorted(all));
        });
    }

    private static void setCapacity(WorkQueue q, ReentrantLock lock, int capacity) {
        lock.lock();
        try {
            q.setCapacityLocked(capacity);
        } finally {
            lock.unlock();
        }
    }

    private static List<Integer> sorted(List<Integer> ids) {
        List<Integer> out = new ArrayList<>(ids);
        Collections.sort(out);
        return out;
    }
}
