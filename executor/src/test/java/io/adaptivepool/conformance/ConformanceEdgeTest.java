package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The edges of the contract: waiters woken whatever the worker does meanwhile, user code (a
 * predicate, a sink) that throws part-way, the run state just after shutdown, and timeouts that are
 * zero, negative or extreme. Each was once broken in the adaptive pool; the JDK's pool shows the
 * contract.
 */
class ConformanceEdgeTest extends ConformanceBase {
    /** Rounds of a race: a lost wake-up was seen in most rounds, so a few dozen find it. */
    private static final int ROUNDS = 30;

    /**
     * One worker, a queue of one, two {@code put}s waiting for room: the worker takes the queued
     * task, runs it and goes idle before either putter gets the lock. Whichever putter is woken,
     * the other must be woken too (a putter that hands its task to the idle worker uses no room,
     * and passes its wake-up on).
     */
    @BothPools
    void twoPutsWaitingForRoomAreBothWokenAsTheWorkerDrains(PoolKind kind) {
        for (int round = 0; round < ROUNDS; round++) {
            ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1));
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            pool.execute(() -> {
                started.countDown();
                awaitQuietly(hold);
            });
            awaitLatch(started);
            AtomicInteger ran = new AtomicInteger();
            pool.execute(ran::incrementAndGet); // the queue is full now
            CountDownLatch put = new CountDownLatch(2);
            Thread p1 = startThread("putter-1", () -> putQuietly(pool.getQueue(), ran::incrementAndGet, put));
            Thread p2 = startThread("putter-2", () -> putQuietly(pool.getQueue(), ran::incrementAndGet, put));
            awaitParked(p1);
            awaitParked(p2);

            hold.countDown();

            awaitLatch(put);
            await("every task to run", () -> ran.get() == 3);
            pool.shutdown();
        }
    }

    /**
     * A predicate that throws part-way removes nothing: every task stays queued, in order, and runs
     * once (none lost, none run twice).
     */
    @BothPools
    void removeIfWhosePredicateThrowsPartWayRemovesNothing(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 4));
        occupy(pool, 1);
        AtomicInteger[] runs = new AtomicInteger[4];
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < runs.length; i++) {
            AtomicInteger count = new AtomicInteger();
            runs[i] = count;
            Runnable task = count::incrementAndGet;
            tasks.add(task);
            pool.execute(task);
        }
        AtomicInteger tested = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> pool.getQueue().removeIf(t -> {
            int n = tested.incrementAndGet();
            if (n == 4) {
                throw new IllegalStateException("the predicate fails on the fourth task");
            }
            return n == 2; // keep, remove, keep: a removal in place would have moved the third already
        }));
        assertEquals(4, pool.getQueue().size(), "nothing removed");
        assertEquals(tasks, Arrays.asList(pool.getQueue().toArray()), "and nothing moved");

        gate.countDown();

        await("every task to run", () -> Arrays.stream(runs).allMatch(c -> c.get() >= 1));
        awaitQuiescent(pool);
        for (AtomicInteger count : runs) {
            assertEquals(1, count.get(), "each task runs once");
        }
    }

    /**
     * A sink that throws part-way keeps what it took (those never run), leaves the rest queued,
     * and the room it made wakes a {@code put} that waits for it.
     */
    @BothPools
    void drainToWhoseSinkThrowsPartWayWakesAWaitingPut(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 2));
        occupy(pool, 1);
        AtomicInteger ran = new AtomicInteger();
        pool.execute(ran::incrementAndGet);
        pool.execute(ran::incrementAndGet);
        CountDownLatch put = new CountDownLatch(1);
        Thread putter = startThread("putter", () -> putQuietly(pool.getQueue(), ran::incrementAndGet, put));
        awaitParked(putter);
        List<Runnable> sink = new ArrayList<Runnable>() {
            @Override
            public boolean add(Runnable r) {
                if (size() == 1) {
                    throw new IllegalStateException("the sink takes one task only");
                }
                return super.add(r);
            }
        };

        assertThrows(IllegalStateException.class, () -> pool.getQueue().drainTo(sink));

        assertEquals(1, sink.size());
        awaitLatch(put);
        assertEquals(2, pool.getQueue().size(), "the task the sink refused, and the one put in");
        gate.countDown();
        await("the queued tasks to run", () -> ran.get() == 2);
        awaitQuiescent(pool);
        assertEquals(2, ran.get(), "the task in the sink never runs");
    }

    /**
     * Once shutdown() has returned, the pool is shut down and terminating or terminated, at every
     * moment after: never neither (its last worker ending must not open a gap between the two).
     */
    @BothPools
    void afterShutdownThePoolIsAlwaysTerminatingOrTerminated(PoolKind kind) {
        for (int round = 0; round < 10 * ROUNDS; round++) {
            ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1));
            pool.shutdown();
            int reads = 0;
            boolean terminated;
            do {
                assertTrue(pool.isShutdown());
                terminated = pool.isTerminated();
                boolean terminating = pool.isTerminating();
                assertTrue(terminating || terminated || pool.isTerminated(),
                        "round " + round + ", read " + reads + ": neither terminating nor terminated");
                reads++;
            } while (!terminated && reads < 1_000_000);
        }
    }

    /** awaitTermination with a zero, negative or huge timeout, in any unit, returns as the JDK's does. */
    @BothPools
    void awaitTerminationWithExtremeTimeouts(PoolKind kind) throws InterruptedException {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1));
        for (TimeUnit unit : TimeUnit.values()) {
            assertFalse(pool.awaitTermination(0L, unit), "0 " + unit);
            assertFalse(pool.awaitTermination(-1L, unit), "-1 " + unit);
            assertFalse(pool.awaitTermination(Long.MIN_VALUE, unit), "Long.MIN_VALUE " + unit);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
        for (TimeUnit unit : TimeUnit.values()) {
            assertTrue(pool.awaitTermination(Long.MAX_VALUE, unit), "Long.MAX_VALUE " + unit);
            assertTrue(pool.awaitTermination(Long.MIN_VALUE, unit), "terminated, Long.MIN_VALUE " + unit);
            assertTrue(pool.awaitTermination(0L, unit), "terminated, 0 " + unit);
        }
    }

    /** awaitTermination with a short positive timeout waits at least that long on a running pool. */
    @BothPools
    void awaitTerminationWaitsAtLeastItsTimeout(PoolKind kind) throws InterruptedException {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1));
        long timeoutNanos = 999_999L;
        long start = System.nanoTime();
        assertFalse(pool.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS));
        assertTrue(System.nanoTime() - start >= timeoutNanos);
        start = System.nanoTime();
        assertFalse(pool.awaitTermination(BRIEFLY_MS, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(BRIEFLY_MS));
    }

    /** A thread factory that makes one thread and then none: every task still runs, on that thread. */
    @BothPools
    void aFactoryThatMakesOneThreadOnlyStillRunsEveryTask(PoolKind kind) {
        RecordingThreadFactory factory = new RecordingThreadFactory("one-thread").limitedTo(1);
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(4, 4, 10).factory(factory));
        CountDownLatch ran = new CountDownLatch(8);
        for (int i = 0; i < 8; i++) {
            pool.execute(ran::countDown);
        }
        awaitLatch(ran);
        assertEquals(1, factory.threads.size());
    }

    /** Timed invokeAll and invokeAny refuse a null unit, as they refuse null tasks. */
    @BothPools
    void timedInvokeRefusesANullUnit(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1));
        List<Callable<String>> tasks = Arrays.asList(() -> "a");
        assertThrows(NullPointerException.class, () -> pool.invokeAll(tasks, 1L, null));
        assertThrows(NullPointerException.class, () -> pool.invokeAny(tasks, 1L, null));
        assertThrows(NullPointerException.class, () -> pool.invokeAll(null, 1L, TimeUnit.SECONDS));
        assertThrows(NullPointerException.class, () -> pool.invokeAny(null, 1L, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> pool.invokeAny(new ArrayList<Callable<String>>(), 1L,
                TimeUnit.SECONDS));
        assertThrows(NullPointerException.class, () -> pool.invokeAll(Arrays.asList(() -> "a", null), 1L,
                TimeUnit.SECONDS));
    }

    /** The queue view's timed offer and poll with a zero or negative timeout do not wait. */
    @BothPools
    void timedQueueOperationsWithNonPositiveTimeoutsDoNotWait(PoolKind kind) throws InterruptedException {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1));
        occupy(pool, 1);
        BlockingQueue<Runnable> queue = pool.getQueue();
        for (TimeUnit unit : TimeUnit.values()) {
            assertNull(queue.poll(Long.MIN_VALUE, unit), "empty, Long.MIN_VALUE " + unit);
            assertNull(queue.poll(0L, unit), "empty, 0 " + unit);
        }
        pool.execute(() -> { });
        for (TimeUnit unit : TimeUnit.values()) {
            assertFalse(queue.offer(() -> { }, Long.MIN_VALUE, unit), "full, Long.MIN_VALUE " + unit);
            assertFalse(queue.offer(() -> { }, -1L, unit), "full, -1 " + unit);
        }
        assertEquals(1, queue.size());
    }

    /**
     * A timed invokeAny on a saturated pool ends within its timeout, even a negative one: by a
     * TimeoutException, or by the pool's refusal; never by waiting on for room.
     */
    @BothPools
    void timedInvokeAnyOnASaturatedPoolEndsWithinItsTimeout(PoolKind kind) throws InterruptedException {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1));
        occupy(pool, 1);
        pool.execute(() -> { });
        List<Callable<String>> tasks = Arrays.asList(() -> "a", () -> "b");
        for (long timeout : new long[] {Long.MIN_VALUE, -1L, 0L, BRIEFLY_MS}) {
            Object outcome = endsWithin(() -> pool.invokeAny(tasks, timeout, TimeUnit.MILLISECONDS));
            assertTrue(outcome instanceof java.util.concurrent.TimeoutException
                    || outcome instanceof java.util.concurrent.RejectedExecutionException,
                    "timeout " + timeout + ": " + outcome);
        }
    }

    /**
     * A timed invokeAll on a saturated pool ends within its timeout: by the pool's refusal, or by
     * returning every Future done, those it could not run cancelled.
     */
    @BothPools
    void timedInvokeAllOnASaturatedPoolEndsWithinItsTimeout(PoolKind kind) throws InterruptedException {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1));
        occupy(pool, 1);
        pool.execute(() -> { });
        List<Callable<String>> tasks = Arrays.asList(() -> "a", () -> "b");
        for (long timeout : new long[] {Long.MIN_VALUE, 0L, BRIEFLY_MS}) {
            Object outcome = endsWithin(() -> pool.invokeAll(tasks, timeout, TimeUnit.MILLISECONDS));
            if (outcome instanceof List) {
                for (Object f : (List<?>) outcome) {
                    assertTrue(((java.util.concurrent.Future<?>) f).isCancelled(), "timeout " + timeout + ": " + f);
                }
            } else {
                assertTrue(outcome instanceof java.util.concurrent.RejectedExecutionException,
                        "timeout " + timeout + ": " + outcome);
            }
        }
    }

    /** Runs the call on a helper thread; its result or what it threw, within the test's patience. */
    private Object endsWithin(Callable<?> call) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread caller = startThread("timed-call", () -> {
            try {
                outcome.set(call.call());
            } catch (Exception e) {
                outcome.set(e);
            }
            done.countDown();
        });
        assertTrue(done.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS),
                () -> "the timed call still waits: " + Arrays.toString(caller.getStackTrace()));
        return outcome.get();
    }

    private static void putQuietly(BlockingQueue<Runnable> queue, Runnable task, CountDownLatch put) {
        try {
            queue.put(task);
            put.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
