package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.adaptivepool.testing.TestDepth;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tries to break the pool the way production does: 16 producers, a million tasks, random outcomes,
 * random live retuning of every knob, random graceful or abrupt shutdowns while producers run.
 *
 * <p>Invariants, checked every round: no accepted task is lost or run twice (each is processed or
 * reported dropped exactly once); refusals are only PoolSaturatedException / PoolShutdownException;
 * counters add up; min <= workers <= max whenever the pool settles; no pool thread outlives
 * termination. A watchdog fails the test with a thread dump if the pool stops making progress.
 *
 * <p>Size: {@code -Dstress.tasks=N} (default 1,000,000 times {@link TestDepth#factor()}) and
 * {@code -Dstress.rounds=R} (default 10).
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class StressIT {
    private static final int PRODUCERS = 16;
    private static final long TASKS = Long.getLong("stress.tasks", TestDepth.times(1_000_000L));
    private static final int ROUNDS = Integer.getInteger("stress.rounds", 10);
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Test
    void aMillionTasksUnderRandomRetuningAndShutdowns() throws Exception {
        long perRound = TASKS / ROUNDS;
        Random seeds = new Random(Long.getLong("stress.seed", 20261126L));
        long processedTotal = 0;
        for (int round = 0; round < ROUNDS; round++) {
            processedTotal += round(round, seeds.nextLong(), perRound);
        }
        assertTrue(processedTotal > TASKS / 4, "most tasks were processed: " + processedTotal);
    }

    private long round(int round, long seed, long tasks) throws Exception {
        Random random = new Random(seed);
        String name = "stress" + round;
        AtomicLong uncaught = new AtomicLong();
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name(name)
                .minWorkers(1 + random.nextInt(2)).maxWorkers(4 + random.nextInt(8))
                .queueCapacity(64 + random.nextInt(2000)).scaleUpThreshold(random.nextDouble())
                .scaleCooldown(Duration.ofMillis(random.nextInt(10))).scaleDownIdle(Duration.ofMillis(5 + random.nextInt(20)))
                .saturation(Saturation.values()[random.nextInt(3)]).maxSubmitWait(Duration.ofMillis(random.nextInt(3)))
                .threadFactory(r -> {
                    Thread t = new Thread(r, name + "-worker");
                    t.setUncaughtExceptionHandler((thread, e) -> uncaught.incrementAndGet());
                    return t;
                })
                .build();
        // runs[id] counts executions; dropped[id] counts reports; accepted/refused flags per id
        int n = (int) tasks;
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        AtomicIntegerArray state = new AtomicIntegerArray(n); // 1 accepted, 2 refused
        AtomicIntegerArray outcomes = new AtomicIntegerArray(n);
        AtomicLong wrongRefusals = new AtomicLong();
        AtomicLong nextId = new AtomicLong();
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        AtomicBoolean stopTuning = new AtomicBoolean();
        AtomicReference<Throwable> tuningFailure = new AtomicReference<>();

        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            long producerSeed = random.nextLong();
            Thread producer = new Thread(() -> {
                Random r = new Random(producerSeed);
                try {
                    long id;
                    while ((id = nextId.getAndIncrement()) < n) {
                        int i = (int) id;
                        int outcome = r.nextInt(10);
                        outcomes.set(i, outcome);
                        Runnable task = () -> {
                            runs.incrementAndGet(i);
                            switch (outcome) {
                                case 0:
                                    throw new IllegalStateException("task fails");
                                case 1:
                                    throw new AssertionError("task throws an Error");
                                case 2:
                                    Thread.currentThread().interrupt();
                                    break;
                                case 3:
                                    java.util.concurrent.locks.LockSupport.parkNanos(20_000); // a short block
                                    break;
                                default:
                                    break;
                            }
                        };
                        try {
                            if (r.nextInt(8) == 0) {
                                Future<?> f = pool.submit(task);
                                state.set(i, 1);
                                if (f == null) {
                                    fail("null future");
                                }
                            } else if (r.nextBoolean()) {
                                state.set(i, pool.tryExecute(task) ? 1 : 2);
                            } else {
                                pool.execute(task);
                                state.set(i, 1);
                            }
                        } catch (PoolSaturatedException | PoolShutdownException e) {
                            state.set(i, 2);
                        } catch (java.util.concurrent.RejectedExecutionException e) {
                            wrongRefusals.incrementAndGet();
                            state.set(i, 2);
                        } catch (IllegalStateException | AssertionError e) {
                            state.set(i, 1); // CALLER_RUNS ran it here
                        }
                        Thread.interrupted();
                    }
                } finally {
                    producersDone.countDown();
                }
            }, name + "-producer-" + p);
            threads.add(producer);
        }
        Thread tuner = new Thread(() -> {
            Random r = new Random(seed ^ 0x5DEECE66DL);
            try {
                while (!stopTuning.get()) {
                    switch (r.nextInt(6)) {
                        case 0: {
                            int max = 2 + r.nextInt(12);
                            if (max >= pool.getMinWorkers()) {
                                pool.setMaxWorkers(max);
                            }
                            break;
                        }
                        case 1: {
                            int min = r.nextInt(3);
                            if (min <= pool.getMaxWorkers()) {
                                pool.setMinWorkers(min);
                            }
                            break;
                        }
                        case 2:
                            pool.setQueueCapacity(1 + r.nextInt(3000));
                            break;
                        case 3:
                            pool.setScaleUpThreshold(r.nextDouble());
                            break;
                        case 4:
                            pool.setScaleCooldown(Duration.ofMillis(r.nextInt(20)));
                            break;
                        default:
                            pool.setScaleDownIdle(Duration.ofMillis(1 + r.nextInt(50)));
                            break;
                    }
                    TestSupport.parkMillis(1 + r.nextInt(5));
                }
            } catch (IllegalArgumentException raced) {
                // min/max raced with itself: the refusal is the contract; keep tuning
                if (!raced.getMessage().contains("Workers")) {
                    tuningFailure.set(raced);
                }
            } catch (Throwable t) {
                tuningFailure.set(t);
            }
        }, name + "-tuner");
        threads.forEach(Thread::start);
        tuner.start();

        // shut down at a random moment once most submissions are in, watching for progress
        long shutdownAt = (long) (n * (0.6 + 0.4 * random.nextDouble()));
        long lastProgress = System.nanoTime();
        long lastSeen = -1;
        while (nextId.get() < shutdownAt && producersDone.getCount() > 0) {
            long seen = pool.metrics().jobsProcessed() + nextId.get();
            if (seen != lastSeen) {
                lastSeen = seen;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                fail("no progress for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s in round " + round
                        + ": " + pool.metrics() + "\n" + threadDump());
            }
            TestSupport.parkMillis(5);
        }
        stopTuning.set(true);
        tuner.join();
        // with the knobs still, the pool settles within its bounds (extra workers retire as they
        // finish their task after max is lowered; raising min starts workers at once)
        int min = pool.getMinWorkers();
        int max = pool.getMaxWorkers();
        TestSupport.await("min <= workers <= max once the knobs stop moving, round " + round, () -> {
            int workers = pool.getPoolSize();
            return min <= workers && workers <= max;
        }, () -> pool.metrics().toString());
        List<Runnable> dropped = random.nextBoolean()
                ? pool.shutdownGracefully(Duration.ofMillis(random.nextInt(200))).droppedTasks()
                : pool.shutdownNow();
        if (!producersDone.await(2, TimeUnit.MINUTES)) {
            fail("producers stuck after shutdown in round " + round + "\n" + threadDump());
        }
        if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
            fail("pool did not terminate in round " + round + ": " + pool.metrics() + "\n" + threadDump());
        }
        if (tuningFailure.get() != null) {
            throw new AssertionError("live retuning failed", tuningFailure.get());
        }
        assertEquals(0, wrongRefusals.get(), "refusals are PoolSaturatedException or PoolShutdownException");

        long accepted = 0;
        long processed = 0;
        long failed = 0;
        for (int i = 0; i < n; i++) {
            int s = state.get(i);
            int ran = runs.get(i);
            if (s == 1) {
                accepted++;
                processed += ran;
                if (ran == 1 && outcomes.get(i) <= 1) {
                    failed++;
                }
                if (ran > 1) {
                    fail("task " + i + " ran " + ran + " times in round " + round);
                }
            } else if (s == 2 && ran != 0) {
                fail("refused task " + i + " ran in round " + round);
            } else if (s == 0) {
                fail("task " + i + " was neither accepted nor refused in round " + round);
            }
        }
        PoolMetrics m = pool.metrics();
        assertEquals(accepted, processed + dropped.size(), "every accepted task processed or dropped, round " + round);
        assertEquals(accepted, m.jobsSubmitted(), m.toString());
        assertEquals(processed, m.jobsProcessed(), m.toString());
        assertEquals(dropped.size(), m.jobsDropped(), m.toString());
        assertEquals(n - accepted, m.jobsRejected(), m.toString());
        assertEquals(failed, m.jobsFailed(), m.toString());
        assertEquals(0, m.workers());
        assertTrue(TestSupport.threadsNamed(name + "-worker").isEmpty(), "no pool thread alive after termination");
        System.out.printf("round %d (%s, seed %d): accepted %d, processed %d (failed %d), dropped %d, refused %d, peak workers %d%n",
                round, pool.getSaturation(), seed, accepted, processed, failed, dropped.size(), n - accepted,
                m.peakWorkers());
        return processed;
    }

    static String threadDump() {
        StringBuilder dump = new StringBuilder("thread dump:\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(info);
        }
        return dump.toString();
    }
}
