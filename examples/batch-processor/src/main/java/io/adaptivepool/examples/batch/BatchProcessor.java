package io.adaptivepool.examples.batch;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import io.adaptivepool.PoolSaturatedException;
import io.adaptivepool.Saturation;
import io.adaptivepool.ShutdownReport;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Processes a batch of records on an {@link AdaptivePoolExecutor} that scales between 2 and
 * {@code --max-workers} (default 16) workers, with a queue of {@code --queue} (default 1000) and
 * explicit backpressure: the pool refuses work when its queue is full ({@link Saturation#REJECT}),
 * and the producer backs off (0.25 ms, doubling to 16 ms) and retries.
 *
 * <pre>
 * java -jar batch-processor.jar [--items N] [--max-workers N] [--queue N]
 * </pre>
 *
 * <p>Each record takes about 0.2-1.8 ms (a little CPU, mostly waiting, as a call to another service
 * would); every 1000th record is malformed and fails. On a terminal a progress bar is redrawn in
 * place; otherwise a status line is printed every 2 seconds. The run ends with a summary, and a
 * machine-readable line:
 * <pre>
 * SUMMARY items=N processed=N failed=N unaccounted=N retried_items=N rejections=N
 *         throughput_per_s=N avg_latency_ms=X avg_exec_ms=X peak_workers=N elapsed_ms=N
 * </pre>
 * Exit status: 0 when every item is accounted for (processed or failed), 1 when not, 2 for bad
 * options.
 */
public final class BatchProcessor {
    static final String USAGE = "usage: java -jar batch-processor.jar [--items N] [--max-workers N] [--queue N]";
    /** Every FAILURE_EVERY-th record is malformed. */
    static final int FAILURE_EVERY = 1000;
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(16);

    private final Options options;
    private final PrintStream out;
    private final boolean terminal;
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final LongAdder rejections = new LongAdder();
    private final LongAdder retriedItems = new LongAdder();
    private AdaptivePoolExecutor pool;

    BatchProcessor(Options options, PrintStream out, boolean terminal) {
        this.options = options;
        this.out = out;
        this.terminal = terminal;
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("batch-processor: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }
        System.exit(new BatchProcessor(options, System.out, isTerminal()).run());
    }

    /** Runs the batch and prints the summary; returns the exit status. */
    int run() throws InterruptedException {
        int minWorkers = Math.min(2, options.maxWorkers);
        pool = AdaptivePoolExecutor.builder()
                .name("batch")
                .minWorkers(minWorkers)
                .maxWorkers(options.maxWorkers)
                .queueCapacity(options.queue)
                .scaleCooldown(Duration.ofMillis(250))
                .scaleDownIdle(Duration.ofSeconds(2))
                .saturation(Saturation.REJECT)
                .build();
        out.printf(Locale.ROOT, "batch-processor: %,d items, workers %d..%d, queue %d%n",
                options.items, minWorkers, options.maxWorkers, options.queue);

        long start = System.nanoTime();
        Progress progress = new Progress(options.items, start);
        Thread reporter = new Thread(() -> report(progress), "batch-progress");
        reporter.setDaemon(true);
        reporter.start();

        for (int id = 0; id < options.items; id++) {
            submit(new Item(id));
        }
        ShutdownReport shutdown = pool.shutdownGracefully(Duration.ofMinutes(10));
        long elapsedNanos = System.nanoTime() - start;
        reporter.interrupt();
        reporter.join();
        printProgress(progress, true);

        PoolMetrics m = pool.metrics();
        long ok = succeeded.sum();
        long bad = failed.sum();
        long unaccounted = options.items - ok - bad;
        double seconds = elapsedNanos / 1e9;
        double throughput = seconds > 0 ? (ok + bad) / seconds : 0;
        double avgLatencyMs = ok + bad > 0 ? latencyNanos.sum() / 1e6 / (ok + bad) : 0;
        double avgExecMs = m.jobDuration().count() > 0 ? m.jobDuration().sumSeconds() * 1e3 / m.jobDuration().count() : 0;
        double avgWaitMs = m.queueWait().count() > 0 ? m.queueWait().sumSeconds() * 1e3 / m.queueWait().count() : 0;

        out.printf(Locale.ROOT, "%nSummary (%.1f s)%n", seconds);
        out.printf(Locale.ROOT, "  processed                  %,12d%n", ok);
        out.printf(Locale.ROOT, "  failed                     %,12d   (malformed records)%n", bad);
        out.printf(Locale.ROOT, "  accounted for              %,12d   of %,d%s%n", ok + bad, options.items,
                unaccounted == 0 ? "" : "   MISSING " + unaccounted);
        out.printf(Locale.ROOT, "  retried after backpressure %,12d   items (%,d refused submissions, all retried)%n",
                retriedItems.sum(), rejections.sum());
        out.printf(Locale.ROOT, "  throughput                 %,12.0f   items/s%n", throughput);
        out.printf(Locale.ROOT, "  average latency            %12.2f   ms end to end (%.2f ms queued, %.2f ms running)%n",
                avgLatencyMs, avgWaitMs, avgExecMs);
        out.printf(Locale.ROOT, "  peak workers               %12d   of max %d (%d scale-ups, %d scale-downs)%n",
                m.peakWorkers(), options.maxWorkers, m.scaleUps(), m.scaleDowns());
        out.printf(Locale.ROOT, "SUMMARY items=%d processed=%d failed=%d unaccounted=%d retried_items=%d rejections=%d"
                        + " throughput_per_s=%.0f avg_latency_ms=%.3f avg_exec_ms=%.3f peak_workers=%d elapsed_ms=%d%n",
                options.items, ok, bad, unaccounted, retriedItems.sum(), rejections.sum(), throughput, avgLatencyMs,
                avgExecMs, m.peakWorkers(), TimeUnit.NANOSECONDS.toMillis(elapsedNanos));
        out.flush();

        boolean consistent = unaccounted == 0 && shutdown.isClean()
                && m.jobsProcessed() == options.items && m.jobsRejected() == rejections.sum();
        if (!consistent) {
            out.printf(Locale.ROOT, "batch-processor: NOT every item is accounted for: %s; %s%n", m, shutdown);
        }
        return consistent ? 0 : 1;
    }

    /** Hands the item to the pool; when the pool refuses it, backs off (0.25 ms doubling to 16 ms) and retries. */
    private void submit(Item item) {
        long backoff = MIN_BACKOFF_NANOS;
        boolean retried = false;
        for (;;) {
            try {
                pool.execute(item);
                return;
            } catch (PoolSaturatedException full) {
                rejections.increment();
                if (!retried) {
                    retried = true;
                    retriedItems.increment();
                }
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            }
        }
    }

    private void report(Progress progress) {
        long periodMillis = terminal ? 200 : 2000;
        try {
            for (;;) {
                TimeUnit.MILLISECONDS.sleep(periodMillis);
                printProgress(progress, false);
            }
        } catch (InterruptedException done) {
            // the batch is over: the main thread prints the last line
        }
    }

    private void printProgress(Progress progress, boolean last) {
        PoolMetrics m = pool.metrics();
        Progress.Sample s = progress.sample(System.nanoTime(), succeeded.sum() + failed.sum(), m);
        if (terminal) {
            out.print("\r" + Progress.bar(s) + (last ? System.lineSeparator() : ""));
        } else {
            out.println(Progress.line(s));
        }
        out.flush();
    }

    /**
     * True when standard output is an interactive terminal. {@code System.console()} is null when
     * output is redirected on JDK 17-21; from JDK 22 it may exist anyway, and {@code isTerminal()}
     * (called reflectively: this code targets 17) tells.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException olderJdk) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** One record: a little CPU, a wait of 0.2-1.8 ms, and every {@link #FAILURE_EVERY}-th one is malformed. */
    final class Item implements Runnable {
        private final int id;
        private final long createdAt = System.nanoTime();

        Item(int id) {
            this.id = id;
        }

        @Override
        public void run() {
            boolean ok = process(id);
            latencyNanos.add(System.nanoTime() - createdAt);
            (ok ? succeeded : failed).increment();
        }

        @Override
        public String toString() {
            return "item #" + id;
        }
    }

    /** Simulated work for one record; false when the record is malformed. */
    static boolean process(int id) {
        byte[] record = ("record-" + id + ";customer=" + (id % 977) + ";amount=" + (id * 31 % 10_000))
                .getBytes(StandardCharsets.US_ASCII);
        int hash = 0;
        for (int round = 0; round < 64; round++) {
            for (byte b : record) {
                hash = 31 * hash + b;
            }
        }
        // "calling the ledger service"; the hash's last bit keeps the loop above from being optimised away
        LockSupport.parkNanos(ioNanos(id) + (hash & 1));
        return id % FAILURE_EVERY != FAILURE_EVERY - 1;
    }

    /** 200-1800 µs, spread evenly and deterministically over the ids. */
    static long ioNanos(int id) {
        int mixed = id * 0x9E3779B1;
        mixed ^= mixed >>> 16;
        return TimeUnit.MICROSECONDS.toNanos(200 + Math.floorMod(mixed, 1601));
    }

    /** Command-line options; a bad value is reported with the option's name and the value. */
    static final class Options {
        int items = 100_000;
        int maxWorkers = 16;
        int queue = 1000;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> o.help = true;
                    case "--items" -> o.items = intIn(arg, value(args, ++i, arg), 0, 100_000_000);
                    case "--max-workers" -> o.maxWorkers = intIn(arg, value(args, ++i, arg), 1, 10_000);
                    case "--queue" -> o.queue = intIn(arg, value(args, ++i, arg), 1, 1_000_000);
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int intIn(String option, String text, int min, int max) {
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " (" + text + ") is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " (" + text + ") must be between " + min + " and " + max);
            }
            return value;
        }
    }
}
