package io.adaptivepool.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler for where a task's time goes between threads, from Linux's per-thread counters
 * ({@code /proc/self/task/TID/status} and {@code schedstat}; no perf events needed, so it works
 * on virtual machines without hardware counters). Per operation (per task for
 * {@link ExecutorOverheadBenchmark}), for the producers (JMH's threads and the benchmark's own) and
 * for the executor's threads (its workers, named {@code bench-*}, {@code pool-*}, {@code ForkJoinPool*}
 * or {@code qtp*}, and the adaptive pools' watch thread, {@code adaptive-pool-*}):
 * <ul>
 *   <li>{@code cpu}: nanoseconds on a CPU;
 *   <li>{@code rq}: nanoseconds runnable but waiting for a CPU (the machine's other load shows here);
 *   <li>{@code park}: voluntary context switches, each one a thread that blocked (parked on a
 *       lock, a condition or its own wake-up) and was woken again;
 *   <li>{@code preempt}: involuntary context switches.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'ExecutorOverhead.*batch$' -p executor=adaptive -p task=noop -p producers=1 \
 *      -prof io.adaptivepool.benchmarks.ThreadsProfiler
 * </pre>
 */
public final class ThreadsProfiler implements InternalProfiler {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final String[] ROLES = {"producers", "workers"};

    /** Per thread id, the counters at the start of the iteration. */
    private Map<String, long[]> before = new HashMap<>();

    @Override
    public String getDescription() {
        return "Per-task CPU time, run-queue wait and context switches of producers and workers (Linux /proc)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = snapshot();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        Map<String, long[]> after = snapshot();
        long[][] sums = new long[ROLES.length][4];
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] now = e.getValue();
            int role = (int) now[4];
            if (role < 0) {
                continue;
            }
            long[] then = before.getOrDefault(e.getKey(), new long[5]);
            for (int i = 0; i < 4; i++) {
                sums[role][i] += now[i] - then[i];
            }
        }
        double ops = Math.max(1L, result.getMetadata().getAllOps());
        List<Result> out = new ArrayList<>();
        for (int r = 0; r < ROLES.length; r++) {
            out.add(new ScalarResult("threads." + ROLES[r] + ".cpu", sums[r][0] / ops, "ns/op", AggregationPolicy.AVG));
            out.add(new ScalarResult("threads." + ROLES[r] + ".rq", sums[r][1] / ops, "ns/op", AggregationPolicy.AVG));
            out.add(new ScalarResult("threads." + ROLES[r] + ".park", sums[r][2] / ops, "#/op", AggregationPolicy.AVG));
            out.add(new ScalarResult("threads." + ROLES[r] + ".preempt", sums[r][3] / ops, "#/op", AggregationPolicy.AVG));
        }
        return out;
    }

    /** Thread id to {cpu ns, run-queue ns, voluntary, involuntary switches, role (-1: neither)}. */
    private static Map<String, long[]> snapshot() {
        Map<String, long[]> threads = new HashMap<>();
        try (DirectoryStream<Path> tids = Files.newDirectoryStream(TASKS)) {
            for (Path tid : tids) {
                try {
                    int role = role(Files.readString(tid.resolve("comm"), StandardCharsets.UTF_8).strip());
                    String[] sched = Files.readString(tid.resolve("schedstat"), StandardCharsets.UTF_8).strip().split(" ");
                    long voluntary = 0L;
                    long involuntary = 0L;
                    for (String line : Files.readAllLines(tid.resolve("status"), StandardCharsets.UTF_8)) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                    threads.put(tid.getFileName().toString(), new long[] {
                            Long.parseLong(sched[0]), Long.parseLong(sched[1]), voluntary, involuntary, role});
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we read it: it counts in neither snapshot
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("ThreadsProfiler needs Linux's " + TASKS + ": " + e, e);
        }
        return threads;
    }

    /** 0: a producer, 1: a worker, -1: the JVM's own (compiler, GC, JMH's control threads). */
    static int role(String comm) {
        // Linux keeps 15 characters of a thread's name: JMH's "io.adaptivepool.benchmarks...-jmh-worker-1"
        // reads "io.adaptivepool"
        if (comm.startsWith("io.adaptivepool") || comm.contains("jmh-worker") || comm.startsWith("bench-producer")) {
            return 0;
        }
        if (comm.startsWith("bench-") || comm.startsWith("pool-") || comm.startsWith("ForkJoinPool")
                || comm.startsWith("qtp") || comm.startsWith("adaptive-pool")) {
            return 1;
        }
        return -1;
    }
}
