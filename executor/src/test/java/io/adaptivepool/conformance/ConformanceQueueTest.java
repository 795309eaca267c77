package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pool's queue as users reach it through {@code getQueue()} (BlockingQueue), and
 * {@code remove(Runnable)} / {@code purge()} (ThreadPoolExecutor). One worker, held by a blocker,
 * so that what is queued stays queued until the test opens the gate; tasks that go into the
 * queue directly run because that worker exists (a ThreadPoolExecutor starts none for them).
 */
class ConformanceQueueTest extends ConformanceBase {
    private static final int CAPACITY = 4;

    private final AtomicInteger ran = new AtomicInteger();

    /** A distinct task that counts its run. */
    private Runnable counted() {
        return ran::incrementAndGet;
    }

    /** A pool whose one worker is busy with a blocker until the gate opens. */
    private ThreadPoolExecutor busyPool(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, CAPACITY));
        occupy(pool, 1);
        return pool;
    }

    /** Opens the gate and waits until the one worker has run everything queued before this call. */
    private void releaseAndDrain(ThreadPoolExecutor pool) {
        gate.countDown();
        await("the queue to drain", () -> pool.getQueue().isEmpty());
        CountDownLatch last = new CountDownLatch(1);
        pool.execute(last::countDown); // one worker, FIFO: it runs after every task taken before
        awaitLatch(last);
    }

    @BothPools
    void sizeAndRemainingCapacityFollowTheQueuedTasks(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        BlockingQueue<Runnable> queue = pool.getQueue();
        assertEquals(0, queue.size());
        assertTrue(queue.isEmpty());
        assertEquals(CAPACITY, queue.remainingCapacity());
        for (int i = 0; i < 3; i++) {
            pool.execute(counted());
        }
        assertEquals(3, queue.size());
        assertEquals(CAPACITY - 3, queue.remainingCapacity());
        gate.countDown();
        await("the queue to drain", () -> ran.get() == 3);
        assertEquals(0, queue.size());
        assertEquals(CAPACITY, queue.remainingCapacity());
    }

    @BothPools
    void peekAndPollGiveTheHeadAndAPolledTaskNeverRuns(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        BlockingQueue<Runnable> queue = pool.getQueue();
        assertNull(queue.peek());
        assertNull(queue.poll());
        assertThrows(NoSuchElementException.class, queue::element);
        assertThrows(NoSuchElementException.class, queue::remove);
        AtomicBoolean firstRan = new AtomicBoolean();
        Runnable first = () -> firstRan.set(true);
        Runnable second = counted();
        pool.execute(first);
        pool.execute(second);

        assertSame(first, queue.peek());
        assertEquals(2, queue.size(), "peek does not remove");
        assertSame(first, queue.poll());
        assertEquals(1, queue.size());
        assertSame(second, queue.peek());

        releaseAndDrain(pool);
        assertEquals(1, ran.get());
        assertFalse(firstRan.get(), "a task polled out of the queue is not run by the pool");
    }

    @BothPools
    void timedPollOfAnEmptyQueueReturnsNullAfterTheTimeout(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        AtomicReference<Object> result = new AtomicReference<>("not returned");
        CountDownLatch returned = new CountDownLatch(1);
        startThread("timed-poll", () -> {
            try {
                result.set(pool.getQueue().poll(BRIEFLY_MS, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                result.set(e);
            }
            returned.countDown();
        });
        awaitLatch(returned);
        assertNull(result.get());
    }

    @BothPools
    void timedPollAndTakeGiveTheHeadTask(PoolKind kind) throws InterruptedException {
        ThreadPoolExecutor pool = busyPool(kind);
        Runnable first = counted();
        Runnable second = counted();
        pool.execute(first);
        pool.execute(second);
        assertSame(first, pool.getQueue().poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertSame(second, pool.getQueue().take());
        assertTrue(pool.getQueue().isEmpty());
    }

    @BothPools
    void containsFindsQueuedTasksOnly(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        Runnable queued = counted();
        Runnable other = counted();
        pool.execute(queued);
        assertTrue(pool.getQueue().contains(queued));
        assertFalse(pool.getQueue().contains(other));
        assertFalse(pool.getQueue().contains(null));
        releaseAndDrain(pool);
        assertFalse(pool.getQueue().contains(queued), "a task that ran is no longer queued");
    }

    @BothPools
    void removeObjectTakesOneQueuedTaskOutAndItNeverRuns(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        AtomicBoolean removedRan = new AtomicBoolean();
        Runnable removed = () -> removedRan.set(true);
        pool.execute(counted());
        pool.execute(removed);
        pool.execute(counted());

        assertTrue(pool.getQueue().remove(removed));
        assertFalse(pool.getQueue().remove(removed), "only once");
        assertFalse(pool.getQueue().remove(counted()), "never queued");

        assertEquals(2, pool.getQueue().size());
        releaseAndDrain(pool);
        assertEquals(2, ran.get());
        assertFalse(removedRan.get());
    }

    @BothPools
    void drainToMovesTheQueuedTasksInOrderAndTheyNeverRun(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        List<Runnable> queued = Arrays.asList(counted(), counted(), counted(), counted());
        queued.forEach(pool::execute);

        List<Runnable> firstTwo = new ArrayList<>();
        assertEquals(2, pool.getQueue().drainTo(firstTwo, 2));
        assertEquals(queued.subList(0, 2), firstTwo);
        List<Runnable> rest = new ArrayList<>();
        assertEquals(2, pool.getQueue().drainTo(rest));
        assertEquals(queued.subList(2, 4), rest);
        assertEquals(0, pool.getQueue().drainTo(rest), "nothing left");
        assertEquals(CAPACITY, pool.getQueue().remainingCapacity());

        releaseAndDrain(pool);
        assertEquals(0, ran.get(), "drained tasks are the caller's, not run by the pool");
    }

    @BothPools
    void aSinkThatRefusesATaskLeavesItAndTheRestQueued(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        List<Runnable> queued = Arrays.asList(counted(), counted(), counted());
        queued.forEach(pool::execute);
        List<Runnable> sink = new ArrayList<Runnable>() {
            @Override
            public boolean add(Runnable task) {
                if (size() == 1) {
                    throw new IllegalStateException("sink full");
                }
                return super.add(task);
            }
        };

        assertThrows(IllegalStateException.class, () -> pool.getQueue().drainTo(sink));
        assertEquals(queued.subList(0, 1), sink, "the task the sink took left the queue");
        assertEquals(2, pool.getQueue().size(), "the refused task and the one after it are still queued");
        assertSame(queued.get(1), pool.getQueue().peek());
        releaseAndDrain(pool);
        assertEquals(2, ran.get(), "the tasks left in the queue still run");
    }

    @BothPools
    void drainToItselfIsRefused(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        BlockingQueue<Runnable> queue = pool.getQueue();
        assertThrows(IllegalArgumentException.class, () -> queue.drainTo(queue));
    }

    @BothPools
    void iterationIsInQueueOrderAndWeaklyConsistent(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        Runnable a = counted();
        Runnable b = counted();
        Runnable c = counted();
        Runnable d = counted();
        pool.execute(a);
        pool.execute(b);
        pool.execute(c);
        List<Runnable> snapshot = new ArrayList<>();
        pool.getQueue().forEach(snapshot::add);
        assertEquals(Arrays.asList(a, b, c), snapshot);

        Iterator<Runnable> it = pool.getQueue().iterator();
        assertSame(a, pool.getQueue().poll()); // changes while the iterator is open:
        pool.execute(d); // no ConcurrentModificationException
        List<Runnable> seen = new ArrayList<>();
        it.forEachRemaining(seen::add);

        assertTrue(seen.contains(b) && seen.contains(c), "tasks queued throughout are seen: " + seen);
        assertTrue(Arrays.asList(a, b, c, d).containsAll(seen), "nothing else: " + seen);
        assertEquals(seen.size(), seen.stream().distinct().count(), "each at most once");
        assertTrue(seen.indexOf(b) < seen.indexOf(c), "in queue order");
    }

    @BothPools
    void iteratorRemoveTakesTheTaskOutOfTheQueue(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        AtomicBoolean removedRan = new AtomicBoolean();
        Runnable removed = () -> removedRan.set(true);
        pool.execute(counted());
        pool.execute(removed);
        pool.execute(counted());
        for (Iterator<Runnable> it = pool.getQueue().iterator(); it.hasNext(); ) {
            if (it.next() == removed) {
                it.remove();
            }
        }
        assertEquals(2, pool.getQueue().size());
        assertFalse(pool.getQueue().contains(removed));
        releaseAndDrain(pool);
        assertEquals(2, ran.get());
        assertFalse(removedRan.get());
    }

    @BothPools
    void aFullQueueRefusesOfferAndAdd(PoolKind kind) throws InterruptedException {
        ThreadPoolExecutor pool = busyPool(kind);
        BlockingQueue<Runnable> queue = pool.getQueue();
        for (int i = 0; i < CAPACITY; i++) {
            assertTrue(queue.offer(counted()), "room for " + i);
        }
        assertEquals(0, queue.remainingCapacity());
        assertFalse(queue.offer(counted()));
        assertThrows(IllegalStateException.class, () -> queue.add(counted()));
        assertFalse(queue.offer(counted(), BRIEFLY_MS, TimeUnit.MILLISECONDS), "a timed offer times out");
        assertEquals(CAPACITY, queue.size());
        releaseAndDrain(pool);
        assertEquals(CAPACITY, ran.get());
    }

    @BothPools
    void aQueueRefusesNullTasks(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        BlockingQueue<Runnable> queue = pool.getQueue();
        assertAll(
                () -> assertThrows(NullPointerException.class, () -> queue.offer(null), "offer"),
                () -> assertThrows(NullPointerException.class, () -> queue.put(null), "put"),
                () -> assertThrows(NullPointerException.class, () -> queue.offer(null, 1, TimeUnit.SECONDS), "timed offer"),
                () -> assertThrows(NullPointerException.class, () -> queue.add(null), "add"));
        assertEquals(0, queue.size());
    }

    @BothPools
    void drainToRefusesANullCollectionEvenWhenEmpty(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        BlockingQueue<Runnable> queue = pool.getQueue();
        assertAll(
                () -> assertThrows(NullPointerException.class, () -> queue.drainTo(null), "drainTo"),
                () -> assertThrows(NullPointerException.class, () -> queue.drainTo(null, 1), "drainTo at most"));
    }

    @BothPools
    void tasksPutIntoTheQueueAreRunByTheExistingWorker(PoolKind kind) throws InterruptedException {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, CAPACITY)); // its worker idles
        CountDownLatch ranAll = new CountDownLatch(3);
        pool.getQueue().put(ranAll::countDown);
        assertTrue(pool.getQueue().offer(ranAll::countDown));
        assertTrue(pool.getQueue().offer(ranAll::countDown, PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        awaitLatch(ranAll);
    }

    @BothPools
    void putWaitsForRoomAndIsWokenWhenTheQueueDrains(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        for (int i = 0; i < CAPACITY; i++) {
            pool.execute(counted());
        }
        CountDownLatch put = new CountDownLatch(1);
        CountDownLatch extraRan = new CountDownLatch(1);
        Thread putter = startThread("putter", () -> {
            try {
                pool.getQueue().put(extraRan::countDown);
                put.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitParked(putter);
        assertEquals(1, put.getCount(), "put waits while the queue is full");
        assertEquals(CAPACITY, pool.getQueue().size());

        gate.countDown();

        awaitLatch(put);
        awaitLatch(extraRan);
        assertEquals(CAPACITY, ran.get());
    }

    @BothPools
    void timedOfferWaitsForRoomAndSucceedsWhenTheQueueDrains(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        for (int i = 0; i < CAPACITY; i++) {
            pool.execute(counted());
        }
        AtomicReference<Object> offered = new AtomicReference<>("not returned");
        CountDownLatch returned = new CountDownLatch(1);
        CountDownLatch extraRan = new CountDownLatch(1);
        Thread offerer = startThread("offerer", () -> {
            try {
                // a timeout well past the test's patience: only a wake-up on room can pass the test
                offered.set(pool.getQueue().offer(extraRan::countDown, 2 * PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                offered.set(e);
            }
            returned.countDown();
        });
        awaitParked(offerer);
        assertEquals(1, returned.getCount(), "a timed offer waits while the queue is full");

        gate.countDown();

        awaitLatch(returned);
        assertEquals(Boolean.TRUE, offered.get());
        awaitLatch(extraRan);
    }

    /** The handler many applications install to turn a bounded pool's rejections into backpressure. */
    @BothPools
    void aRejectionHandlerThatPutsIntoTheQueueMakesTheSubmitterWaitForRoom(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 2).rejecting());
        pool.setRejectedExecutionHandler((r, executor) -> {
            try {
                executor.getQueue().put(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted", e);
            }
        });
        occupy(pool, 1);
        CountDownLatch allRan = new CountDownLatch(3);
        pool.execute(allRan::countDown);
        pool.execute(allRan::countDown); // the queue is full now
        CountDownLatch submitted = new CountDownLatch(1);
        Thread submitter = startThread("submitter", () -> {
            pool.execute(allRan::countDown);
            submitted.countDown();
        });
        awaitParked(submitter);
        assertEquals(1, submitted.getCount(), "the submitter waits in the handler's put");

        gate.countDown();

        awaitLatch(submitted);
        awaitLatch(allRan);
    }

    @BothPools
    void removeRunnableTakesAQueuedTaskOutAndItNeverRuns(PoolKind kind) {
        ThreadPoolExecutor pool = busyPool(kind);
        AtomicBoolean removedRan = new AtomicBoolean();
        Runnable removed = () -> removedRan.set(true);
        pool.execute(counted());
        pool.execute(removed);

        assertTrue(pool.remove(removed));
        assertFalse(pool.remove(removed), "no longer queued");
        assertFalse(pool.remove(counted()), "never queued");

        Future<?> removedFuture = pool.submit(() -> removedRan.set(true));
        assertTrue(pool.remove((Runnable) removedFuture), "a submitted task is queued as its Future");

        assertEquals(1, pool.getQueue().size());
        releaseAndDrain(pool);
        assertEquals(1, ran.get());
        assertFalse(removedRan.get());
        assertFalse(removedFuture.isDone(), "removing does not cancel: the Future is never completed");
    }

    @BothPools
    void purgeRemovesCancelledQueuedFutures(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = busyPool(kind);
        Future<?> cancelled1 = pool.submit(counted());
        Future<String> kept = pool.submit(() -> "kept");
        Future<?> cancelled2 = pool.submit(counted());
        assertTrue(cancelled1.cancel(false));
        assertTrue(cancelled2.cancel(false));
        assertEquals(3, pool.getQueue().size(), "cancelled Futures stay queued until purged or taken");

        pool.purge();

        assertEquals(1, pool.getQueue().size());
        assertTrue(pool.getQueue().contains(kept));
        gate.countDown();
        assertEquals("kept", kept.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(0, ran.get());
    }
}
