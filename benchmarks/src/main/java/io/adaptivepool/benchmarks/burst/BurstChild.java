package io.adaptivepool.benchmarks.burst;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One contender of the burst comparison, in its own JVM (started by {@link BurstComparison}).
 *
 * <p>An open-loop generator on the main thread submits one task every {@code 1/rate} seconds for
 * {@code seconds} seconds, catching up at once when it falls behind (never slowing the schedule to
 * the executor's pace); it stops at the deadline even if it is behind. Each task allocates
 * {@code taskKb} KiB, writes one byte in every 4 KiB page, sleeps {@code sleepMs} and records its
 * latency from its scheduled arrival to its completion (so time a blocked or late generator adds
 * counts too). Then the child waits up to {@code drainSeconds} for accepted tasks to finish.
 *
 * <p>Output on stdout, one record per line ({@link KeyValues}): {@code START}, {@code STATS} every
 * second, {@code RESULT} at the end, or {@code CAP} just before it halts with
 * {@value #EXIT_THREAD_CAP} when the JVM has more than {@code maxThreads} live threads.
 */
public final class BurstChild {
    static final int EXIT_THREAD_CAP = 86;
    static final int EXIT_BAD_ARGS = 2;
    static final String CONTENDERS = "cached, virtual, fixed, adaptive, agent";

    private final String contender;
    private final long rate;
    private final long seconds;
    private final int taskBytes;
    private final long sleepMs;
    private final int workers;
    private final int minWorkers;
    private final int queue;
    private final double threshold;
    private final long drainSeconds;
    private final int maxThreads;

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();

    /** Written by the generator thread only. */
    private volatile long submitted;
    private volatile long rejected;
    private volatile long peakInFlight;
    private volatile long lagNanos;
    private volatile long maxLagNanos;
    private volatile long startNanos;
    /** Keeps the allocation observable, so no compiler drops it. */
    static volatile int sink;

    private BurstChild(Args a) {
        this.contender = a.text("contender");
        this.rate = a.longAtLeast("rate", 1);
        this.seconds = a.longAtLeast("seconds", 1);
        this.taskBytes = Math.multiplyExact(a.intAtLeast("task-kb", 1), 1024);
        this.sleepMs = a.longAtLeast("sleep-ms", 0);
        this.workers = a.intAtLeast("workers", 1);
        this.minWorkers = a.intAtLeast("min-workers", 0);
        this.queue = a.intAtLeast("queue", 1);
        this.threshold = Double.parseDouble(a.text("threshold"));
        this.drainSeconds = a.longAtLeast("drain-seconds", 0);
        this.maxThreads = a.intAtLeast("max-threads", 16);
    }

    static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("contender", null);
        d.put("rate", "1000");
        d.put("seconds", "10");
        d.put("task-kb", "500");
        d.put("sleep-ms", "20");
        d.put("workers", "100");
        d.put("min-workers", "8");
        d.put("queue", "1000");
        d.put("threshold", "0.7");
        d.put("drain-seconds", "5");
        d.put("max-threads", "3000");
        return d;
    }

    public static void main(String[] args) throws Exception {
        BurstChild child;
        try {
            child = new BurstChild(Args.parse(args, defaults()));
        } catch (IllegalArgumentException bad) {
            System.err.println("burst child: " + bad.getMessage());
            System.exit(EXIT_BAD_ARGS);
            return;
        }
        child.run();
    }

    private interface Submitter {
        /** False when the executor refused the task. */
        boolean submit(Runnable task);
    }

    private void run() throws InterruptedException {
        startWatchdog();
        ExecutorService pool;
        Submitter submitter;
        switch (contender) {
            case "cached":
            case "agent":
                pool = LegacyApp.newPool();
                submitter = executeCatching(pool);
                break;
            case "virtual":
                pool = newVirtualThreadPerTaskExecutor();
                submitter = executeCatching(pool);
                break;
            case "fixed":
                pool = Executors.newFixedThreadPool(workers);
                submitter = executeCatching(pool);
                break;
            case "adaptive": {
                AdaptivePoolExecutor adaptive = AdaptivePoolExecutor.builder().name("burst")
                        .minWorkers(minWorkers).maxWorkers(workers).queueCapacity(queue)
                        .scaleUpThreshold(threshold).saturation(Saturation.REJECT).build();
                pool = adaptive;
                submitter = adaptive::tryExecute; // fail fast, no exception per refusal
                break;
            }
            default:
                System.err.println("burst child: --contender (" + contender + ") must be one of " + CONTENDERS);
                System.exit(EXIT_BAD_ARGS);
                return;
        }
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("pool", pool.getClass().getName());
        start.put("jdk", Runtime.version().feature());
        start.put("pid", ProcessHandle.current().pid());
        emit("START", start);

        startNanos = System.nanoTime();
        Thread reporter = new Thread(this::reportEverySecond, "burst-reporter");
        reporter.setDaemon(true);
        reporter.setPriority(Thread.MAX_PRIORITY);
        reporter.start();

        generate(submitter);

        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        emit("RESULT", stats(true));
        System.out.flush();
        pool.shutdownNow();
        System.exit(0);
    }

    private static Submitter executeCatching(ExecutorService pool) {
        return task -> {
            try {
                pool.execute(task);
                return true;
            } catch (RejectedExecutionException refused) {
                return false;
            }
        };
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            System.err.println("burst child: virtual threads need JDK 21+; this is JDK " + Runtime.version());
            System.exit(EXIT_BAD_ARGS);
            throw new AssertionError(e);
        }
    }

    /** The open-loop schedule: arrival i is due at start + i / rate. */
    private void generate(Submitter submitter) {
        final long start = startNanos;
        final long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long i = 0;
        for (;;) {
            long due = start + scheduledOffsetNanos(i, rate);
            long now = System.nanoTime();
            if (due >= end || now >= end) {
                break;
            }
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            long lag = now - due;
            lagNanos = lag;
            if (lag > maxLagNanos) {
                maxLagNanos = lag;
            }
            long n = inFlight.incrementAndGet();
            if (n > peakInFlight) {
                peakInFlight = n;
            }
            boolean accepted;
            try {
                accepted = submitter.submit(new Task(due));
            } catch (RuntimeException | Error e) {
                inFlight.decrementAndGet();
                throw e;
            }
            submitted = ++i;
            if (!accepted) {
                inFlight.decrementAndGet();
                rejected++;
            }
        }
    }

    static long scheduledOffsetNanos(long index, long rate) {
        return Math.multiplyExact(index, 1_000_000_000L) / rate;
    }

    private final class Task implements Runnable {
        private final long dueNanos;

        Task(long dueNanos) {
            this.dueNanos = dueNanos;
        }

        @Override
        public void run() {
            try {
                byte[] block = new byte[taskBytes];
                for (int p = 0; p < block.length; p += 4096) {
                    block[p] = (byte) p;
                }
                Thread.sleep(sleepMs);
                sink = block[block.length - 1] + block[0];
                latency.record((System.nanoTime() - dueNanos) / 1000L);
                completed.increment();
            } catch (InterruptedException e) {
                failed.increment();
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failed.increment();
                throw e;
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void reportEverySecond() {
        long next = startNanos;
        for (;;) {
            next += TimeUnit.SECONDS.toNanos(1);
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            emit("STATS", stats(false));
        }
    }

    private Map<String, Object> stats(boolean last) {
        long offered = last ? rate * seconds
                : Math.min(offeredBy(Math.max(0, System.nanoTime() - startNanos)), rate * seconds);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("elapsedMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        m.put("offered", offered);
        m.put("submitted", submitted);
        m.put("rejected", rejected);
        m.put("completed", completed.sum());
        m.put("failed", failed.sum());
        m.put("inFlight", inFlight.get());
        m.put("peakInFlight", peakInFlight);
        m.put("p50us", latency.percentileMicros(50));
        m.put("p99us", latency.percentileMicros(99));
        m.put("maxUs", latency.maxMicros());
        m.put("avgUs", Math.round(latency.averageMicros()));
        m.put("lagMs", TimeUnit.NANOSECONDS.toMillis(lagNanos));
        m.put("maxLagMs", TimeUnit.NANOSECONDS.toMillis(maxLagNanos));
        m.put("threads", threadBean.getThreadCount());
        m.put("peakThreads", threadBean.getPeakThreadCount());
        return m;
    }

    /** Arrivals due in the first {@code elapsedNanos} of the schedule. */
    private long offeredBy(long elapsedNanos) {
        return (long) Math.ceil((double) elapsedNanos * rate / 1e9);
    }

    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            for (;;) {
                int threads = threadBean.getThreadCount();
                if (threads > maxThreads) {
                    Map<String, Object> cap = new LinkedHashMap<>();
                    cap.put("threads", threads);
                    cap.put("limit", maxThreads);
                    emit("CAP", cap);
                    if (startNanos != 0) {
                        emit("STATS", stats(false));
                    }
                    System.out.flush();
                    Runtime.getRuntime().halt(EXIT_THREAD_CAP);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }, "burst-thread-watchdog");
        watchdog.setDaemon(true);
        watchdog.setPriority(Thread.MAX_PRIORITY);
        watchdog.start();
    }

    private static synchronized void emit(String tag, Map<String, ?> values) {
        System.out.println(KeyValues.format(tag, values));
        System.out.flush();
    }
}
