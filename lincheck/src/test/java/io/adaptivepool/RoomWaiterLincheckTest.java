package io.adaptivepool;

import static io.adaptivepool.LincheckThreads.concurrently;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adaptivepool.LincheckThreads.Body;
import io.adaptivepool.testing.TestDepth;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

/**
 * Lincheck's model checker on the waits for room of a real {@link PoolEngine}: one worker (min =
 * max = 1, so its idle wait is untimed, see {@link WorkerBoundLincheckTest}), a queue of one, and
 * two submitters that wait for room without a limit, as BLOCK mode and {@code getQueue().put} do.
 * The worker takes the queued task, which wakes one waiter, and may run it and go idle before that
 * waiter gets the lock; the waiter then hands its task to the idle worker, using no room, and must
 * pass its wake-up on. Lincheck explores where each thread runs, waits and is woken, and reports
 * threads all left waiting (a lost wake-up) as a hang, with the interleaving. Every accepted task
 * must run. (On the engine before the fix, both scenarios hung within their invocations.)
 */
class RoomWaiterLincheckTest {
    private static final int INVOCATIONS = TestDepth.times(100);

    /** A pool of one worker and a queue of one, whose worker threads the model checker controls. */
    static final class Subject {
        final WorkerThreads threads = new WorkerThreads("room-worker");
        final AtomicInteger ran = new AtomicInteger();
        final PoolEngine engine;

        Subject() {
            Settings s = new Settings(1, 1, 1, 1.0, Duration.ZERO, Duration.ofMillis(1), false, 0,
                    Duration.ofSeconds(1));
            engine = new PoolEngine("room", s, threads, false, System::nanoTime);
            if (!engine.prestartCoreWorker()) {
                throw new AssertionError("the test's thread factory never fails");
            }
        }

        /** A submission as {@code execute} makes it in BLOCK mode with no limit on the wait. */
        void submitBlocking() throws InterruptedException {
            submitBlocking(ran::incrementAndGet);
        }

        void submitBlocking(Runnable task) throws InterruptedException {
            Admission a = engine.admit(task, 0L, -1L, true);
            if (a.toStart != null) {
                if (engine.startAll(a.toStart) != null) {
                    throw new AssertionError("the test's thread factory never fails");
                }
            } else if (a != Admission.ACCEPTED) {
                throw new AssertionError("a blocking submission ended without its task accepted");
            }
        }

        /**
         * Occupies the worker with a task that waits on the returned gate, and queues one more task:
         * the queue of one is full. Returns the gate.
         */
        CountDownLatch saturate() {
            CountDownLatch gate = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            try {
                submitBlocking(() -> {
                    started.countDown();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError("the held task was interrupted", e);
                    }
                    ran.incrementAndGet();
                });
                started.await();
                submitBlocking();
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted while saturating the pool", e);
            }
            return gate;
        }

        /** A {@code put} through the queue's face, as the usual put-back rejection handler makes it. */
        void put() throws InterruptedException {
            engine.queue.put(ran::incrementAndGet);
        }

        void shutdownAndJoin() {
            engine.shutdown();
            threads.joinAll();
        }
    }

    /**
     * The worker runs a task held by a gate, a second task is queued (the queue is full), two
     * blocked submitters wait for room, and a third thread opens the gate: the worker takes the
     * queued task, which wakes one submitter, and may run it and go idle before that submitter
     * gets the lock. Both submitters must get their task run.
     */
    @Test
    void blockedSubmittersAreAllWoken() {
        everyTaskRunsWhenTwoWait(p -> p::submitBlocking);
    }

    /** The same with {@code getQueue().put}, as the usual put-back rejection handler makes it. */
    @Test
    void putsAreAllWoken() {
        everyTaskRunsWhenTwoWait(p -> p::put);
    }

    /** Saturates a fresh pool; two threads wait for room by {@code waiter} while a third opens the gate. */
    private static void everyTaskRunsWhenTwoWait(Function<Subject, Body> waiter) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Subject p = new Subject();
            try {
                CountDownLatch gate = p.saturate();
                Body waits = waiter.apply(p);
                concurrently(waits, waits, gate::countDown);
            } finally {
                p.shutdownAndJoin(); // also on failure: the model checker waits for every thread it saw start
            }
            assertEquals(4, p.ran.get(), "every accepted task ran");
        });
    }
}
