package io.adaptivepool;

import static io.adaptivepool.LincheckThreads.concurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.TestDepth;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's model checker on the worker bound of a real {@link PoolEngine}: its worker threads are
 * made by a plain thread factory inside the test, so the model checker controls them as it
 * controls the submitters, and explores where each of them runs, waits, takes a hand-off, leaves
 * and is woken. The engine is driven directly, as {@link AdaptivePoolExecutor} drives it (admit,
 * then start the reserved workers), without the executor's process-wide {@link StallWatch} thread,
 * which the model checker could not control. The stall guard is off (stallWorkers 0), so the bound
 * is {@code maxWorkers} alone.
 *
 * <p>The invariant, checked by an observer under the pool's lock at points the model checker
 * chooses: the count of workers grows only by reservations, and a reservation never takes it past
 * the {@code maxWorkers} in force. A lowered max is applied by workers leaving at their next look
 * (a busy worker finishes its task first), so the count may stay above a freshly lowered max; it
 * may not grow there. So between two observations the count is at most the larger of the count
 * seen before and every max in force since.
 *
 * <p>The model checker freezes the clock ({@code System.nanoTime} does not advance under it), so
 * idle retirement cannot happen here, and an idle worker above the floor, whose wait is timed,
 * would spin through its timed waits (which Lincheck may report as a hang). So no worker here is
 * idle above the floor: the first scenario has min = max (idle workers wait untimed, and take
 * hand-offs), the second runs tasks that wait on a gate opened only after shutdown. Idle
 * retirement, with time running, is {@link WorkerBoundStressTest}'s part.
 *
 * <p>Reading a failure: a hang of the engine (threads all waiting on the pool's lock, a condition, a
 * latch or a join, with no one left to wake them) is seen by the model checker, which reports
 * "= Concurrent test has hung =" with the interleaving that led there. The same title with no
 * interleaving is Lincheck 3.7's runner timeout instead: one invocation took longer than 30 s of
 * wall time (a fixed default that runConcurrentTest does not expose), and Lincheck does not replay a
 * timeout to collect its trace. That was once seen here on a machine at load 10-13 on 2 cores, with
 * 300 invocations per scenario, and never reproduced; the invocations are fewer now (100, scaled by
 * {@link TestDepth}) to keep the time, and the exposure to that timeout, down.
 */
class WorkerBoundLincheckTest {
    private static final int INVOCATIONS = TestDepth.times(100);

    /** The pool, its worker threads, and the observer's memory; all of it is made anew per invocation. */
    static final class Subject {
        final WorkerThreads threads = new WorkerThreads("bound-worker");
        final AtomicInteger ran = new AtomicInteger();
        final PoolEngine engine;
        /** Guarded by the engine's lock: the count at the last observation. */
        int lastWorkers;
        /** Guarded by the engine's lock: the highest max in force since the last observation. */
        int highestMax;

        /** Tasks wait on it when gated; opened after shutdown. */
        final CountDownLatch gate = new CountDownLatch(1);
        private final boolean gated;

        Subject(int minWorkers, int maxWorkers, boolean gated) {
            this.gated = gated;
            Settings s = new Settings(minWorkers, maxWorkers, 1, 0.0, Duration.ZERO, Duration.ofMillis(1), false, 0,
                    Duration.ofSeconds(1));
            engine = new PoolEngine("bound", s, threads, false, System::nanoTime);
            highestMax = maxWorkers;
        }

        private void task() {
            if (gated) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new AssertionError("a task was interrupted", e);
                }
            }
            ran.incrementAndGet();
        }

        /** A submission as {@code execute} makes it in REJECT mode: true if accepted. */
        boolean submit() throws InterruptedException {
            Admission a = engine.admit(this::task, 0L, 0L, true);
            if (a.toStart != null) {
                if (engine.startAll(a.toStart) != null) {
                    throw new AssertionError("the test's thread factory never fails");
                }
                return true;
            }
            return a == Admission.ACCEPTED;
        }

        /** Changes max under the lock, and notes it for the observer in the same critical section. */
        void setMaxWorkers(int max) {
            engine.changeSettings(old -> {
                highestMax = Math.max(highestMax, max);
                return old.withMaxWorkers(max);
            });
        }

        void observe() {
            engine.lock.lock();
            try {
                int n = engine.workers();
                int bound = Math.max(lastWorkers, highestMax);
                if (n > bound) {
                    throw new AssertionError(n + " workers: grew past max (" + highestMax
                            + " the highest in force since the last look, when there were " + lastWorkers + ")");
                }
                lastWorkers = n;
                highestMax = engine.settings().maxWorkers;
            } finally {
                engine.lock.unlock();
            }
        }

        /** Shuts down, waits for every worker thread, and returns how many tasks were accepted in all. */
        void shutdownAndJoin() {
            engine.shutdown();
            gate.countDown();
            threads.joinAll();
            if (engine.workers() != 0) {
                throw new AssertionError(engine.workers() + " workers after every worker thread ended");
            }
        }
    }

    /** Three submitters at min = max = 2, idle workers taking hand-offs: never a third worker. */
    @Test
    void submissionsNeverPassMax() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Subject p = new Subject(2, 2, false);
            AtomicInteger accepted = new AtomicInteger();
            try {
                concurrently(
                        () -> {
                            for (int i = 0; i < 2; i++) {
                                if (p.submit()) {
                                    accepted.incrementAndGet();
                                }
                            }
                        },
                        () -> {
                            if (p.submit()) {
                                accepted.incrementAndGet();
                            }
                            p.observe();
                        },
                        () -> {
                            for (int i = 0; i < 3; i++) {
                                p.observe();
                            }
                        });
            } finally {
                p.shutdownAndJoin(); // also on failure: the model checker waits for every thread it saw start
            }
            assertTrue(p.engine.stats.peak() <= 2, "peak workers " + p.engine.stats.peak() + " above max 2");
            assertEquals(accepted.get(), p.ran.get(), "every accepted task ran");
        });
    }

    /**
     * Eager from no worker (min 0, threshold 0), max lowered to 1 and raised to 2 again while tasks
     * arrive and queue; the raise starts a worker for the queued task, if the count allows.
     */
    @Test
    void maxLoweredAndRaisedLive() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Subject p = new Subject(0, 2, true);
            AtomicInteger accepted = new AtomicInteger();
            try {
                concurrently(
                        () -> {
                            for (int i = 0; i < 2; i++) {
                                if (p.submit()) {
                                    accepted.incrementAndGet();
                                }
                                p.observe();
                            }
                        },
                        () -> {
                            p.setMaxWorkers(1);
                            p.observe();
                            if (p.submit()) {
                                accepted.incrementAndGet();
                            }
                            p.setMaxWorkers(2);
                        },
                        () -> {
                            for (int i = 0; i < 3; i++) {
                                p.observe();
                            }
                        });
                p.observe();
            } finally {
                p.shutdownAndJoin();
            }
            assertTrue(p.engine.stats.peak() <= 2, "peak workers " + p.engine.stats.peak() + " above max 2");
            assertEquals(accepted.get(), p.ran.get(), "every accepted task ran");
        });
    }
}
