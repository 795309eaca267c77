package com.acme.legacy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A legacy app: bursts of report tasks thrown at an {@code Executors.newCachedThreadPool()}.
 *
 * <pre>
 * java -jar legacy-app.jar [--bursts N] [--burst-size N] [--pause-ms N] [--alloc-kb MIN-MAX]
 *                          [--sleep-ms MIN-MAX] [--cpu-passes N] [--db-connections N] [--no-exit]
 * </pre>
 *
 * <p>Each task reads a request into a buffer ({@code --alloc-kb}, default 48-96 KB), queries a
 * "database" that has a bounded connection pool ({@code --db-connections}, default 40; each query
 * takes {@code --sleep-ms}, default 20-50 ms), then checksums the buffer {@code --cpu-passes} times.
 * By default two bursts of 2500 tasks arrive 200 ms apart. The database sets the pace whatever the
 * pool does; a cached pool turns the backlog into threads, each holding its stack and its buffer.
 * Sized to stay safe: even all 5000 tasks waiting at once hold about 360 MB of buffers, within
 * {@code -Xmx512m}.
 *
 * <p>It prints the live thread count while it runs and ends with one machine-readable line:
 * <pre>
 * SUMMARY executor=CLASS peak_threads=N peak_in_flight=N peak_heap_mb=N peak_rss_mb=N
 *         tasks_submitted=N tasks_completed=N tasks_failed=N time_ms=N
 * </pre>
 * {@code peak_threads} is the JVM's own peak live thread count; {@code peak_in_flight} the most
 * tasks started and not finished at once; {@code peak_heap_mb} the highest heap use seen by a
 * sampler every 20 ms; {@code peak_rss_mb} the process's peak resident set ({@code VmHWM} in
 * {@code /proc/self/status}; -1 where that file does not exist); {@code time_ms} from the first
 * submission to the last task's end. The tasks are the same on every run (fixed seed), so two runs
 * compare like with like. Exit status 0 when every task completed, 1 if any failed, 2 for bad options.
 *
 * <p>Like much old code, it never shuts its pool down; it ends with {@code System.exit}, unless
 * {@code --no-exit}, in which case {@code main} just returns and the JVM lives on until the pool's
 * idle threads expire (60 s for a cached pool).
 */
public final class LegacyApp {
    static final String USAGE = "usage: java -jar legacy-app.jar [--bursts N] [--burst-size N] [--pause-ms N]"
            + " [--alloc-kb MIN-MAX] [--sleep-ms MIN-MAX] [--cpu-passes N] [--db-connections N] [--no-exit]";

    private LegacyApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("legacy-app: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }

        ReportService service = new ReportService(options.minKb, options.maxKb, options.minSleepMs,
                options.maxSleepMs, options.cpuPasses, options.dbConnections, 42L);
        service.start();
        int total = options.bursts * options.burstSize;
        System.out.printf(Locale.ROOT, "legacy-app: %d bursts of %d tasks (%d-%d KB buffer, %d-%d ms query on %d connections each) on %s%n",
                options.bursts, options.burstSize, options.minKb, options.maxKb, options.minSleepMs,
                options.maxSleepMs, options.dbConnections, service.executorType());

        Monitor monitor = new Monitor(service, total);
        monitor.start();
        long start = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>(total);
        for (int burst = 0; burst < options.bursts; burst++) {
            if (burst > 0) {
                Thread.sleep(options.pauseMs);
            }
            futures.addAll(service.submitBurst(options.burstSize));
        }
        long failed = 0;
        for (Future<Long> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                failed++;
                if (failed == 1) {
                    System.err.println("legacy-app: a task failed: " + e.getCause());
                }
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        monitor.stopAndPrint();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT,
                "SUMMARY executor=%s peak_threads=%d peak_in_flight=%d peak_heap_mb=%d peak_rss_mb=%d"
                        + " tasks_submitted=%d tasks_completed=%d tasks_failed=%d time_ms=%d%n",
                service.executorType(), threads.getPeakThreadCount(), service.peakInFlight(),
                monitor.peakHeapBytes() >> 20, peakRssKb() < 0 ? -1 : peakRssKb() >> 10,
                futures.size(), service.completed(), failed, elapsedMs);
        System.out.flush();
        if (!options.noExit) {
            System.exit(failed == 0 ? 0 : 1);
        }
    }

    /** The process's peak resident set in KB ({@code VmHWM}), or -1 where /proc is not available. */
    static long peakRssKb() {
        return procStatusKb("VmHWM:");
    }

    static long rssKb() {
        return procStatusKb("VmRSS:");
    }

    private static long procStatusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: report "unknown"
        }
        return -1;
    }

    /** Samples threads and heap every 20 ms and prints a status line every 250 ms. */
    static final class Monitor extends Thread {
        private final ReportService service;
        private final int total;
        private final long started = System.nanoTime();
        private final AtomicLong peakHeap = new AtomicLong();
        private volatile boolean running = true;

        Monitor(ReportService service, int total) {
            super("legacy-app-monitor");
            setDaemon(true);
            this.service = service;
            this.total = total;
        }

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long nextPrint = 0;
            while (running) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                long now = System.nanoTime() - started;
                if (now >= nextPrint) {
                    print(threads, now);
                    nextPrint = now + TimeUnit.MILLISECONDS.toNanos(250);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void print(ThreadMXBean threads, long elapsedNanos) {
            long rss = rssKb();
            System.out.printf(Locale.ROOT, "  %6.2fs  threads %5d (peak %5d)  in flight %5d  done %6d/%d  heap %4d MB  rss %s%n",
                    elapsedNanos / 1e9, threads.getThreadCount(), threads.getPeakThreadCount(), service.inFlight(),
                    service.completed(), total, peakHeap.get() >> 20, rss < 0 ? "n/a" : (rss >> 10) + " MB");
        }

        void stopAndPrint() throws InterruptedException {
            running = false;
            interrupt();
            join();
            peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            print(ManagementFactory.getThreadMXBean(), System.nanoTime() - started);
        }

        long peakHeapBytes() {
            return peakHeap.get();
        }
    }

    /** Command-line options; every bad value is reported with the option's name and the value. */
    static final class Options {
        int bursts = 2;
        int burstSize = 2500;
        int pauseMs = 200;
        int minKb = 48;
        int maxKb = 96;
        int minSleepMs = 20;
        int maxSleepMs = 50;
        int cpuPasses = 2;
        int dbConnections = 40;
        boolean noExit;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--no-exit" -> o.noExit = true;
                    case "-h", "--help" -> o.help = true;
                    case "--bursts" -> o.bursts = intIn(arg, value(args, ++i, arg), 1, 1000);
                    case "--burst-size" -> o.burstSize = intIn(arg, value(args, ++i, arg), 1, 100_000);
                    case "--cpu-passes" -> o.cpuPasses = intIn(arg, value(args, ++i, arg), 0, 1000);
                    case "--db-connections" -> o.dbConnections = intIn(arg, value(args, ++i, arg), 1, 10_000);
                    case "--pause-ms" -> o.pauseMs = intIn(arg, value(args, ++i, arg), 0, 60_000);
                    case "--alloc-kb" -> {
                        int[] r = range(arg, value(args, ++i, arg), 0, 64 * 1024);
                        o.minKb = r[0];
                        o.maxKb = r[1];
                    }
                    case "--sleep-ms" -> {
                        int[] r = range(arg, value(args, ++i, arg), 0, 60_000);
                        o.minSleepMs = r[0];
                        o.maxSleepMs = r[1];
                    }
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

        static int intIn(String option, String text, int min, int max) {
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

        /** "MIN-MAX" or a single value "N" (MIN = MAX = N). */
        static int[] range(String option, String text, int min, int max) {
            int dash = text.indexOf('-', 1);
            String low = dash < 0 ? text : text.substring(0, dash);
            String high = dash < 0 ? text : text.substring(dash + 1);
            int a = intIn(option, low, min, max);
            int b = intIn(option, high, min, max);
            if (a > b) {
                throw new IllegalArgumentException(option + " (" + text + ") has its minimum above its maximum");
            }
            return new int[] {a, b};
        }
    }
}
