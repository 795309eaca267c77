package io.adaptivepool.benchmarks.burst;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one contender's run produced: outcome, peaks, counts, latencies and the sampled timeline. */
final class ContenderResult {
    enum Outcome {
        /** Ran to the end within every cap. */
        OK,
        /** Stopped by a safety cap (threads, RSS, time): a failure under load. */
        FAILED,
        /** The JVM died by itself (OutOfMemoryError, a crash, an unexpected exit). */
        CRASHED,
        /** Not run, for the reason in the detail. */
        SKIPPED
    }

    /** One sample of the child taken by the parent. */
    record Sample(long millis, int threads, long rssKb) {
    }

    final String name;
    Outcome outcome = Outcome.OK;
    String detail = "";
    /** Something a reader needs to interpret the row that is not a failure (e.g. which JDK ran it and why). */
    String note = "";
    int jdk = -1;
    String poolClass = "";
    int exitCode = Integer.MIN_VALUE;
    /** True when the figures come from the last progress line rather than the final one. */
    boolean partial;
    long peakThreads;
    long peakRssKb;
    long offered;
    long submitted;
    long rejected;
    long completed;
    long failed;
    long inFlightAtEnd;
    long peakInFlight;
    /** Latency figures in microseconds; {@link #UNKNOWN} until the child reports them. */
    long p50Us = UNKNOWN;
    long p99Us = UNKNOWN;
    long maxUs = UNKNOWN;
    long avgUs = UNKNOWN;
    long maxLagMs;
    double wallSeconds;
    final List<Sample> timeline = new ArrayList<>();

    ContenderResult(String name) {
        this.name = name;
    }

    static ContenderResult skipped(String name, String reason) {
        ContenderResult r = new ContenderResult(name);
        r.outcome = Outcome.SKIPPED;
        r.detail = reason;
        return r;
    }

    /** Takes the figures of a child's STATS or RESULT record; unknown keys are ignored. */
    void takeFigures(Map<String, String> v) {
        offered = num(v, "offered", offered);
        submitted = num(v, "submitted", submitted);
        rejected = num(v, "rejected", rejected);
        completed = num(v, "completed", completed);
        failed = num(v, "failed", failed);
        inFlightAtEnd = num(v, "inFlight", inFlightAtEnd);
        peakInFlight = num(v, "peakInFlight", peakInFlight);
        p50Us = num(v, "p50us", p50Us);
        p99Us = num(v, "p99us", p99Us);
        maxUs = num(v, "maxUs", maxUs);
        avgUs = num(v, "avgUs", avgUs);
        maxLagMs = num(v, "maxLagMs", maxLagMs);
        peakThreads = Math.max(peakThreads, num(v, "peakThreads", 0));
    }

    private static long num(Map<String, String> v, String key, long fallback) {
        String s = v.get(key);
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("child figure '" + key + "' (" + s + ") is not a whole number");
        }
    }

    void sample(long millis, ProcStatus status) {
        timeline.add(new Sample(millis, status.threads(), status.rssKb()));
        peakThreads = Math.max(peakThreads, status.threads());
        peakRssKb = Math.max(peakRssKb, Math.max(status.rssKb(), status.hwmKb()));
    }

    /** Arrivals that never completed nor were refused: never submitted (generator late or blocked), or still queued or running at the end. */
    long notRun() {
        return Math.max(0, offered - completed - rejected - failed);
    }

    String status() {
        switch (outcome) {
            case OK:
                return "ok";
            case FAILED:
                return "FAILED: " + detail;
            case CRASHED:
                return "CRASHED: " + detail;
            default:
                return "skipped: " + detail;
        }
    }

    static final long UNKNOWN = -1L;

    /** Milliseconds with one decimal, or an empty string for a figure never reported. */
    static String millis(long micros) {
        return micros < 0 ? "" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    static String mib(long kb) {
        return Long.toString(Math.round(kb / 1024.0));
    }
}
