package io.adaptivepool.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the CSV of an {@link ExecutorOverheadBenchmark} run ({@code -rf csv -rff FILE}, with
 * {@code -prof gc}) into a Markdown table: tasks/s, the ratio to {@code tpe-array} of the same
 * task and producer count in the same run, and bytes allocated per task.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.adaptivepool.benchmarks.OverheadTable overhead.csv
 * </pre>
 */
public final class OverheadTable {
    static final String BASELINE = "tpe-array";

    private OverheadTable() {
    }

    /** One measured combination. */
    record Row(String executor, String task, int producers, double opsPerSecond, double error, Double bytesPerOp) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: OverheadTable JMH_RESULT.csv");
            System.exit(2);
        }
        System.out.print(markdown(parse(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8))));
    }

    /**
     * Reads JMH's CSV: the primary rows ({@code ...batch}) and the {@code gc.alloc.rate.norm}
     * secondary rows of the same parameters.
     *
     * @throws IllegalArgumentException if the header lacks a needed column, naming it
     */
    static List<Row> parse(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty JMH CSV");
        }
        List<String> header = fields(lines.get(0));
        int bench = column(header, "Benchmark");
        int score = column(header, "Score");
        int error = column(header, "Score Error (99.9%)");
        int executor = column(header, "Param: executor");
        int task = column(header, "Param: task");
        int producers = column(header, "Param: producers");
        Map<String, Double> norm = new LinkedHashMap<>();
        List<String[]> primaries = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            String key = f.get(executor) + "|" + f.get(task) + "|" + f.get(producers);
            String name = f.get(bench);
            if (name.endsWith(":gc.alloc.rate.norm")) {
                norm.put(key, number(f.get(score)));
            } else if (!name.contains(":")) {
                primaries.add(new String[] {key, f.get(executor), f.get(task), f.get(producers), f.get(score), f.get(error)});
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String[] p : primaries) {
            rows.add(new Row(p[1], p[2], Integer.parseInt(p[3]), number(p[4]), number(p[5]), norm.get(p[0])));
        }
        return rows;
    }

    /**
     * One table per task, rows by executor in the order first seen, a column group per producer
     * count: tasks/s, ratio to tpe-array, B/op.
     */
    static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        List<String> tasks = new ArrayList<>();
        List<String> executors = new ArrayList<>();
        TreeSet<Integer> producerCounts = new TreeSet<>();
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!tasks.contains(r.task())) {
                tasks.add(r.task());
            }
            if (!executors.contains(r.executor())) {
                executors.add(r.executor());
            }
            producerCounts.add(r.producers());
            byKey.put(r.executor() + "|" + r.task() + "|" + r.producers(), r);
        }
        for (String task : tasks) {
            b.append("\n**task ").append(task).append("** (tasks/s; ratio to ").append(BASELINE)
                    .append(" in the same run; B/op = bytes allocated per task, all threads)\n\n| executor |");
            StringBuilder rule = new StringBuilder("|---|");
            for (int p : producerCounts) {
                b.append(' ').append(p).append(p == 1 ? " producer" : " producers").append(" | ratio | B/op |");
                rule.append("---:|---:|---:|");
            }
            b.append('\n').append(rule).append('\n');
            for (String executor : executors) {
                b.append("| ").append(executor).append(" |");
                for (int p : producerCounts) {
                    Row r = byKey.get(executor + "|" + task + "|" + p);
                    Row base = byKey.get(BASELINE + "|" + task + "|" + p);
                    if (r == null) {
                        b.append(" — | — | — |");
                        continue;
                    }
                    b.append(' ').append(rate(r.opsPerSecond())).append(" | ")
                            .append(base == null ? "—" : String.format(Locale.ROOT, "%.2f", r.opsPerSecond() / base.opsPerSecond()))
                            .append(" | ")
                            .append(r.bytesPerOp() == null ? "—" : String.format(Locale.ROOT, "%.0f", r.bytesPerOp()))
                            .append(" |");
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** 3.71 M, 742 k, 10.2 k, 9.9 k. */
    static String rate(double opsPerSecond) {
        if (opsPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", opsPerSecond / 1e6);
        }
        if (opsPerSecond >= 1e5) {
            return String.format(Locale.ROOT, "%.0f k", opsPerSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f k", opsPerSecond / 1e3);
    }

    private static int column(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("JMH CSV has no column '" + name + "'; columns: " + header);
        }
        return i;
    }

    private static double number(String s) {
        if (s.isEmpty() || s.equals("NaN")) {
            return Double.NaN;
        }
        return Double.parseDouble(s.replace(',', '.'));
    }

    /** Splits one CSV line, honouring double quotes. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
