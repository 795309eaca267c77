package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The contract under concurrent use: several submitters at once, and shutdown racing them.
 * Whatever the interleaving, every accepted task runs exactly once (or, after shutdownNow, is
 * returned instead), and a rejected one never runs.
 */
class ConformanceConcurrencyTest extends ConformanceBase {
    private static final int SUBMITTERS = 4;
    private static final int TASKS_EACH = 500;

    /** A task that counts how often it ran. */
    private static final class Once implements Runnable {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public void run() {
            runs.incrementAndGet();
        }
    }

    /** The first unexpected failure of a submitter thread, reported by {@link #awaitSubmitters}. */
    private final AtomicReference<Throwable> submitterFailure = new AtomicReference<>();

    /** Starts the submitters together behind a barrier; each runs its body and counts down {@code done}. */
    private void submitters(CountDownLatch done, Runnable body) {
        CyclicBarrier start = new CyclicBarrier(SUBMITTERS);
        for (int s = 0; s < SUBMITTERS; s++) {
            startThread("submitter-" + s, () -> {
                try {
                    start.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                    body.run();
                } catch (Throwable t) {
                    submitterFailure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
    }

    /** Waits for the submitters to finish, and fails with the first exception one of them threw. */
    private void awaitSubmitters(CountDownLatch done) {
        awaitLatch(done);
        if (submitterFailure.get() != null) {
            throw new AssertionError("a submitter failed", submitterFailure.get());
        }
    }

    @BothPools
    void concurrentSubmittersWithCallerRunsLoseNoTask(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 4, 16).rejecting());
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
        List<Once> tasks = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(SUBMITTERS);
        submitters(done, () -> {
            for (int i = 0; i < TASKS_EACH; i++) {
                Once task = new Once();
                tasks.add(task);
                pool.execute(task);
            }
        });
        awaitSubmitters(done);
        pool.shutdown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(SUBMITTERS * TASKS_EACH, tasks.size());
        for (Once task : tasks) {
            assertEquals(1, task.runs.get(), "every task runs exactly once");
        }
    }

    @BothPools
    void concurrentSubmittersWithAbortPolicyRunEveryAcceptedTaskOnceAndNoRejectedOne(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 4, 8).rejecting());
        List<Once> accepted = new CopyOnWriteArrayList<>();
        List<Once> rejected = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(SUBMITTERS);
        submitters(done, () -> {
            for (int i = 0; i < TASKS_EACH; i++) {
                Once task = new Once();
                try {
                    pool.execute(task);
                    accepted.add(task);
                } catch (RejectedExecutionException e) {
                    rejected.add(task);
                }
            }
        });
        awaitSubmitters(done);
        pool.shutdown();
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(SUBMITTERS * TASKS_EACH, accepted.size() + rejected.size());
        for (Once task : accepted) {
            assertEquals(1, task.runs.get(), "an accepted task runs exactly once");
        }
        for (Once task : rejected) {
            assertEquals(0, task.runs.get(), "a rejected task never runs");
        }
        assertEquals(accepted.size(), pool.getCompletedTaskCount());
    }

    @BothPools
    void shutdownRacingSubmittersRunsExactlyTheAcceptedTasks(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, SUBMITTERS * TASKS_EACH).rejecting());
        List<Once> accepted = new CopyOnWriteArrayList<>();
        List<Once> rejected = new CopyOnWriteArrayList<>();
        CountDownLatch someAccepted = new CountDownLatch(SUBMITTERS * 20);
        CountDownLatch done = new CountDownLatch(SUBMITTERS);
        submitters(done, () -> {
            for (int i = 0; i < TASKS_EACH; i++) {
                Once task = new Once();
                try {
                    pool.execute(task);
                    accepted.add(task);
                    someAccepted.countDown();
                } catch (RejectedExecutionException e) {
                    rejected.add(task);
                }
            }
        });
        awaitLatch(someAccepted);

        pool.shutdown();

        awaitSubmitters(done);
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(SUBMITTERS * TASKS_EACH, accepted.size() + rejected.size());
        for (Once task : accepted) {
            assertEquals(1, task.runs.get(), "a task accepted before shutdown runs exactly once");
        }
        for (Once task : rejected) {
            assertEquals(0, task.runs.get(), "a rejected task never runs");
        }
    }

    @BothPools
    void shutdownNowRacingSubmittersRunsOrReturnsEachAcceptedTaskExactlyOnce(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, SUBMITTERS * TASKS_EACH).rejecting());
        List<Once> accepted = new CopyOnWriteArrayList<>();
        List<Once> rejected = new CopyOnWriteArrayList<>();
        CountDownLatch someAccepted = new CountDownLatch(SUBMITTERS * 20);
        CountDownLatch done = new CountDownLatch(SUBMITTERS);
        submitters(done, () -> {
            for (int i = 0; i < TASKS_EACH; i++) {
                Once task = new Once();
                try {
                    pool.execute(task);
                    accepted.add(task);
                    someAccepted.countDown();
                } catch (RejectedExecutionException e) {
                    rejected.add(task);
                }
            }
        });
        awaitLatch(someAccepted);

        List<Runnable> returned = pool.shutdownNow();

        awaitSubmitters(done);
        assertTrue(pool.awaitTermination(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        Set<Runnable> returnedSet = Collections.newSetFromMap(new IdentityHashMap<>());
        returnedSet.addAll(returned);
        assertEquals(returned.size(), returnedSet.size(), "no task returned twice");
        for (Once task : accepted) {
            boolean wasReturned = returnedSet.remove(task);
            assertEquals(1, task.runs.get() + (wasReturned ? 1 : 0),
                    "an accepted task either ran once or was returned: ran " + task.runs.get() + ", returned " + wasReturned);
        }
        assertTrue(returnedSet.isEmpty(), () -> returnedSet.size() + " returned tasks were never accepted");
        for (Once task : rejected) {
            assertEquals(0, task.runs.get(), "a rejected task never runs");
        }
    }

    @BothPools
    void concurrentSubmitAndGetFromManyThreads(PoolKind kind) throws Exception {
        ThreadPoolExecutor pool = pool(kind, PoolSpec.of(2, 2, SUBMITTERS * TASKS_EACH));
        LongAdder sum = new LongAdder();
        CountDownLatch done = new CountDownLatch(SUBMITTERS);
        submitters(done, () -> {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < TASKS_EACH; i++) {
                int value = i;
                futures.add(pool.submit(() -> value));
            }
            for (Future<Integer> f : futures) {
                try {
                    sum.add(f.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        awaitSubmitters(done);
        assertEquals((long) SUBMITTERS * TASKS_EACH * (TASKS_EACH - 1) / 2, sum.sum());
    }
}
