package io.adaptivepool.benchmarks.burst;

import java.util.List;
import java.util.Locale;

/** The burst comparison's Markdown table and CSV files. */
final class Reports {
    private Reports() {
    }

    static final String MARKDOWN_HEADER =
            "| contender | JDK | outcome | peak threads | peak RSS (MiB) | completed | rejected | not run"
                    + " | p50 (ms) | p99 (ms) | max (ms) | avg (ms) |";

    /** One row per contender; a skipped one shows its reason and dashes. */
    static String markdown(List<ContenderResult> results) {
        StringBuilder b = new StringBuilder(MARKDOWN_HEADER).append('\n');
        b.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ContenderResult r : results) {
            b.append("| ").append(r.name).append(" | ").append(r.jdk > 0 ? Integer.toString(r.jdk) : "—")
                    .append(" | ").append(escape(r.status()));
            if (r.outcome == ContenderResult.Outcome.SKIPPED) {
                b.append(" | — | — | — | — | — | — | — | — | — |\n");
                continue;
            }
            String approx = r.partial ? "≥" : "";
            b.append(" | ").append(r.peakThreads)
                    .append(" | ").append(ContenderResult.mib(r.peakRssKb))
                    .append(" | ").append(approx).append(r.completed)
                    .append(" | ").append(approx).append(r.rejected)
                    .append(" | ").append(r.partial ? "—" : Long.toString(r.notRun()))
                    .append(" | ").append(latency(r, r.p50Us, ""))
                    .append(" | ").append(latency(r, r.p99Us, ""))
                    .append(" | ").append(latency(r, r.maxUs, approx))
                    .append(" | ").append(latency(r, r.avgUs, ""))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** A latency cell: a dash when none was reported or no task completed (nothing to measure). */
    private static String latency(ContenderResult r, long micros, String prefix) {
        return micros < 0 || r.completed == 0 ? "—" : prefix + ContenderResult.millis(micros);
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }

    static final String CSV_HEADER = "contender,jdk,outcome,detail,pool_class,exit_code,partial,peak_threads,"
            + "peak_rss_mib,offered,submitted,completed,rejected,failed,in_flight_at_end,not_run,peak_in_flight,"
            + "p50_ms,p99_ms,max_ms,avg_ms,max_generator_lag_ms,wall_s";

    static String resultsCsv(List<ContenderResult> results) {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (ContenderResult r : results) {
            b.append(csv(r.name)).append(',').append(r.jdk).append(',').append(r.outcome).append(',')
                    .append(csv(r.detail)).append(',').append(csv(r.poolClass)).append(',')
                    .append(r.exitCode == Integer.MIN_VALUE ? "" : Integer.toString(r.exitCode)).append(',')
                    .append(r.partial).append(',').append(r.peakThreads).append(',')
                    .append(ContenderResult.mib(r.peakRssKb)).append(',').append(r.offered).append(',')
                    .append(r.submitted).append(',').append(r.completed).append(',').append(r.rejected).append(',')
                    .append(r.failed).append(',').append(r.inFlightAtEnd).append(',').append(r.notRun()).append(',')
                    .append(r.peakInFlight).append(',').append(ContenderResult.millis(r.p50Us)).append(',')
                    .append(ContenderResult.millis(r.p99Us)).append(',').append(ContenderResult.millis(r.maxUs))
                    .append(',').append(ContenderResult.millis(r.avgUs)).append(',').append(r.maxLagMs).append(',')
                    .append(String.format(Locale.ROOT, "%.1f", r.wallSeconds)).append('\n');
        }
        return b.toString();
    }

    static String timelineCsv(List<ContenderResult> results) {
        StringBuilder b = new StringBuilder("contender,t_ms,threads,rss_mib\n");
        for (ContenderResult r : results) {
            for (ContenderResult.Sample s : r.timeline) {
                b.append(csv(r.name)).append(',').append(s.millis()).append(',').append(s.threads()).append(',')
                        .append(ContenderResult.mib(s.rssKb())).append('\n');
            }
        }
        return b.toString();
    }

    /** RFC 4180 quoting where needed. */
    static String csv(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
