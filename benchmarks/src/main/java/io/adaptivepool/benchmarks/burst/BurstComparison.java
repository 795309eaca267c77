package io.adaptivepool.benchmarks.burst;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The burst comparison: runs each contender in its own child JVM ({@link BurstChild}) with the
 * same heap, the same open-loop arrival rate and the same task, samples the child's threads and
 * RSS from {@code /proc}, enforces the safety caps, and writes a Markdown table, two CSV files and a
 * PNG chart.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.adaptivepool.benchmarks.burst.BurstComparison [--rate N --seconds S ...]
 * </pre>
 *
 * <p>Caps, each a failure under load when hit, never hidden: live threads (a watchdog inside the
 * child halts it, and the parent kills a child it samples above the cap), RSS (the parent kills
 * the child), and wall time (the parent kills the child). Every child also gets the same
 * {@code -Xmx} and {@code -XX:+ExitOnOutOfMemoryError}, so running out of heap is a crash, not a
 * long agony.
 */
public final class BurstComparison {
    static final List<String> ALL = List.of("cached", "virtual", "fixed", "adaptive", "agent");
    static final Path DEFAULT_VT_JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final long TIME_CAP_MARGIN_SECONDS = 20;

    private final List<String> contenders;
    private final long rate;
    private final long seconds;
    private final int taskKb;
    private final long sleepMs;
    private final int workers;
    private final int minWorkers;
    private final int queue;
    private final String threshold;
    private final String xmx;
    private final int maxThreads;
    private final long maxRssMib;
    private final long drainSeconds;
    private final long sampleMs;
    private final Path out;
    private final Path agentJar;
    private final String agentArgs;
    private final Path childJava;
    private final Path vtJava;
    private final String classpath;

    BurstComparison(String[] argv) {
        Map<String, String> d = new LinkedHashMap<>();
        Path target = targetDir();
        d.put("contenders", String.join(",", ALL));
        d.put("rate", "20000");
        d.put("seconds", "30");
        d.put("task-kb", "500");
        d.put("sleep-ms", "20");
        d.put("workers", "100");
        d.put("min-workers", "8");
        d.put("queue", "1000");
        d.put("threshold", "0.7");
        d.put("xmx", "1g");
        d.put("max-threads", "3000");
        d.put("max-rss-mb", "4096");
        d.put("drain-seconds", "5");
        d.put("sample-ms", "100");
        d.put("out", target.resolve("burst").toString());
        d.put("agent", target.resolve("../../agent/target/adaptive-pool-agent.jar").normalize().toString());
        d.put("agent-args", null);
        d.put("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        d.put("vt-java", null);
        d.put("classpath", System.getProperty("java.class.path"));
        Args a = Args.parse(argv, d);
        this.contenders = contenders(a.text("contenders"));
        this.rate = a.longAtLeast("rate", 1);
        this.seconds = a.longAtLeast("seconds", 1);
        this.taskKb = a.intAtLeast("task-kb", 1);
        this.sleepMs = a.longAtLeast("sleep-ms", 0);
        this.workers = a.intAtLeast("workers", 1);
        this.minWorkers = a.intAtLeast("min-workers", 0);
        if (minWorkers > workers) {
            throw new IllegalArgumentException("--min-workers (" + minWorkers + ") must be <= --workers (" + workers + ")");
        }
        this.queue = a.intAtLeast("queue", 1);
        this.threshold = a.text("threshold");
        double t;
        try {
            t = Double.parseDouble(threshold);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--threshold (" + threshold + ") is not a number");
        }
        if (!(t >= 0.0 && t <= 1.0)) {
            throw new IllegalArgumentException("--threshold (" + threshold + ") must be in [0, 1]");
        }
        this.xmx = a.text("xmx");
        if (!xmx.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("--xmx (" + xmx + ") must look like 512m or 1g");
        }
        this.maxThreads = a.intAtLeast("max-threads", 16);
        this.maxRssMib = a.longAtLeast("max-rss-mb", 64);
        this.drainSeconds = a.longAtLeast("drain-seconds", 0);
        this.sampleMs = a.longAtLeast("sample-ms", 10);
        this.out = Path.of(a.text("out"));
        this.agentJar = Path.of(a.text("agent"));
        String given = a.optional("agent-args");
        this.agentArgs = given != null ? given
                : "pool.defaults.minWorkers=" + minWorkers + ",pool.defaults.maxWorkers=" + workers
                        + ",pool.defaults.queueCapacity=" + queue + ",metrics.host=127.0.0.1,metrics.port=0";
        this.childJava = Path.of(a.text("java"));
        String vt = a.optional("vt-java");
        this.vtJava = vt != null ? Path.of(vt) : null;
        this.classpath = a.text("classpath");
    }

    /** Parses a comma-separated contender list; an unknown name fails naming it. */
    static List<String> contenders(String list) {
        List<String> names = new ArrayList<>();
        for (String raw : list.split(",")) {
            String n = raw.strip();
            if (n.isEmpty()) {
                continue;
            }
            if (!ALL.contains(n)) {
                throw new IllegalArgumentException("--contenders: '" + n + "' is not one of " + ALL);
            }
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--contenders (" + list + ") names no contender");
        }
        return names;
    }

    /** benchmarks/target when run from the jar or from target/classes; the working directory otherwise. */
    private static Path targetDir() {
        try {
            Path source = Path.of(BurstComparison.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = source.getParent();
            return parent != null ? parent : Path.of(".");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(".");
        }
    }

    public static void main(String[] argv) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (java.util.Arrays.asList(argv).contains("--help") || java.util.Arrays.asList(argv).contains("-h")) {
            System.out.println(usage());
            return;
        }
        BurstComparison run;
        try {
            run = new BurstComparison(argv);
        } catch (IllegalArgumentException bad) {
            System.err.println("burst: " + bad.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        List<ContenderResult> results = run.runAll();
        System.exit(results.stream().anyMatch(r -> r.outcome == ContenderResult.Outcome.CRASHED
                && r.exitCode == BurstChild.EXIT_BAD_ARGS) ? 1 : 0);
    }

    static String usage() {
        return String.join("\n",
                "usage: java -cp benchmarks.jar io.adaptivepool.benchmarks.burst.BurstComparison [options]",
                "  --contenders LIST   " + String.join(",", ALL) + " (default: all)",
                "  --rate N            arrivals per second, open loop (default 20000)",
                "  --seconds S         arrival time per contender (default 30)",
                "  --task-kb K         KiB each task allocates and touches (default 500)",
                "  --sleep-ms M        how long each task sleeps holding it (default 20)",
                "  --workers W         fixed pool size, adaptive max workers (default 100)",
                "  --min-workers N     adaptive min workers (default 8)",
                "  --queue Q           adaptive queue capacity (default 1000)",
                "  --threshold T       adaptive scale-up threshold in [0, 1] (default 0.7, the engine's default)",
                "  --xmx SIZE          every child's -Xmx (default 1g)",
                "  --max-threads N     thread cap per child (default 3000)",
                "  --max-rss-mb N      RSS cap per child in MiB (default 4096)",
                "  --drain-seconds S   wait for accepted tasks after the arrivals end (default 5)",
                "  --sample-ms N       /proc sampling period (default 100)",
                "  --out DIR           output folder (default benchmarks/target/burst)",
                "  --agent JAR         the agent jar (default agent/target/adaptive-pool-agent.jar)",
                "  --agent-args ARGS   agent options (default: the same min/max/queue as adaptive, other knobs the",
                "                      agent's own defaults, metrics on 127.0.0.1 and any free port)",
                "  --java PATH         java for the children (default: this JVM's)",
                "  --vt-java PATH      a JDK 21+ java for the virtual-thread contender when --java is older",
                "                      (default: --java if 21+, else " + DEFAULT_VT_JAVA + " if present)");
    }

    List<ContenderResult> runAll() throws IOException, InterruptedException {
        Files.createDirectories(out);
        int parentJdk = JavaVersions.feature(childJava);
        System.out.printf(Locale.ROOT, "burst comparison: %d arrivals/s for %d s per contender, tasks of %d KiB held %d ms;"
                + " -Xmx%s; workers %d (adaptive min %d, queue %d, threshold %s); caps: %d threads, %d MiB RSS, %d s%n",
                rate, seconds, taskKb, sleepMs, xmx, workers, minWorkers, queue, threshold, maxThreads, maxRssMib,
                timeCapSeconds());
        System.out.printf(Locale.ROOT, "machine: %d CPUs, %s; children on JDK %d (%s)%n",
                Runtime.getRuntime().availableProcessors(), memTotal(), parentJdk, childJava);
        List<ContenderResult> results = new ArrayList<>();
        for (String name : contenders) {
            ContenderResult r = runContender(name, parentJdk);
            results.add(r);
            System.out.printf(Locale.ROOT, "  %-9s %s (peak %d threads, %s MiB RSS, %d completed, %d rejected)%n",
                    name, r.status(), r.peakThreads, ContenderResult.mib(r.peakRssKb), r.completed, r.rejected);
        }
        String table = Reports.markdown(results);
        String notes = notes(results);
        String markdown = "Offered: " + rate + " arrivals/s × " + seconds + " s = " + rate * seconds
                + " tasks per contender (" + taskKb + " KiB touched, " + sleepMs + " ms sleep each); -Xmx" + xmx
                + "; caps " + maxThreads + " threads, " + maxRssMib + " MiB RSS, " + timeCapSeconds() + " s.\n\n"
                + table + "\n" + notes;
        Files.writeString(out.resolve("burst-results.md"), markdown);
        Files.writeString(out.resolve("burst-results.csv"), Reports.resultsCsv(results));
        Files.writeString(out.resolve("burst-timeline.csv"), Reports.timelineCsv(results));
        String title = String.format(Locale.ROOT, "%d arrivals/s of %d KiB / %d ms tasks, -Xmx%s, %d CPUs",
                rate, taskKb, sleepMs, xmx, Runtime.getRuntime().availableProcessors());
        BurstChart.write(results, title, maxThreads, maxRssMib, out.resolve("burst.png"));
        System.out.println();
        System.out.println(markdown);
        System.out.println("wrote " + out.resolve("burst-results.md") + ", burst-results.csv, burst-timeline.csv,"
                + " burst.png and one log per contender");
        return results;
    }

    private String notes(List<ContenderResult> results) {
        StringBuilder b = new StringBuilder();
        for (ContenderResult r : results) {
            b.append("- ").append(r.name).append(": ");
            if (r.outcome == ContenderResult.Outcome.SKIPPED) {
                b.append(r.status());
            } else {
                b.append("pool `").append(r.poolClass.isEmpty() ? "?" : r.poolClass).append("`, peak in flight ")
                        .append(r.peakInFlight).append(", generator max lag ").append(r.maxLagMs).append(" ms");
                if (r.partial) {
                    b.append(", figures up to the last progress report before it stopped");
                }
            }
            if (!r.note.isEmpty()) {
                b.append("; ").append(r.note);
            }
            b.append('\n');
        }
        b.append("- not run = offered − completed − rejected: never submitted (the generator was blocked or late"
                + " at the deadline) or still queued/running when the drain time ended.\n");
        b.append("- latency: from each task's scheduled arrival to its completion; peak threads: the most live"
                + " threads in the JVM (GC and JIT threads included) seen by /proc sampling or the JVM itself.\n");
        return b.toString();
    }

    private long timeCapSeconds() {
        return seconds + drainSeconds + TIME_CAP_MARGIN_SECONDS;
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB RAM", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return "RAM unknown";
    }

    private ContenderResult runContender(String name, int parentJdk) throws IOException, InterruptedException {
        Path java = childJava;
        int jdk = parentJdk;
        String note = "";
        if (name.equals("virtual") && jdk < 21) {
            Path candidate = vtJava != null ? vtJava : Files.isExecutable(DEFAULT_VT_JAVA) ? DEFAULT_VT_JAVA : null;
            int candidateJdk = candidate == null ? -1 : JavaVersions.feature(candidate);
            if (candidateJdk < 21) {
                return ContenderResult.skipped(name, "virtual threads need JDK 21+; the children run JDK " + jdk
                        + (candidate == null ? "; pass --vt-java PATH" : " and " + candidate + " is JDK " + candidateJdk));
            }
            java = candidate;
            jdk = candidateJdk;
            note = "ran on JDK " + jdk + " (" + candidate + ") because JDK " + parentJdk + " has no virtual threads";
        }
        if (name.equals("agent") && !Files.isRegularFile(agentJar)) {
            return ContenderResult.skipped(name, "agent jar not found at " + agentJar + " (build the agent module first)");
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx" + xmx);
        command.add("-XX:+UseG1GC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        if (name.equals("agent")) {
            command.add("-javaagent:" + agentJar.toAbsolutePath() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.add("-cp");
        command.add(classpath);
        command.add(BurstChild.class.getName());
        for (String[] kv : new String[][] {
            {"contender", name}, {"rate", Long.toString(rate)}, {"seconds", Long.toString(seconds)},
            {"task-kb", Integer.toString(taskKb)}, {"sleep-ms", Long.toString(sleepMs)},
            {"workers", Integer.toString(workers)}, {"min-workers", Integer.toString(minWorkers)},
            {"queue", Integer.toString(queue)}, {"threshold", threshold}, {"drain-seconds", Long.toString(drainSeconds)},
            {"max-threads", Integer.toString(maxThreads)},
        }) {
            command.add("--" + kv[0]);
            command.add(kv[1]);
        }
        ContenderResult result = new ContenderResult(name);
        result.jdk = jdk;
        result.note = note;
        ChildRun run = new ChildRun(result, command, out.resolve(name + ".log"));
        run.execute();
        return result;
    }

    /** One child JVM: started, sampled, capped, and read. */
    private final class ChildRun {
        private final ContenderResult result;
        private final List<String> command;
        private final Path log;
        private volatile Map<String, String> start;
        private volatile Map<String, String> lastStats;
        private volatile Map<String, String> finalResult;
        private volatile Map<String, String> cap;
        private volatile String oomLine;
        private final List<String> stderrTail = new ArrayList<>();

        ChildRun(ContenderResult result, List<String> command, Path log) {
            this.result = result;
            this.command = command;
            this.log = log;
        }

        void execute() throws IOException, InterruptedException {
            Path stderr = log.resolveSibling(result.name + ".stderr.log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
            long launched = System.nanoTime();
            Process process = pb.start();
            Thread reader;
            try (PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                logWriter.println("# " + String.join(" ", command));
                reader = new Thread(() -> read(process, logWriter), "burst-read-" + result.name);
                reader.setDaemon(true);
                reader.start();
                String killedFor = null;
                long timeCapNanos = TimeUnit.SECONDS.toNanos(timeCapSeconds());
                while (process.isAlive()) {
                    long elapsed = System.nanoTime() - launched;
                    Optional<ProcStatus> status = ProcStatus.read(process.pid());
                    if (status.isPresent()) {
                        ProcStatus s = status.get();
                        result.sample(TimeUnit.NANOSECONDS.toMillis(elapsed), s);
                        if (s.threads() > maxThreads) {
                            killedFor = "thread cap (" + s.threads() + " > " + maxThreads + ")";
                        } else if (s.rssKb() > maxRssMib * 1024) {
                            killedFor = "RSS cap (" + ContenderResult.mib(s.rssKb()) + " MiB > " + maxRssMib + " MiB)";
                        }
                    }
                    if (killedFor == null && elapsed > timeCapNanos) {
                        killedFor = "time cap (" + timeCapSeconds() + " s)";
                    }
                    if (killedFor != null) {
                        process.destroyForcibly();
                        killedFor += String.format(Locale.ROOT, " at %.1f s", elapsed / 1e9);
                        break;
                    }
                    process.waitFor(sampleMs, TimeUnit.MILLISECONDS);
                }
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
                double wall = (System.nanoTime() - launched) / 1e9;
                reader.join(TimeUnit.SECONDS.toMillis(10));
                result.wallSeconds = wall;
                result.exitCode = process.exitValue();
                readStderrTail(stderr);
                conclude(killedFor, wall);
            }
        }

        private void read(Process process, PrintWriter logWriter) {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    logWriter.println(line);
                    if (oomLine == null && line.contains("OutOfMemoryError")) {
                        oomLine = line; // -XX:+ExitOnOutOfMemoryError reports on stdout
                    }
                    try {
                        KeyValues.parse("START", line).ifPresent(v -> start = v);
                        KeyValues.parse("STATS", line).ifPresent(v -> lastStats = v);
                        KeyValues.parse("RESULT", line).ifPresent(v -> finalResult = v);
                        KeyValues.parse("CAP", line).ifPresent(v -> cap = v);
                    } catch (IllegalArgumentException malformed) {
                        logWriter.println("# burst: ignored a malformed line: " + malformed.getMessage());
                    }
                }
            } catch (IOException e) {
                logWriter.println("# burst: stopped reading the child's output: " + e);
            }
        }

        private void readStderrTail(Path stderr) {
            try {
                List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
                stderrTail.addAll(lines.subList(Math.max(0, lines.size() - 50), lines.size()));
            } catch (IOException | UncheckedIOException e) {
                // nothing to read
            } catch (RuntimeException malformedInput) {
                // a crash may leave bytes that are not UTF-8; the figures do not depend on it
            }
        }

        private void conclude(String killedFor, double wall) {
            Map<String, String> s = start;
            if (s != null) {
                result.poolClass = s.getOrDefault("pool", "");
            }
            Map<String, String> figures = finalResult != null ? finalResult : lastStats;
            if (figures != null) {
                result.takeFigures(figures);
            }
            result.partial = finalResult == null;
            String at = String.format(Locale.ROOT, " at %.1f s", wall);
            Map<String, String> c = cap;
            if (killedFor != null) {
                result.outcome = ContenderResult.Outcome.FAILED;
                result.detail = killedFor;
            } else if (c != null || result.exitCode == BurstChild.EXIT_THREAD_CAP) {
                result.outcome = ContenderResult.Outcome.FAILED;
                result.detail = "thread cap (" + (c == null ? "?" : c.get("threads")) + " > " + maxThreads + ")" + at;
                if (c != null) {
                    result.peakThreads = Math.max(result.peakThreads, Long.parseLong(c.get("threads")));
                }
            } else if (result.exitCode != 0 || finalResult == null) {
                result.outcome = ContenderResult.Outcome.CRASHED;
                String oom = oomLine != null ? oomLine
                        : stderrTail.stream().filter(l -> l.contains("OutOfMemoryError")).findFirst().orElse(null);
                if (oom != null) {
                    int i = oom.indexOf("OutOfMemoryError");
                    result.detail = oom.substring(i).replaceAll("\\s+", " ").strip() + at + " (exit " + result.exitCode + ")";
                } else {
                    String last = stderrTail.isEmpty() ? "" : "; " + stderrTail.get(stderrTail.size() - 1).strip();
                    result.detail = "exit " + result.exitCode + at + last;
                }
            } else if (result.name.equals("agent") && !result.poolClass.endsWith("AdaptivePoolExecutor")) {
                result.outcome = ContenderResult.Outcome.FAILED;
                result.detail = "the agent did not replace Executors.newCachedThreadPool() (pool " + result.poolClass + ")";
            }
        }
    }
}
