package io.adaptivepool.benchmarks;

import io.adaptivepool.benchmarks.burst.Args;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The overhead benchmark as interleaved pairs: for each pair and each cell (task x producers),
 * one single-fork run of the contender and one of the baseline, back to back, and the ratio of the
 * two; per cell, the median of the pairs' ratios and their spread ({@link PairedRuns}).
 *
 * <pre>
 * benchmarks/interleaved.sh [--pairs 5] [--tasks noop,cpu1us] [--producers 1,8] [--warmup 3] [--iterations 3] [--time 1]
 * java -cp benchmarks/target/benchmarks.jar io.adaptivepool.benchmarks.InterleavedOverhead --from runs.csv [--from-metrics metrics.csv]
 * </pre>
 *
 * <p>Order: pairs outermost, so every cell's pairs are spread over the whole session and a burst of
 * load from elsewhere spoils one pair of several cells rather than every pair of one cell. Within a
 * pair the first runner alternates (contender first in odd pairs, baseline first in even ones), so
 * load that rises or falls through a session favours neither side.
 *
 * <p>Output: progress on stderr, the table on stdout; in {@code --out}, {@code runs.csv} (one line
 * per run, written as each ends) and {@code interleaved.md} (the table with its heading). With
 * {@code --prof} (JMH profilers, comma-separated, e.g. {@code gc,io.adaptivepool.benchmarks.ThreadsProfiler}),
 * every run is profiled, its figures go to {@code metrics.csv}, and a second table gives each
 * figure's median per cell and executor.
 */
public final class InterleavedOverhead {
    private static final String BENCHMARK = ExecutorOverheadBenchmark.class.getName() + ".batch";
    /** Per-run cost beyond its iterations (JVM start, set-up, tear-down), for the estimate only. */
    private static final long RUN_OVERHEAD_SECONDS = 1;

    private final int pairs;
    private final List<String> tasks;
    private final List<Integer> producers;
    private final int warmup;
    private final int iterations;
    private final int seconds;
    private final String contender;
    private final String baseline;
    private final double bar;
    private final Path out;
    private final String engine;
    private final Path from;
    private final Path fromMetrics;
    /** JMH profilers added to every run (JMH's names, such as gc, or a class name). */
    private final List<String> profilers;
    /** Options for every run's JVM, before the benchmark's own (such as -Dbench.workers=1). */
    private final String[] jvmArgs;

    InterleavedOverhead(String[] argv) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("pairs", "5");
        d.put("tasks", "noop,cpu1us");
        d.put("producers", "1,8");
        d.put("warmup", "3");
        d.put("iterations", "3");
        d.put("time", "1");
        d.put("contender", "adaptive");
        d.put("baseline", "tpe-array");
        d.put("bar", "0.95");
        d.put("out", Path.of("benchmarks", "target", "interleaved").toString());
        d.put("engine", "");
        d.put("from", null);
        d.put("from-metrics", null);
        d.put("prof", "");
        d.put("jvm-args", "");
        Args a = Args.parse(argv, d);
        this.pairs = a.intAtLeast("pairs", 1);
        this.tasks = tasks(a.text("tasks"));
        this.producers = producers(a.text("producers"));
        this.warmup = a.intAtLeast("warmup", 0);
        this.iterations = a.intAtLeast("iterations", 1);
        this.seconds = a.intAtLeast("time", 1);
        this.contender = executor("contender", a.text("contender"));
        this.baseline = executor("baseline", a.text("baseline"));
        if (contender.equals(baseline)) {
            throw new IllegalArgumentException("--contender and --baseline are both '" + contender + "'");
        }
        String b = a.text("bar");
        try {
            this.bar = Double.parseDouble(b);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--bar (" + b + ") is not a number");
        }
        this.out = Path.of(a.text("out"));
        this.engine = a.text("engine");
        String f = a.optional("from");
        this.from = f == null ? null : Path.of(f);
        String fm = a.optional("from-metrics");
        if (fm != null && from == null) {
            throw new IllegalArgumentException("--from-metrics (" + fm + ") goes with --from");
        }
        this.fromMetrics = fm == null ? null : Path.of(fm);
        String prof = a.text("prof");
        this.profilers = prof.isBlank() ? List.of() : items("prof", prof);
        String jvm = a.text("jvm-args").strip();
        this.jvmArgs = jvm.isEmpty() ? new String[0] : jvm.split("\\s+");
    }

    public static void main(String[] args) throws Exception {
        InterleavedOverhead session;
        try {
            session = new InterleavedOverhead(args);
        } catch (IllegalArgumentException e) {
            System.err.println("interleaved: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (session.from != null) {
            session.report(PairedRuns.parse(Files.readAllLines(session.from, StandardCharsets.UTF_8)),
                    "from " + session.from, false);
            if (session.fromMetrics != null) {
                System.out.print("\nfrom " + session.fromMetrics + ", median over the pairs:\n\n" + PairedRuns.metricsMarkdown(
                        PairedRuns.parseMetrics(Files.readAllLines(session.fromMetrics, StandardCharsets.UTF_8)),
                        session.contender, session.baseline));
            }
        } else {
            session.run();
        }
    }

    /** Parses a comma-separated task list; an unknown task fails naming it. */
    static List<String> tasks(String list) {
        List<String> names = new ArrayList<>();
        for (String n : items("tasks", list)) {
            if (!ExecutorOverheadBenchmark.TASKS.contains(n)) {
                throw new IllegalArgumentException("--tasks: '" + n + "' is not one of " + ExecutorOverheadBenchmark.TASKS);
            }
            names.add(n);
        }
        return names;
    }

    /** Parses a comma-separated list of producer counts, each in [1, the batch size]. */
    static List<Integer> producers(String list) {
        List<Integer> counts = new ArrayList<>();
        for (String n : items("producers", list)) {
            int p;
            try {
                p = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--producers: '" + n + "' is not a whole number");
            }
            if (p < 1 || p > ExecutorOverheadBenchmark.BATCH) {
                throw new IllegalArgumentException("--producers: " + p + " is not in [1, " + ExecutorOverheadBenchmark.BATCH + "]");
            }
            counts.add(p);
        }
        return counts;
    }

    private static List<String> items(String option, String list) {
        List<String> items = new ArrayList<>();
        for (String raw : list.split(",")) {
            String n = raw.strip();
            if (!n.isEmpty() && !items.contains(n)) {
                items.add(n);
            }
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("--" + option + " (" + list + ") names nothing");
        }
        return items;
    }

    private static String executor(String option, String name) {
        if (!Contenders.NAMES.contains(name) && !Contenders.DIAGNOSTIC.contains(name)) {
            throw new IllegalArgumentException("--" + option + ": '" + name + "' is not one of " + Contenders.NAMES
                    + " or the diagnostic " + Contenders.DIAGNOSTIC);
        }
        return name;
    }

    /** The runs in session order: pairs outermost, then tasks, then producer counts, then the pair's two. */
    List<PairedRuns.Run> plan() {
        List<PairedRuns.Run> plan = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            for (String task : tasks) {
                for (int p : producers) {
                    String first = pair % 2 == 1 ? contender : baseline;
                    String second = pair % 2 == 1 ? baseline : contender;
                    plan.add(new PairedRuns.Run(pair, task, p, first, Double.NaN));
                    plan.add(new PairedRuns.Run(pair, task, p, second, Double.NaN));
                }
            }
        }
        return plan;
    }

    private void run() throws IOException, RunnerException {
        List<PairedRuns.Run> plan = plan();
        long perRun = (long) (warmup + iterations) * seconds + RUN_OVERHEAD_SECONDS;
        System.err.printf("interleaved: %d runs (%d pair(s) x %d cell(s) x 2), each 1 fork, %d x %d s warm-up, %d x %d s"
                        + " measurement; about %s%n", plan.size(), pairs, tasks.size() * producers.size(), warmup, seconds,
                iterations, seconds, minutes(plan.size() * perRun));
        Files.createDirectories(out);
        Path csv = out.resolve("runs.csv");
        Files.writeString(csv, PairedRuns.CSV_HEADER + "\n", StandardCharsets.UTF_8);
        Path metricsCsv = out.resolve("metrics.csv");
        Files.deleteIfExists(metricsCsv);
        if (!profilers.isEmpty()) {
            Files.writeString(metricsCsv, PairedRuns.METRICS_HEADER + "\n", StandardCharsets.UTF_8);
        }
        long start = System.nanoTime();
        List<PairedRuns.Run> done = new ArrayList<>();
        List<PairedRuns.Metric> metrics = new ArrayList<>();
        for (PairedRuns.Run planned : plan) {
            RunResult result = measure(planned);
            double score = result.getPrimaryResult().getScore();
            PairedRuns.Run run = new PairedRuns.Run(planned.pair(), planned.task(), planned.producers(),
                    planned.executor(), score);
            done.add(run);
            Files.writeString(csv, run.csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            for (Map.Entry<String, Result> e : result.getSecondaryResults().entrySet()) {
                if (Double.isNaN(e.getValue().getScore())) {
                    continue; // a profiler's text-only result (stack, perf)
                }
                PairedRuns.Metric m = new PairedRuns.Metric(run.pair(), run.task(), run.producers(), run.executor(),
                        e.getKey(), e.getValue().getScore(), e.getValue().getScoreUnit());
                metrics.add(m);
                Files.writeString(metricsCsv, m.csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            System.err.printf("[%2d/%d] pair %d, %s x%d, %-10s %s/s  (%s elapsed)%n", done.size(), plan.size(),
                    run.pair(), run.task(), run.producers(), run.executor(), OverheadTable.rate(score),
                    minutes((System.nanoTime() - start) / 1_000_000_000L));
        }
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        report(done, String.format("%s%s, JDK %s; %d pair(s), each run 1 fork, %d x %d s warm-up, %d x %d s measurement%s;"
                        + " %d runs in %s", when, engine.isEmpty() ? "" : ", engine of " + engine,
                System.getProperty("java.version"), pairs, warmup, seconds, iterations, seconds,
                jvmArgs.length == 0 ? "" : ", JVM options " + String.join(" ", jvmArgs), done.size(),
                minutes((System.nanoTime() - start) / 1_000_000_000L)), true);
        if (!metrics.isEmpty()) {
            String table = "\nProfilers " + profilers + ", median over the pairs:\n\n"
                    + PairedRuns.metricsMarkdown(metrics, contender, baseline);
            System.out.print(table);
            Files.writeString(out.resolve("interleaved.md"), table, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
    }

    private RunResult measure(PairedRuns.Run run) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(BENCHMARK) + "$")
                .param("executor", run.executor())
                .param("task", run.task())
                .param("producers", Integer.toString(run.producers()))
                .forks(1)
                .warmupIterations(warmup)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        for (String p : profilers) {
            options.addProfiler(p);
        }
        if (jvmArgs.length > 0) {
            options.jvmArgsPrepend(jvmArgs);
        }
        return new Runner(options.build()).runSingle();
    }

    private void report(List<PairedRuns.Run> runs, String heading, boolean write) throws IOException {
        List<PairedRuns.Cell> cells = PairedRuns.cells(runs, contender, baseline);
        String below = PairedRuns.below(cells, bar);
        String text = heading + "\n\n" + PairedRuns.markdown(cells, contender, baseline) + "\n"
                + (below.isEmpty() ? "Every cell's median is at least " + bar + "."
                        : "Median below " + bar + ": " + below + ".") + "\n";
        System.out.print(text);
        if (write) {
            Files.writeString(out.resolve("interleaved.md"), text, StandardCharsets.UTF_8);
            System.err.println("interleaved: wrote " + out.resolve("runs.csv") + " and " + out.resolve("interleaved.md"));
        }
    }

    private static String minutes(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
