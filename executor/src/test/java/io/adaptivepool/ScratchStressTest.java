package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScratchStressTest {
    static final class Task implements Runnable {
        final int id;
        final AtomicIntegerArray runs;
        Task(int id, AtomicIntegerArray runs) { this.id = id; this.runs = runs; }
        public void run() { if (id % 5 == 0) { long end = System.nanoTime() + 20_000; while (System.nanoTime() < end) { Thread.onSpinWait(); } } runs.incrementAndGet(id); }
        void steal() { runs.incrementAndGet(id); }
    }
    @Test
    void stress() throws Exception {
        int rounds = Integer.getInteger("rounds", 200);
        for (int round = 0; round < rounds; round++) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            int max = 1 + rnd.nextInt(2);
            AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("s" + round).minWorkers(rnd.nextInt(max + 1))
                    .maxWorkers(max).queueCapacity(1 + rnd.nextInt(2)).scaleUpThreshold(rnd.nextBoolean() ? 1.0 : 0.5)
                    .scaleCooldown(Duration.ZERO).scaleDownIdle(Duration.ofNanos(1 + rnd.nextInt(200_000)))
                    .saturation(Saturation.BLOCK).stallWorkers(rnd.nextInt(2)).build();
            pool.allowCoreThreadTimeOut(rnd.nextBoolean());
            int producers = 3;
            int perProducer = 300;
            AtomicIntegerArray runs = new AtomicIntegerArray(producers * perProducer);
            CountDownLatch done = new CountDownLatch(producers);
            AtomicBoolean stop = new AtomicBoolean();
            Thread[] ps = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                boolean viaPut = p == 0;
                ps[p] = new Thread(() -> {
                    try {
                        for (int i = 0; i < perProducer; i++) {
                            int id = base + i;
                            Runnable task = new Task(id, runs);
                            for (;;) {
                                try {
                                    if (viaPut && (i & 1) == 0) {
                                        pool.getQueue().put(task);
                                    } else {
                                        pool.execute(task);
                                    }
                                    break;
                                } catch (InterruptedException | RejectedExecutionException e) {
                                    Thread.interrupted();
                                }
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
                ps[p].setDaemon(true);
                ps[p].start();
            }
            Thread tuner = new Thread(() -> {
                while (!stop.get()) {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    try {
                        switch (r.nextInt(5)) {
                            case 0: pool.setMaxWorkers(Math.max(pool.getMinWorkers(), 1 + r.nextInt(3))); break;
                            case 1: pool.setMinWorkers(Math.min(pool.getMaxWorkers(), r.nextInt(3))); break;
                            case 2: pool.setQueueCapacity(1 + r.nextInt(3)); break;
                            case 3: pool.allowCoreThreadTimeOut(r.nextBoolean()); break;
                            default: pool.setScaleUpThreshold(r.nextBoolean() ? 1.0 : 0.0);
                        }
                    } catch (IllegalArgumentException ignored) {
                    }
                    int op = r.nextInt(20);
                    if (op == 0) {
                        java.util.List<Runnable> sink = new java.util.ArrayList<>();
                        pool.getQueue().drainTo(sink, 1);
                        for (Runnable t : sink) ((Task) t).steal();
                    } else if (op == 1) {
                        Runnable t = pool.getQueue().poll();
                        if (t != null) ((Task) t).steal();
                    } else if (op == 2) {
                        pool.getQueue().removeIf(t -> { if (((Task) t).id % 7 == 0) { ((Task) t).steal(); return true; } return false; });
                    } else if (op == 3) {
                        ps[r.nextInt(ps.length)].interrupt();
                    }
                    Thread.yield();
                }
            });
            tuner.setDaemon(true);
            tuner.start();
            boolean ok = done.await(20, TimeUnit.SECONDS);
            stop.set(true);
            if (!ok) {
                StringBuilder sb = new StringBuilder("round " + round + " hung: " + pool.metrics() + " idleW=" + pool.engine.idle.size() + " fresh=" + pool.engine.fresh.size());
                for (Thread t : ps) {
                    sb.append("\n").append(t.getState());
                    for (StackTraceElement e : t.getStackTrace()) sb.append("\n  ").append(e);
                }
                throw new AssertionError(sb.toString());
            }
            tuner.join();
            if (rnd.nextBoolean()) {
                for (Runnable t : pool.shutdownNow()) ((Task) t).steal();
            } else {
                pool.shutdown();
            }
            if (!pool.awaitTermination(20, TimeUnit.SECONDS)) {
                throw new AssertionError("round " + round + " no termination " + pool.metrics());
            }
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "round " + round + " task " + i);
            }
            tuner.join();
        }
    }
}
