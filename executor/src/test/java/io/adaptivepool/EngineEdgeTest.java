package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's edges where the JDK's pool has no counterpart (BLOCK saturation, termination
 * listeners, the accounting, a worker that never starts): waiters woken whatever happens while they
 * wake, user code that throws, and timed calls bounded by their own deadline.
 */
@Timeout(120)
class EngineEdgeTest extends HeldPoolsTest {
    private AdaptivePoolExecutor oneWorkerQueueOfOne(String name) {
        return pools.keep(AdaptivePoolExecutor.builder().name(name).minWorkers(1).maxWorkers(1).queueCapacity(1)
                .saturation(Saturation.BLOCK).build());
    }

    /** Occupies the one worker until {@code hold} opens and fills the queue of one. */
    private static void saturate(AdaptivePoolExecutor pool, CountDownLatch hold, Runnable queued) {
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            Await.quietly(hold);
        });
        TestSupport.awaitLatch(started);
        pool.execute(queued);
    }

    /**
     * Issue 22, item 1: two BLOCK submitters wait for room; the worker takes the queued task, runs it
     * and goes idle before the woken submitter gets the lock, which then hands its task to the idle
     * worker, using no room: it must pass its wake-up on, or the other waits for ever.
     */
    @Test
    void blockedSubmittersAreAllWokenWhenTheWorkerGoesIdleFirst() {
        for (int round = 0; round < 30; round++) {
            AdaptivePoolExecutor pool = oneWorkerQueueOfOne("block-" + round);
            CountDownLatch hold = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            saturate(pool, hold, ran::incrementAndGet);
            CountDownLatch submitted = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    pool.execute(ran::incrementAndGet);
                    submitted.countDown();
                }, "submitter-" + i);
                t.setDaemon(true);
                t.start();
            }
            TestSupport.await("two blocked submitters", () -> pool.metrics().blockedSubmitters() == 2);

            hold.countDown();

            TestSupport.awaitLatch(submitted);
            TestSupport.await("every task to run", () -> ran.get() == 3);
            pool.shutdown();
        }
    }

    /**
     * Issue 22, item 3: a predicate that throws part-way removes nothing; each task runs once (the
     * counts alone would not show a task lost and another run twice) and the counts stay exact.
     */
    @Test
    void removeIfWhosePredicateThrowsKeepsTheCountsExact() {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("remove-if").minWorkers(1)
                .maxWorkers(1).queueCapacity(4).build());
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger[] runs = new AtomicInteger[4];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = new AtomicInteger();
        }
        saturate(pool, hold, runs[0]::incrementAndGet);
        for (int i = 1; i < runs.length; i++) {
            pool.execute(runs[i]::incrementAndGet);
        }
        AtomicInteger tested = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> pool.getQueue().removeIf(t -> {
            int n = tested.incrementAndGet();
            if (n == 4) {
                throw new IllegalStateException("fails on the fourth");
            }
            return n == 2;
        }));
        assertEquals(0, pool.metrics().jobsDropped());
        assertEquals(4, pool.getQueue().size());
        hold.countDown();
        TestSupport.await("every task to run", () -> pool.metrics().jobsProcessed() == 5
                && pool.metrics().busyWorkers() == 0, () -> pool.metrics().toString());
        TestSupport.assertCountsBalance(pool);
        for (AtomicInteger count : runs) {
            assertEquals(1, count.get(), "each queued task ran once");
        }
    }

    /** Issue 22, item 4: a throwing sink wakes the blocked submitter and the counts stay exact. */
    @Test
    void drainToWhoseSinkThrowsWakesABlockedSubmitterAndKeepsTheCountsExact() throws Exception {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("drain").minWorkers(1).maxWorkers(1)
                .queueCapacity(2).build());
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        saturate(pool, hold, ran::incrementAndGet);
        pool.execute(ran::incrementAndGet);
        CountDownLatch submitted = new CountDownLatch(1);
        Thread submitter = new Thread(() -> {
            pool.execute(ran::incrementAndGet);
            submitted.countDown();
        }, "submitter");
        submitter.setDaemon(true);
        submitter.start();
        TestSupport.await("a blocked submitter", () -> pool.metrics().blockedSubmitters() == 1);
        List<Runnable> sink = new ArrayList<Runnable>() {
            @Override
            public boolean add(Runnable r) {
                if (size() == 1) {
                    throw new IllegalStateException("one only");
                }
                return super.add(r);
            }
        };
        assertThrows(IllegalStateException.class, () -> pool.getQueue().drainTo(sink));
        TestSupport.awaitLatch(submitted);
        assertEquals(1, pool.metrics().jobsDropped(), "the task in the sink");
        hold.countDown();
        TestSupport.await("the queued tasks to run", () -> ran.get() == 2 && pool.metrics().busyWorkers() == 0);
        TestSupport.assertCountsBalance(pool);
    }

    /**
     * Issue 22, item 5: a listener that throws a checked exception (rethrown sneakily, as other JVM
     * languages do) does not stop termination nor the listeners after it, and shutdown() does not
     * throw it.
     */
    @Test
    void aListenerThrowingACheckedExceptionDoesNotStopTermination() throws InterruptedException {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("listener").minWorkers(0).build());
        AtomicBoolean later = new AtomicBoolean();
        pool.addTerminationListener(() -> EngineEdgeTest.<RuntimeException>sneaky(new Exception("checked")));
        pool.addTerminationListener(() -> later.set(true));
        pool.shutdown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
        assertTrue(later.get(), "the listener after the throwing one ran");
        AtomicBoolean afterTermination = new AtomicBoolean();
        pool.addTerminationListener(() -> EngineEdgeTest.<RuntimeException>sneaky(new Exception("late")));
        pool.addTerminationListener(() -> afterTermination.set(true));
        assertTrue(afterTermination.get(), "a listener added after termination runs at once");
    }

    /**
     * A factory's Thread whose interrupt() throws is user code too: shutdownNow still returns the
     * queued tasks, interrupts the other workers, and the pool terminates.
     */
    @Test
    void aThreadWhoseInterruptThrowsDoesNotStopShutdownNow() throws InterruptedException {
        AtomicInteger ids = new AtomicInteger();
        ThreadFactory factory = r -> new Thread(r, "interrupt-" + ids.incrementAndGet()) {
            @Override
            public void interrupt() {
                if (getName().endsWith("-1")) {
                    throw new IllegalStateException("this thread refuses interrupts");
                }
                super.interrupt();
            }
        };
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("interrupt").minWorkers(2)
                .maxWorkers(2).queueCapacity(2).threadFactory(factory).build());
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch interrupted = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                started.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
        }
        TestSupport.awaitLatch(started);
        Runnable queued = () -> { };
        pool.execute(queued);
        List<Runnable> returned = pool.shutdownNow();
        assertEquals(Arrays.asList(queued), returned);
        TestSupport.awaitLatch(interrupted);
        release.countDown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * Issue 22, item 6: a task submitted while the only worker is still starting, whose start then
     * fails, is never left queued with no worker: it runs, or it is refused.
     */
    @Test
    void aTaskBehindAWorkerWhoseStartFailsIsNeverStranded() throws Exception {
        CountDownLatch inFactory = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ThreadFactory factory = r -> {
            if (calls.incrementAndGet() == 1) {
                inFactory.countDown();
                TestSupport.awaitLatch(fail);
            }
            throw new IllegalStateException("no threads today");
        };
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("stranded").minWorkers(0)
                .maxWorkers(2).queueCapacity(4).scaleUpThreshold(1.0).threadFactory(factory).build());
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Throwable> first = new AtomicReference<>();
        CountDownLatch firstDone = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                pool.execute(ran::incrementAndGet);
            } catch (Throwable e) {
                first.set(e);
            }
            firstDone.countDown();
        }, "first-submitter");
        t.setDaemon(true);
        t.start();
        TestSupport.awaitLatch(inFactory);
        boolean secondAccepted;
        try {
            pool.execute(ran::incrementAndGet);
            secondAccepted = true;
        } catch (RejectedExecutionException refused) {
            secondAccepted = false;
        }
        fail.countDown();
        TestSupport.awaitLatch(firstDone);
        assertTrue(first.get() instanceof PoolSaturatedException, String.valueOf(first.get()));
        pool.shutdown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "stranded: " + pool);
        PoolMetrics m = pool.metrics();
        assertEquals(secondAccepted ? 1 : 0, ran.get() + m.jobsDropped(), m.toString());
        assertEquals(0, m.queueDepth(), m.toString());
    }

    /**
     * Issue 22, item 11: a timed invokeAny on a saturated BLOCK pool ends by its deadline (a negative
     * timeout at once) with a TimeoutException, and leaves nothing of its own queued or running.
     */
    @Test
    void timedInvokeAnyBoundsItsWaitForRoomByItsTimeout() throws Exception {
        AdaptivePoolExecutor pool = oneWorkerQueueOfOne("invoke-any");
        saturate(pool, release, () -> { });
        List<Callable<String>> tasks = Arrays.asList(() -> "a", () -> "b");
        assertThrows(TimeoutException.class, () -> pool.invokeAny(tasks, -1L, TimeUnit.MILLISECONDS));
        assertThrows(TimeoutException.class, () -> pool.invokeAny(tasks, Long.MIN_VALUE, TimeUnit.DAYS));
        long start = System.nanoTime();
        assertThrows(TimeoutException.class, () -> pool.invokeAny(tasks, 50L, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "waited its timeout for room");
        assertEquals(0, pool.metrics().blockedSubmitters());
        assertEquals(1, pool.getQueue().size(), "only the task queued before");
    }

    /** Issue 22, item 11: a timed invokeAll on a saturated BLOCK pool returns by its deadline, cancelled. */
    @Test
    void timedInvokeAllBoundsItsWaitForRoomByItsTimeout() throws Exception {
        AdaptivePoolExecutor pool = oneWorkerQueueOfOne("invoke-all");
        saturate(pool, release, () -> { });
        List<Callable<String>> tasks = Arrays.asList(() -> "a", () -> "b");
        for (long timeout : new long[] {Long.MIN_VALUE, -1L, 0L, 50L}) {
            List<Future<String>> futures = pool.invokeAll(tasks, timeout, TimeUnit.MILLISECONDS);
            assertEquals(2, futures.size());
            for (Future<String> f : futures) {
                assertTrue(f.isCancelled(), "timeout " + timeout + ": " + f);
            }
        }
        assertEquals(0, pool.metrics().blockedSubmitters());
        assertEquals(1, pool.getQueue().size(), "only the task queued before");
    }

    /** Issue 22, item 11: a timed invokeAll that runs in time returns every result. */
    @Test
    void timedInvokeAllOnAPoolWithRoomReturnsEveryResult() throws Exception {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("invoke-all-ok").minWorkers(2)
                .maxWorkers(2).build());
        List<Future<String>> futures = pool.invokeAll(Arrays.asList(() -> "a", () -> "b", () -> "c"),
                20, TimeUnit.SECONDS);
        List<String> results = new ArrayList<>();
        for (Future<String> f : futures) {
            results.add(f.get());
        }
        assertEquals(Arrays.asList("a", "b", "c"), results);
        assertEquals("x", pool.invokeAny(Arrays.asList(() -> "x"), 20, TimeUnit.SECONDS));
        assertFalse(pool.isShutdown());
    }

    /** Issue 22, items 10 and 11: the queue view's put and timed offer, bounded by their own timeout. */
    @Test
    void aTimedOfferIntoAFullQueueGivesUpAtItsTimeout() throws Exception {
        AdaptivePoolExecutor pool = oneWorkerQueueOfOne("offer");
        saturate(pool, release, () -> { });
        long start = System.nanoTime();
        assertFalse(pool.getQueue().offer(() -> { }, 50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
        assertFalse(pool.getQueue().offer(() -> { }, Long.MIN_VALUE, TimeUnit.NANOSECONDS));
        assertEquals(0, pool.metrics().blockedSubmitters());
        assertFalse(pool.awaitTermination(Long.MIN_VALUE, TimeUnit.MILLISECONDS));
        assertThrows(PoolSaturatedException.class, () -> pool.execute(() -> { }, Duration.ofMillis(10)));
    }
}
