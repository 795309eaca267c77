package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hostile probes of the {@code getQueue()} view where the JDK's pool (over an ArrayBlockingQueue)
 * shows the contract: a predicate asked once per queued position, and an untimed {@code offer},
 * which does not wait, unaffected by the caller's interrupt.
 */
class HostileConformanceTest extends ConformanceBase {

    /**
     * The same Runnable queued twice (a "flush" task executed again and again) is two queued
     * tasks. A stateful predicate that matches only the first of them removes only that one: the
     * other is kept, and runs. (A removal that remembers the matched tasks by identity removes
     * every occurrence of a matched task, and the one the predicate kept is lost.)
     */
    @BothPools
    void removeIfRemovesOnlyTheQueuedPositionsItsPredicateMatched(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 4));
        occupy(pool, 1);
        AtomicInteger runs = new AtomicInteger();
        Runnable flush = runs::incrementAndGet;
        pool.execute(flush);
        pool.execute(flush);
        assertEquals(2, pool.getQueue().size());

        AtomicInteger matched = new AtomicInteger();
        assertTrue(pool.getQueue().removeIf(t -> t == flush && matched.getAndIncrement() == 0),
                "the first occurrence matched");

        assertEquals(2, matched.get(), "the predicate is asked once per queued task");
        assertEquals(1, pool.getQueue().size(), "the occurrence the predicate kept is still queued");
        gate.countDown();
        await("the kept occurrence to run", () -> runs.get() >= 1);
        awaitQuiescent(pool);
        assertEquals(1, runs.get(), "one occurrence removed, the other run once");
    }

    /**
     * {@code offer(e)} does not wait, so it is not interruptible: a thread whose interrupt is
     * pending (a rejection handler running on an interrupted submitter, say) still queues the task
     * when there is room, and keeps its interrupt. {@code add} likewise does not answer "queue
     * full" for a queue with room.
     */
    @BothPools
    void anUntimedOfferOnAnInterruptedThreadQueuesTheTaskAndKeepsTheInterrupt(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 4));
        occupy(pool, 1);
        AtomicInteger runs = new AtomicInteger();

        Thread.currentThread().interrupt();
        boolean offered = pool.getQueue().offer(runs::incrementAndGet);
        boolean stillInterrupted = Thread.interrupted(); // cleared here, before any assertion
        assertTrue(offered, "offer with room answers true whatever the caller's interrupt");
        assertTrue(stillInterrupted, "the caller's interrupt is kept");

        Thread.currentThread().interrupt();
        try {
            pool.getQueue().add(runs::incrementAndGet); // "Queue full" would be an IllegalStateException
        } finally {
            stillInterrupted = Thread.interrupted();
        }
        assertTrue(stillInterrupted, "the caller's interrupt is kept");
        assertEquals(2, pool.getQueue().size());
        gate.countDown();
        await("both tasks to run", () -> runs.get() == 2);
        awaitQuiescent(pool);
    }

    /**
     * A keep-alive of {@code Long.MAX_VALUE} nanoseconds (the usual "never time out" idiom of
     * {@code new ThreadPoolExecutor(core, max, Long.MAX_VALUE, NANOSECONDS, queue)}) keeps the
     * workers above core for ever: an idle deadline computed as {@code idleSince + keepAlive}
     * overflows, and must not read as "already passed".
     */
    @BothPools
    void aKeepAliveOfLongMaxValueNeverRetiresAWorker(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 2, 1).keepAlive(Duration.ofNanos(Long.MAX_VALUE)));
        occupy(pool, 1); // the core worker
        pool.execute(blocker(new CountDownLatch(1))); // queued
        CountDownLatch second = new CountDownLatch(1);
        pool.execute(blocker(second)); // a second worker, the queue being full
        awaitLatch(second);
        assertEquals(2, pool.getPoolSize());
        gate.countDown();
        awaitQuiescent(pool);

        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * BRIEFLY_MS);
        while (System.nanoTime() - end < 0) { // a short look: that nothing retires
            assertEquals(2, pool.getPoolSize(), "a worker retired although the keep-alive is for ever");
            Thread.yield();
        }
    }
}
