package io.adaptivepool;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ScratchRoomTest {
    @Test
    void room() throws Exception {
        int rounds = Integer.getInteger("rounds", 200);
        for (int round = 0; round < rounds; round++) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("r" + round).minWorkers(rnd.nextInt(2))
                    .maxWorkers(1).queueCapacity(1).scaleCooldown(Duration.ZERO)
                    .scaleDownIdle(Duration.ofNanos(1 + rnd.nextInt(100_000))).saturation(Saturation.BLOCK).build();
            pool.allowCoreThreadTimeOut(rnd.nextBoolean());
            int producers = 4;
            int each = 400;
            AtomicLong ran = new AtomicLong();
            AtomicLong accepted = new AtomicLong();
            CountDownLatch done = new CountDownLatch(producers);
            Thread[] ps = new Thread[producers];
            for (int p = 0; p < producers; p++) {
                int kind = p;
                ps[p] = new Thread(() -> {
                    try {
                        for (int i = 0; i < each; i++) {
                            Runnable task = () -> {
                                if ((ran.get() & 15) == 0) {
                                    long end = System.nanoTime() + 5_000;
                                    while (System.nanoTime() < end) {
                                        Thread.onSpinWait();
                                    }
                                }
                                ran.incrementAndGet();
                            };
                            try {
                                if (kind == 0) {
                                    pool.getQueue().put(task);
                                    accepted.incrementAndGet();
                                } else if (kind == 1) {
                                    if (pool.getQueue().offer(task, rnd.nextInt(50), TimeUnit.MICROSECONDS)) {
                                        accepted.incrementAndGet();
                                    }
                                } else if (kind == 2) {
                                    pool.execute(task, Duration.ofNanos(rnd.nextInt(50_000)));
                                    accepted.incrementAndGet();
                                } else {
                                    pool.execute(task);
                                    accepted.incrementAndGet();
                                }
                            } catch (InterruptedException | RejectedExecutionException e) {
                                Thread.interrupted();
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
                ps[p].setDaemon(true);
                ps[p].start();
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread interrupter = new Thread(() -> {
                while (!stop.get()) {
                    ps[ThreadLocalRandom.current().nextInt(producers)].interrupt();
                    for (int i = 0; i < 50; i++) Thread.yield();
                }
            });
            interrupter.setDaemon(true);
            interrupter.start();
            boolean ok = done.await(20, TimeUnit.SECONDS);
            stop.set(true);
            interrupter.join();
            if (!ok) {
                StringBuilder sb = new StringBuilder("round " + round + " hung: " + pool.metrics() + " idle=" + pool.engine.idle.size()
                        + " fresh=" + pool.engine.fresh.size() + " roomWaiters=" + pool.engine.queue.roomWaiters());
                for (Thread t : ps) {
                    sb.append("\n").append(t.getState());
                    for (StackTraceElement e : t.getStackTrace()) sb.append("\n  ").append(e);
                }
                throw new AssertionError(sb.toString());
            }
            pool.shutdown();
            if (!pool.awaitTermination(20, TimeUnit.SECONDS)) {
                throw new AssertionError("round " + round + " no termination " + pool.metrics());
            }
            if (ran.get() != accepted.get()) {
                throw new AssertionError("round " + round + " ran " + ran.get() + " accepted " + accepted.get() + " " + pool.metrics());
            }
        }
    }
}
