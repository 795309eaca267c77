package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rejection (ThreadPoolExecutor, RejectedExecutionHandler and the JDK's four policies): a pool
 * of one busy worker and a queue of one, so the next task is rejected. The adaptive pool refuses
 * at once here (Saturation.REJECT); its default, BLOCK, would wait for room instead.
 */
class ConformanceRejectionTest extends ConformanceBase {

    /** One worker busy until the gate opens, and a full queue of one holding {@code queued}. */
    private ThreadPoolExecutor saturatedPool(PoolKind kind, Runnable queued) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1).rejecting());
        occupy(pool, 1);
        pool.execute(queued);
        assertEquals(0, pool.getQueue().remainingCapacity());
        return pool;
    }

    /** Opens the gate and waits until everything queued so far has run. */
    private void releaseAndDrain(ThreadPoolExecutor pool) {
        gate.countDown();
        await("the queue to drain", () -> pool.getQueue().isEmpty());
        CountDownLatch last = new CountDownLatch(1);
        pool.execute(last::countDown); // one worker, FIFO
        awaitLatch(last);
    }

    /** A task that records that it ran, and on which thread. */
    private static final class Probe implements Runnable {
        final AtomicReference<Thread> ranOn = new AtomicReference<>();

        @Override
        public void run() {
            ranOn.set(Thread.currentThread());
        }

        boolean ran() {
            return ranOn.get() != null;
        }
    }

    @BothPools
    void theDefaultHandlerThrowsRejectedExecutionExceptionAndThePoolGoesOn(PoolKind kind) throws Exception {
        Probe queued = new Probe();
        ThreadPoolExecutor pool = saturatedPool(kind, queued);
        Probe rejected = new Probe();

        assertThrows(RejectedExecutionException.class, () -> pool.execute(rejected));
        assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> "rejected"));

        releaseAndDrain(pool);
        assertTrue(queued.ran());
        assertFalse(rejected.ran());
        assertEquals("accepted again", pool.submit(() -> "accepted again").get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** ThreadPoolExecutor's default handler is an AbortPolicy; code saves it and sets it back. */
    @BothPools
    void theDefaultHandlerIsAnAbortPolicyAndSettingItBackKeepsTheDefault(PoolKind kind) {
        ThreadPoolExecutor pool = saturatedPool(kind, new Probe());
        RejectedExecutionHandler original = pool.getRejectedExecutionHandler();
        assertInstanceOf(ThreadPoolExecutor.AbortPolicy.class, original);
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        pool.setRejectedExecutionHandler(original);
        assertSame(original, pool.getRejectedExecutionHandler());
        Probe rejected = new Probe();

        assertThrows(RejectedExecutionException.class, () -> pool.execute(rejected));
        assertThrows(RejectedExecutionException.class, () -> original.rejectedExecution(rejected, pool));

        releaseAndDrain(pool);
        assertFalse(rejected.ran());
    }

    @BothPools
    void abortPolicyThrowsRejectedExecutionException(PoolKind kind) {
        ThreadPoolExecutor pool = saturatedPool(kind, new Probe());
        RejectedExecutionHandler abort = new ThreadPoolExecutor.AbortPolicy();
        pool.setRejectedExecutionHandler(abort);
        assertSame(abort, pool.getRejectedExecutionHandler());
        Probe rejected = new Probe();

        assertThrows(RejectedExecutionException.class, () -> pool.execute(rejected));

        releaseAndDrain(pool);
        assertFalse(rejected.ran());
    }

    @BothPools
    void callerRunsPolicyRunsTheRejectedTaskInTheSubmittingThread(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = saturatedPool(kind, new Probe());
        RejectedExecutionHandler callerRuns = new ThreadPoolExecutor.CallerRunsPolicy();
        pool.setRejectedExecutionHandler(callerRuns);
        assertSame(callerRuns, pool.getRejectedExecutionHandler());
        Probe rejected = new Probe();

        pool.execute(rejected);

        assertSame(Thread.currentThread(), rejected.ranOn.get(), "ran in the caller, before execute returned");
        Future<String> submitted = pool.submit(() -> Thread.currentThread().getName());
        assertTrue(submitted.isDone(), "a rejected submit ran in the caller");
        assertEquals(Thread.currentThread().getName(), submitted.get());
    }

    @BothPools
    void callerRunsPolicyDiscardsTasksAfterShutdown(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1).rejecting());
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
        pool.shutdown();
        Probe late = new Probe();

        pool.execute(late);

        assertFalse(late.ran(), "after shutdown the task is discarded, not run in the caller");
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertFalse(late.ran());
    }

    @BothPools
    void discardPolicyDropsTheRejectedTaskSilently(PoolKind kind) {
        Probe queued = new Probe();
        ThreadPoolExecutor pool = saturatedPool(kind, queued);
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        Probe rejected = new Probe();

        pool.execute(rejected); // no exception
        Future<String> discarded = pool.submit(() -> "never");

        releaseAndDrain(pool);
        assertTrue(queued.ran());
        assertFalse(rejected.ran());
        assertFalse(discarded.isDone(), "a discarded submit's Future never completes");
    }

    @BothPools
    void discardOldestPolicyDropsTheHeadOfTheQueueAndQueuesTheNewTask(PoolKind kind) {
        Probe oldest = new Probe();
        ThreadPoolExecutor pool = saturatedPool(kind, oldest);
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardOldestPolicy());
        Probe newest = new Probe();

        pool.execute(newest);

        assertEquals(1, pool.getQueue().size());
        assertSame(newest, pool.getQueue().peek());
        releaseAndDrain(pool);
        assertTrue(newest.ran());
        assertFalse(oldest.ran());
    }

    @BothPools
    void discardOldestPolicyDropsTasksAfterShutdown(PoolKind kind) throws Exception {
        Probe queued = new Probe();
        ThreadPoolExecutor pool = saturatedPool(kind, queued);
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardOldestPolicy());
        pool.shutdown();
        Probe late = new Probe();

        pool.execute(late); // no exception, and the queued task is left alone

        assertSame(queued, pool.getQueue().peek());
        gate.countDown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(queued.ran());
        assertFalse(late.ran());
    }

    @BothPools
    void aCustomHandlerGetsTheRejectedTaskAndThePoolAlsoAfterShutdown(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = saturatedPool(kind, new Probe());
        List<Runnable> tasks = new CopyOnWriteArrayList<>();
        List<Executor> executors = new CopyOnWriteArrayList<>();
        List<Boolean> shutDownThen = new CopyOnWriteArrayList<>();
        RejectedExecutionHandler handler = (r, executor) -> {
            tasks.add(r);
            executors.add(executor);
            shutDownThen.add(executor.isShutdown());
        };
        pool.setRejectedExecutionHandler(handler);
        assertSame(handler, pool.getRejectedExecutionHandler());
        Probe rejected = new Probe();

        pool.execute(rejected);
        Future<String> submitted = pool.submit(() -> "rejected too");

        assertEquals(2, tasks.size());
        assertSame(rejected, tasks.get(0));
        assertSame(submitted, tasks.get(1), "a rejected submit passes the Future it returns");
        releaseAndDrain(pool);
        pool.shutdown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        Probe late = new Probe();

        pool.execute(late); // the queue has room: refused for the shutdown

        assertEquals(3, tasks.size());
        assertSame(late, tasks.get(2));
        for (Executor executor : executors) {
            assertSame(pool, executor);
        }
        assertEquals(List.of(false, false, true), shutDownThen);
        assertFalse(rejected.ran());
        assertFalse(late.ran());
    }

    @BothPools
    void aHandlerThatThrowsPassesItsExceptionToTheSubmitter(PoolKind kind) {
        ThreadPoolExecutor pool = saturatedPool(kind, new Probe());
        IllegalStateException mine = new IllegalStateException("from the handler");
        pool.setRejectedExecutionHandler((r, executor) -> {
            throw mine;
        });
        assertSame(mine, assertThrows(IllegalStateException.class, () -> pool.execute(new Probe())));
    }

    @BothPools
    void setRejectedExecutionHandlerRefusesNull(PoolKind kind) {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 1).rejecting());
        assertThrows(NullPointerException.class, () -> pool.setRejectedExecutionHandler(null));
    }

    @BothPools
    void noRejectionWhileAWorkerCanStillBeAdded(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 2, 1).rejecting());
        occupy(pool, 1);
        pool.execute(new Probe()); // fills the queue
        AtomicBoolean handlerCalled = new AtomicBoolean();
        pool.setRejectedExecutionHandler((r, e) -> handlerCalled.set(true));
        CountDownLatch ranOnNewWorker = new CountDownLatch(1);

        pool.execute(ranOnNewWorker::countDown);

        awaitLatch(ranOnNewWorker);
        assertFalse(handlerCalled.get());
        assertEquals(2, pool.getPoolSize());
        assertEquals(2, pool.getLargestPoolSize());
    }
}
