package io.adaptivepool.examples.batch;

import io.adaptivepool.PoolMetrics;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Progress of a batch: the rate over the last few seconds, the ETA, and how it is drawn. */
final class Progress {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);
    static final int BAR_WIDTH = 30;

    private final long total;
    private final long start;
    /** Recent (time, done) pairs, oldest first; guarded by this. */
    private final ArrayDeque<long[]> recent = new ArrayDeque<>();

    Progress(long total, long startNanos) {
        this.total = total;
        this.start = startNanos;
        recent.add(new long[] {startNanos, 0});
    }

    /** What to show at {@code now}, with {@code done} items finished. */
    synchronized Sample sample(long now, long done, PoolMetrics m) {
        recent.addLast(new long[] {now, done});
        while (recent.size() > 2 && now - recent.peekFirst()[0] > WINDOW_NANOS) {
            recent.removeFirst();
        }
        long[] oldest = recent.peekFirst();
        double seconds = (now - oldest[0]) / 1e9;
        double rate = seconds > 0 ? (done - oldest[1]) / seconds : 0;
        long etaSeconds = done >= total ? 0 : rate > 0 ? (long) Math.ceil((total - done) / rate) : -1;
        return new Sample(total, done, rate, etaSeconds, (now - start) / 1e9, m.workers(), m.maxWorkers(),
                m.queueDepth(), m.queueCapacity());
    }

    /** A point-in-time reading. {@code etaSeconds} is -1 when unknown (nothing finished yet). */
    record Sample(long total, long done, double rate, long etaSeconds, double elapsedSeconds,
                  int workers, int maxWorkers, int queueDepth, int queueCapacity) {
        double percent() {
            return total == 0 ? 100.0 : 100.0 * done / total;
        }
    }

    /** The line redrawn in place on a terminal, e.g. {@code [#######.......]  45.2%  12,034 items/s ...}. */
    static String bar(Sample s) {
        int filled = s.total() == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * s.done() / s.total());
        String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
        return String.format(Locale.ROOT, "[%s] %5.1f%%  %,7.0f items/s  workers %3d/%-3d  queue %5d/%-5d  ETA %-6s",
                bar, s.percent(), s.rate(), s.workers(), s.maxWorkers(), s.queueDepth(), s.queueCapacity(),
                eta(s.etaSeconds()));
    }

    /** The status line printed every few seconds when the output is not a terminal. */
    static String line(Sample s) {
        return String.format(Locale.ROOT,
                "progress: %d/%d (%.1f%%) after %.1f s, %.0f items/s, workers %d/%d, queue %d/%d, ETA %s",
                s.done(), s.total(), s.percent(), s.elapsedSeconds(), s.rate(), s.workers(), s.maxWorkers(),
                s.queueDepth(), s.queueCapacity(), eta(s.etaSeconds()));
    }

    static String eta(long seconds) {
        if (seconds < 0) {
            return "?";
        }
        return seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }
}
