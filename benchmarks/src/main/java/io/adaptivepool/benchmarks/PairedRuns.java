package io.adaptivepool.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The runs of an interleaved session ({@link InterleavedOverhead}) and what they say per cell:
 * each pair is one run of the contender and one of the baseline, next to each other in time, so
 * the ratio of a pair is read under the same load; a cell's figure is the median of its pairs'
 * ratios, with their spread.
 */
final class PairedRuns {
    static final String CSV_HEADER = "pair,task,producers,executor,ops_per_s";
    static final String METRICS_HEADER = "pair,task,producers,executor,metric,value,unit";

    private PairedRuns() {
    }

    /** One single-fork JMH run: its pair (1-based), its cell, its executor, its score. */
    record Run(int pair, String task, int producers, String executor, double opsPerSecond) {
        String csv() {
            return pair + "," + task + "," + producers + "," + executor + ","
                    + String.format(Locale.ROOT, "%.1f", opsPerSecond);
        }
    }

    /** A secondary result of one run (a profiler's figure, such as {@code gc.alloc.rate.norm}). */
    record Metric(int pair, String task, int producers, String executor, String name, double value, String unit) {
        String csv() {
            return pair + "," + task + "," + producers + "," + executor + "," + name + ","
                    + String.format(Locale.ROOT, "%.4f", value) + "," + unit;
        }
    }

    /**
     * One cell's figures: the per-pair ratios (contender / baseline) in pair order, their median,
     * minimum and maximum, and each executor's median throughput over its runs in the cell.
     */
    record Cell(String task, int producers, List<Double> ratios, double median, double min, double max,
            double contenderMedian, double baselineMedian) {
    }

    /**
     * Groups runs into cells (task, then producer count, in the order first seen) and pairs the
     * contender's run with the baseline's of the same pair number.
     *
     * @throws IllegalArgumentException if a pair of a cell lacks one of the two runs or has one twice,
     *     naming the cell and the pair
     */
    static List<Cell> cells(List<Run> runs, String contender, String baseline) {
        Map<String, Map<Integer, Run[]>> byCell = new LinkedHashMap<>();
        for (Run r : runs) {
            int side = r.executor().equals(contender) ? 0 : r.executor().equals(baseline) ? 1 : -1;
            if (side < 0) {
                continue;
            }
            Run[] pair = byCell.computeIfAbsent(r.task() + "|" + r.producers(), k -> new TreeMap<>())
                    .computeIfAbsent(r.pair(), k -> new Run[2]);
            if (pair[side] != null) {
                throw new IllegalArgumentException("cell " + r.task() + " x" + r.producers() + ", pair " + r.pair()
                        + ": two runs of " + r.executor());
            }
            pair[side] = r;
        }
        List<Cell> cells = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Run[]>> e : byCell.entrySet()) {
            String[] key = e.getKey().split("\\|");
            List<Double> ratios = new ArrayList<>();
            List<Double> ofContender = new ArrayList<>();
            List<Double> ofBaseline = new ArrayList<>();
            for (Map.Entry<Integer, Run[]> p : e.getValue().entrySet()) {
                Run[] pair = p.getValue();
                for (int side = 0; side < 2; side++) {
                    if (pair[side] == null) {
                        throw new IllegalArgumentException("cell " + key[0] + " x" + key[1] + ", pair " + p.getKey()
                                + ": no run of " + (side == 0 ? contender : baseline));
                    }
                }
                ratios.add(pair[0].opsPerSecond() / pair[1].opsPerSecond());
                ofContender.add(pair[0].opsPerSecond());
                ofBaseline.add(pair[1].opsPerSecond());
            }
            cells.add(new Cell(key[0], Integer.parseInt(key[1]), List.copyOf(ratios), median(ratios),
                    Collections.min(ratios), Collections.max(ratios), median(ofContender), median(ofBaseline)));
        }
        return cells;
    }

    /** The middle value, or the mean of the two middle values of an even count. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("median of no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A Markdown table of the cells, one row each, the median ratio in bold. */
    static String markdown(List<Cell> cells, String contender, String baseline) {
        StringBuilder b = new StringBuilder();
        b.append("| task | producers | pairs | median ").append(contender).append(" / ").append(baseline)
                .append(" | min-max | ").append(contender).append(" (median) | ").append(baseline)
                .append(" (median) | ratios, pair by pair |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Cell c : cells) {
            StringBuilder each = new StringBuilder();
            for (double r : c.ratios()) {
                each.append(each.length() == 0 ? "" : " ").append(twoPlaces(r));
            }
            b.append("| ").append(c.task()).append(" | ").append(c.producers()).append(" | ").append(c.ratios().size())
                    .append(" | **").append(twoPlaces(c.median())).append("** | ").append(twoPlaces(c.min()))
                    .append("-").append(twoPlaces(c.max())).append(" | ").append(OverheadTable.rate(c.contenderMedian()))
                    .append("/s | ").append(OverheadTable.rate(c.baselineMedian())).append("/s | ").append(each)
                    .append(" |\n");
        }
        return b.toString();
    }

    /**
     * A Markdown table of the secondary results: per cell and metric (in the order first seen), the
     * median over the pairs for the contender and for the baseline.
     */
    static String metricsMarkdown(List<Metric> metrics, String contender, String baseline) {
        Map<String, List<List<Double>>> byKey = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (Metric m : metrics) {
            int side = m.executor().equals(contender) ? 0 : m.executor().equals(baseline) ? 1 : -1;
            if (side < 0) {
                continue;
            }
            String key = m.task() + " | " + m.producers() + " | " + m.name();
            byKey.computeIfAbsent(key, k -> List.of(new ArrayList<>(), new ArrayList<>())).get(side).add(m.value());
            units.put(key, m.unit());
        }
        StringBuilder b = new StringBuilder();
        b.append("| task | producers | metric | unit | ").append(contender).append(" (median) | ").append(baseline)
                .append(" (median) |\n|---|---:|---|---|---:|---:|\n");
        for (Map.Entry<String, List<List<Double>>> e : byKey.entrySet()) {
            b.append("| ").append(e.getKey()).append(" | ").append(units.get(e.getKey()));
            for (List<Double> side : e.getValue()) {
                b.append(" | ").append(side.isEmpty() ? "—" : threeFigures(median(side)));
            }
            b.append(" |\n");
        }
        return b.toString();
    }

    /** 1234, 57.8, 0.412, 0.00912: three significant figures, no exponent. */
    static String threeFigures(double v) {
        double a = Math.abs(v);
        if (a >= 100 || a == 0) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        int decimals = 2 - (int) Math.floor(Math.log10(a));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The cells whose median ratio is below {@code bar}, as "noop x1, cpu1us x8", or "" if none. */
    static String below(List<Cell> cells, double bar) {
        StringBuilder b = new StringBuilder();
        for (Cell c : cells) {
            if (c.median() < bar) {
                b.append(b.length() == 0 ? "" : ", ").append(c.task()).append(" x").append(c.producers());
            }
        }
        return b.toString();
    }

    /**
     * Reads runs back from the CSV {@link Run#csv()} writes, under {@link #CSV_HEADER}.
     *
     * @throws IllegalArgumentException if the header differs or a line is malformed, naming the line
     */
    static List<Run> parse(List<String> lines) {
        return parseCsv("runs", CSV_HEADER, 5, lines, f -> new Run(Integer.parseInt(f[0]), f[1],
                Integer.parseInt(f[2]), f[3], Double.parseDouble(f[4])));
    }

    /**
     * Reads metrics back from the CSV {@link Metric#csv()} writes, under {@link #METRICS_HEADER}.
     *
     * @throws IllegalArgumentException if the header differs or a line is malformed, naming the line
     */
    static List<Metric> parseMetrics(List<String> lines) {
        return parseCsv("metrics", METRICS_HEADER, 7, lines, f -> new Metric(Integer.parseInt(f[0]), f[1],
                Integer.parseInt(f[2]), f[3], f[4], Double.parseDouble(f[5]), f[6]));
    }

    /** The rows under {@code header}, blank lines skipped; {@code row} may throw NumberFormatException. */
    private static <T> List<T> parseCsv(String what, String header, int fields, List<String> lines,
            Function<String[], T> row) {
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IllegalArgumentException(what + " CSV must start with the header '" + header + "', found '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        List<T> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                if (f.length != fields) {
                    throw new NumberFormatException(fields + " fields expected");
                }
                rows.add(row.apply(f));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " CSV line " + (i + 1) + " (" + line + ") is not "
                        + header + ": " + e.getMessage());
            }
        }
        return rows;
    }

    static String twoPlaces(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
