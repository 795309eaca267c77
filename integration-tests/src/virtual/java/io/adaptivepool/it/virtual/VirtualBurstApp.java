package io.adaptivepool.it.virtual;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A Java 21 app: a burst of tasks thrown at {@code Executors.newVirtualThreadPerTaskExecutor()},
 * each allocating a payload and holding it while it waits 50 ms. Arguments:
 * {@code <tasks> <payload KB>}. Prints {@code pool.class}, {@code pool.tpe}, {@code running.peak}
 * (most tasks running at once), {@code virtual} (every task ran on a virtual thread),
 * {@code own.threads} (every task ran on a thread no other task ran on), {@code carried}
 * (tasks that found a thread-local of an earlier task), {@code completed},
 * and {@code oom=true} with exit code 3 if a task or the producer ran out of heap.
 */
public final class VirtualBurstApp {
    private static final ThreadLocal<String> LEFT_BEHIND = new ThreadLocal<>();

    public static void main(String[] args) throws Exception {
        int tasks = Integer.parseInt(args[0]);
        int payload = Integer.parseInt(args[1]) * 1024;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger runningPeak = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger notVirtual = new AtomicInteger();
        AtomicInteger carried = new AtomicInteger();
        var threadIds = java.util.concurrent.ConcurrentHashMap.<Long>newKeySet();
        AtomicInteger reused = new AtomicInteger();
        AtomicInteger outOfMemory = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(tasks);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("pool.class=" + pool.getClass().getName());
            System.out.println("pool.tpe=" + (pool instanceof ThreadPoolExecutor));
            for (int i = 0; i < tasks; i++) {
                pool.execute(() -> {
                    try {
                        byte[] data = new byte[payload];
                        runningPeak.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread me = Thread.currentThread();
                        if (!me.isVirtual()) {
                            notVirtual.incrementAndGet();
                        }
                        if (!threadIds.add(me.threadId())) {
                            reused.incrementAndGet();
                        }
                        if (LEFT_BEHIND.get() != null) {
                            carried.incrementAndGet();
                        }
                        LEFT_BEHIND.set("task");
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                        data[data.length - 1] = 1;
                        running.decrementAndGet();
                        completed.incrementAndGet();
                    } catch (OutOfMemoryError e) {
                        outOfMemory.incrementAndGet();
                    } finally {
                        finished.countDown();
                    }
                });
            }
            finished.await(120, TimeUnit.SECONDS);
        } catch (OutOfMemoryError e) {
            try {
                System.out.println("oom=true");
                System.out.flush();
            } finally {
                Runtime.getRuntime().halt(3);
            }
        }
        System.out.println("running.peak=" + runningPeak.get());
        System.out.println("virtual=" + (notVirtual.get() == 0));
        System.out.println("own.threads=" + (reused.get() == 0));
        System.out.println("carried=" + carried.get());
        System.out.println("completed=" + completed.get());
        System.out.println("oom=" + (outOfMemory.get() > 0));
        System.out.flush();
        if (outOfMemory.get() > 0) {
            System.exit(3);
        }
    }
}
