package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many producers, random outcomes, shutdown at a random moment: every accepted task is processed or
 * reported dropped exactly once, every refused one got the right exception, the counters add up,
 * and no pool thread outlives termination.
 */
@Timeout(120)
class AccountingTest {
    private static final int PRODUCERS = 8;

    /** A task that knows who it is and records each run. */
    private static final class Task implements Runnable {
        final long id;
        final int outcome;
        final Map<Long, AtomicInteger> runs;

        Task(long id, int outcome, Map<Long, AtomicInteger> runs) {
            this.id = id;
            this.outcome = outcome;
            this.runs = runs;
        }

        @Override
        public void run() {
            runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            switch (outcome) {
                case 1:
                    throw new IllegalStateException("task " + id + " fails");
                case 2:
                    throw new AssertionError("task " + id + " throws an Error");
                case 3:
                    Thread.currentThread().interrupt();
                    return;
                case 4:
                    TestSupport.parkMillis(1);
                    return;
                default:
                    return;
            }
        }

        boolean fails() {
            return outcome == 1 || outcome == 2;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void everyAcceptedTaskIsProcessedOrDroppedExactlyOnce(long seed) throws Exception {
        Random random = new Random(seed);
        Saturation mode = Saturation.values()[(int) (seed % 3)];
        String name = "acct" + seed;
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name(name)
                .minWorkers(random.nextInt(3)).maxWorkers(2 + random.nextInt(6))
                .queueCapacity(1 + random.nextInt(200)).scaleUpThreshold(random.nextDouble())
                .scaleCooldown(Duration.ofMillis(random.nextInt(20))).scaleDownIdle(Duration.ofMillis(5 + random.nextInt(50)))
                .saturation(mode).maxSubmitWait(Duration.ofMillis(random.nextInt(5)))
                .threadFactory(r -> {
                    Thread t = new Thread(r, name + "-worker");
                    t.setUncaughtExceptionHandler((thread, e) -> { });
                    return t;
                })
                .build();
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<Long, Task> accepted = new ConcurrentHashMap<>();
        Map<Long, Future<?>> futures = new ConcurrentHashMap<>();
        Map<Long, Task> refused = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        AtomicInteger wrongRefusals = new AtomicInteger();
        int perProducer = 1500 + random.nextInt(1500);
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            long producerSeed = random.nextLong();
            Thread t = new Thread(() -> {
                Random r = new Random(producerSeed);
                try {
                    for (int i = 0; i < perProducer; i++) {
                        Task task = new Task(ids.incrementAndGet(), r.nextInt(5), runs);
                        int how = r.nextInt(4);
                        try {
                            if (how == 0) {
                                futures.put(task.id, pool.submit(task));
                                accepted.put(task.id, task);
                            } else if (how == 1) {
                                if (pool.tryExecute(task)) {
                                    accepted.put(task.id, task);
                                } else {
                                    refused.put(task.id, task);
                                }
                            } else if (how == 2) {
                                pool.execute(task, Duration.ofMillis(r.nextInt(3)));
                                accepted.put(task.id, task);
                            } else {
                                pool.execute(task);
                                accepted.put(task.id, task);
                            }
                        } catch (PoolSaturatedException | PoolShutdownException e) {
                            refused.put(task.id, task);
                        } catch (RejectedExecutionException e) {
                            wrongRefusals.incrementAndGet();
                            refused.put(task.id, task);
                        } catch (IllegalStateException | AssertionError e) {
                            // CALLER_RUNS: the task ran in this thread and threw here
                            accepted.put(task.id, task);
                        }
                        Thread.interrupted(); // a caller-run task may have interrupted this thread
                    }
                } finally {
                    producersDone.countDown();
                }
            }, "producer-" + p);
            producers.add(t);
            t.start();
        }
        // shut down at a random moment while producers run
        TestSupport.parkMillis(random.nextInt(40));
        List<Runnable> dropped;
        if (random.nextBoolean()) {
            ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(random.nextInt(30)));
            dropped = report.droppedTasks();
        } else {
            dropped = pool.shutdownNow();
        }
        TestSupport.awaitLatch(producersDone);
        for (Thread t : producers) {
            t.join();
        }
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "pool terminates");
        assertEquals(0, wrongRefusals.get(), "refusals are PoolSaturatedException or PoolShutdownException");

        Map<Long, Integer> droppedIds = new ConcurrentHashMap<>();
        Map<Future<?>, Long> futureIds = new ConcurrentHashMap<>();
        futures.forEach((id, f) -> futureIds.put(f, id));
        for (Runnable r : dropped) {
            Long id = r instanceof Task ? Long.valueOf(((Task) r).id) : futureIds.get(r);
            if (id == null) {
                fail("dropped something that was never submitted: " + r);
            }
            droppedIds.merge(id, 1, Integer::sum);
        }
        long failures = 0;
        for (Map.Entry<Long, Task> e : accepted.entrySet()) {
            long id = e.getKey();
            int ran = runs.containsKey(id) ? runs.get(id).get() : 0;
            int droppedTimes = droppedIds.getOrDefault(id, 0);
            if (ran + droppedTimes != 1) {
                fail("accepted task " + id + " ran " + ran + " times and was dropped " + droppedTimes + " times");
            }
            if (ran == 1 && e.getValue().fails()) {
                failures++;
            }
        }
        for (Long id : refused.keySet()) {
            assertTrue(!runs.containsKey(id), "refused task " + id + " must never run");
            assertTrue(!droppedIds.containsKey(id), "refused task " + id + " cannot be dropped");
        }
        assertEquals(ids.get(), accepted.size() + refused.size(), "every submission accepted or refused");

        PoolMetrics m = pool.metrics();
        assertEquals(accepted.size(), m.jobsSubmitted(), m.toString());
        assertEquals(runs.size(), m.jobsProcessed(), m.toString());
        assertEquals(dropped.size(), m.jobsDropped(), m.toString());
        assertEquals(refused.size(), m.jobsRejected(), m.toString());
        assertEquals(failures, m.jobsFailed(), m.toString());
        assertEquals(m.jobsSubmitted(), m.jobsProcessed() + m.jobsDropped(), "counters add up at rest");
        assertEquals(0, m.queueDepth());
        assertEquals(0, m.workers());
        assertTrue(TestSupport.threadsNamed(name + "-worker").isEmpty(), "no pool thread alive after termination");
    }
}
