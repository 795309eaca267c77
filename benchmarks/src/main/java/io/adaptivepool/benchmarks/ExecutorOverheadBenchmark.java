package io.adaptivepool.benchmarks;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-task cost of handing work to an executor: each operation submits a batch of
 * {@value #BATCH} tasks from {@code producers} threads and waits until all of them have run, so
 * the score (ops/s, one op per task) is tasks per second through the executor.
 *
 * <p>Every executor gets {@value #WORKERS} workers (for a diagnosis, another count with
 * {@code -jvmArgsAppend -Dbench.workers=N}) and a queue of {@value #CAPACITY} wherever it
 * has those knobs; a batch never exceeds the queue, so nothing is ever rejected. The JMH thread is
 * producer 1; producers 2..P are threads owned by the state, woken per batch, each submitting its
 * share. Completion is one shared countdown; the last task wakes the JMH thread.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ExecutorOverhead -p executor=adaptive,tpe-array -prof gc
 * </pre>
 *
 * <p>Tasks: {@code noop}; {@code cpu1us}, {@link Blackhole#consumeCPU} for about 1 µs (tokens:
 * {@value #CPU_TOKENS}, override with {@code -jvmArgsAppend -Dbench.cpuTokens=N}); and
 * {@code block100us}, {@code LockSupport.parkNanos(100_000)} (with the kernel's timer slack, about
 * 150 µs on Linux).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class ExecutorOverheadBenchmark {
    /** Tasks per operation. */
    public static final int BATCH = 1000;
    /** Workers of every executor that has a worker count. */
    public static final int WORKERS = 2;
    /** Queue capacity of every executor that has a bounded queue. */
    public static final int CAPACITY = 1024;
    /** Blackhole.consumeCPU tokens for about 1 µs on the reference machine (2-core VM, JDK 17). */
    public static final int CPU_TOKENS = 450;
    /** The {@code task} parameter values. */
    public static final List<String> TASKS = List.of("noop", "cpu1us", "block100us");

    @Param({"adaptive", "adaptive-nometrics", "adaptive-elastic", "tpe-array", "tpe-linked", "cached", "fjp",
            "jetty", "tomcat"})
    public String executor;

    @Param({"noop", "cpu1us", "block100us"})
    public String task;

    @Param({"1", "2", "8"})
    public int producers;

    private Contenders.Running running;
    private Executor pool;
    private Runnable work;
    private Producer[] helpers;
    private int ownShare;

    /** Tasks of the batch in flight not yet run; the task that brings it to 0 unparks {@link #waiter}. */
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Thread waiter;
    /** Bumped once per batch to wake the helper producers. */
    private volatile int generation;
    private volatile boolean stopping;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (producers < 1 || producers > BATCH) {
            throw new IllegalArgumentException("producers (" + producers + ") must be in [1, " + BATCH + "]");
        }
        work = task(task);
        int workers = Integer.getInteger("bench.workers", WORKERS);
        if (workers < 1) {
            throw new IllegalArgumentException("bench.workers (" + workers + ") must be >= 1");
        }
        running = Contenders.start(executor, workers, CAPACITY);
        pool = running.executor();
        int share = BATCH / producers;
        ownShare = BATCH - share * (producers - 1);
        helpers = new Producer[producers - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Producer(share, "bench-producer-" + (i + 2));
            helpers[i].start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stopping = true;
        for (Producer p : helpers) {
            LockSupport.unpark(p);
            p.join(10_000);
        }
        running.stopper().close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batch() {
        waiter = Thread.currentThread();
        remaining.set(BATCH);
        if (helpers.length > 0) {
            generation++;
            for (Producer p : helpers) {
                LockSupport.unpark(p);
            }
        }
        final Executor e = pool;
        final Runnable r = work;
        for (int i = ownShare; i > 0; i--) {
            e.execute(r);
        }
        while (remaining.get() != 0) {
            LockSupport.park(this);
        }
    }

    private void done() {
        if (remaining.decrementAndGet() == 0) {
            LockSupport.unpark(waiter);
        }
    }

    private Runnable task(String name) {
        switch (name) {
            case "noop":
                return this::done;
            case "cpu1us": {
                final long tokens = Long.getLong("bench.cpuTokens", CPU_TOKENS);
                return () -> {
                    Blackhole.consumeCPU(tokens);
                    done();
                };
            }
            case "block100us":
                return () -> {
                    LockSupport.parkNanos(100_000L);
                    done();
                };
            default:
                throw new IllegalArgumentException("task '" + name + "' is not one of " + TASKS);
        }
    }

    /** A producer thread owned by the state: submits its share each time {@link #generation} moves. */
    private final class Producer extends Thread {
        private final int share;

        Producer(int share, String name) {
            super(name);
            this.share = share;
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0; // the generation before the first batch: set up before any batch runs
            final Executor e = pool;
            final Runnable r = work;
            for (;;) {
                int g;
                while ((g = generation) == seen) {
                    if (stopping) {
                        return;
                    }
                    LockSupport.park(this);
                }
                seen = g;
                for (int i = share; i > 0; i--) {
                    e.execute(r);
                }
            }
        }
    }
}
