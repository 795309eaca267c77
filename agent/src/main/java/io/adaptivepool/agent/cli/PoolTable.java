package io.adaptivepool.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pools as a text table, one row per pool, columns aligned; numbers right-aligned, and
 * {@code -} where the pool's version has no such reading; STALLS and OVER-MAX are the stall guard's
 * (episodes so far, workers above max now). With {@link Rates}, two more columns
 * give the tasks finished and the submissions rejected per second since the previous read.
 */
final class PoolTable {
    private static final String[] HEADERS = {
        "POOL", "WORKERS", "BUSY", "MIN", "MAX", "QUEUE", "OLDEST", "THROUGHPUT", "FAILED", "REJECTED", "SATURATION", "STALLS",
        "OVER-MAX",
    };
    private static final String[] RATE_HEADERS = {"TASKS/S", "REJECTED/S"};

    private PoolTable() {
    }

    /** The table's lines, header first; {@code rates} null leaves the rate columns out. */
    static List<String> render(List<PoolSnapshot> pools, Rates rates) {
        List<String[]> rows = new ArrayList<>();
        rows.add(rates == null ? HEADERS : concat(HEADERS, RATE_HEADERS));
        for (PoolSnapshot p : pools) {
            String[] cells = {
                p.name + (Boolean.TRUE.equals(p.shutdown) ? " (shut down)" : ""),
                text(p.workers),
                text(p.busyWorkers),
                text(p.minWorkers),
                text(p.maxWorkers),
                text(p.queueDepth) + "/" + text(p.queueCapacity),
                p.oldestQueuedAgeMillis == null ? "-" : CliDurations.formatAge(p.oldestQueuedAgeMillis),
                p.throughput == null ? "-" : perSecond(p.throughput),
                text(p.jobsFailed),
                text(p.jobsRejected),
                p.saturation == null ? "-" : p.saturation,
                text(p.stalls),
                text(p.workersOverMax),
            };
            if (rates != null) {
                Rates.Rate rate = rates.of(p.name);
                cells = concat(cells, new String[] {
                    rate == null ? "-" : perSecond(rate.tasksPerSecond),
                    rate == null ? "-" : perSecond(rate.rejectedPerSecond),
                });
            }
            rows.add(cells);
        }
        return align(rows);
    }

    private static List<String> align(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String header = rows.get(0)[c];
                boolean left = header.equals("POOL") || header.equals("SATURATION");
                String cell = row[c];
                String pad = repeat(' ', widths[c] - cell.length());
                line.append(left ? cell + pad : pad + cell);
            }
            lines.add(trimEnd(line.toString()));
        }
        return lines;
    }

    /** {@code 12.5/s}; one decimal, two below 10/s so that a slow pool does not read 0. */
    private static String perSecond(double rate) {
        return String.format(Locale.ROOT, rate < 10 ? "%.2f/s" : "%.1f/s", rate);
    }

    private static String text(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] both = new String[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String repeat(char c, int times) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < times; i++) {
            sb.append(c);
        }
        return sb.toString();
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
