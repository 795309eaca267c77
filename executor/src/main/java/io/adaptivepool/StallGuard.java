package io.adaptivepool;

import java.util.Locale;

/**
 * One pool's stall detection: tasks are queued and none has started for {@code stallTimeout}. Each
 * such episode is counted and logged; with {@code stallWorkers} above 0, the pool then adds workers
 * for the queued tasks, within max first and up to {@code stallWorkers} above it (the guard), so
 * that tasks which wait on other tasks of the pool, or long-lived tasks, cannot starve the queue.
 * The workers added above max leave as soon as the queue is empty.
 *
 * <p>Called by {@link PoolWatch#tick} under the pool's lock ({@link #check}), and outside it
 * to log ({@link #log}). Log lines are rate-limited: an episode's first line at most once a minute
 * per pool, with the number of episodes not logged since; an end line only after a logged start.
 */
final class StallGuard {
    /** The least time between two logged stall starts of one pool. */
    static final long LOG_SPACING_NANOS = 60_000_000_000L;
    private static final int STACK_FRAMES = 12;

    private final String pool;

    // guarded by the pool's lock
    private long lastStarted = -1L;
    private long lastProgressAt;
    private boolean inStall;
    private long episodeStart;
    private volatile long stalls;
    private boolean episodeLogged;
    private boolean loggedOnce;
    private long lastLoggedAt;
    private int notLogged;

    StallGuard(String pool) {
        this.pool = pool;
    }

    long stalls() {
        return stalls;
    }

    /** Something to log, and how many workers to add, decided under the pool's lock. */
    static final class Event {
        final boolean begins;
        final long now;
        final long stalledNanos;
        final int queued;
        final long oldestQueuedNanos;
        final int add;
        final Settings settings;
        final int notLoggedBefore;
        int workers;
        int busy;
        int overMax;
        Thread busiest;

        Event(boolean begins, long now, long stalledNanos, int queued, long oldestQueuedNanos, int add,
                Settings settings, int notLoggedBefore) {
            this.begins = begins;
            this.now = now;
            this.stalledNanos = stalledNanos;
            this.queued = queued;
            this.oldestQueuedNanos = oldestQueuedNanos;
            this.add = add;
            this.settings = settings;
            this.notLoggedBefore = notLoggedBefore;
        }

        void describe(int workersAfter, int busyNow, int overMaxAfter, Thread busiestWorker) {
            this.workers = workersAfter;
            this.busy = busyNow;
            this.overMax = overMaxAfter;
            this.busiest = busiestWorker;
        }
    }

    /**
     * One look, a few times a second: null when nothing is to be done or said, else what to log and
     * how many workers to add.
     */
    Event check(long now, int queued, long started, Settings s, int workers, long oldestQueuedNanos) {
        if (queued == 0 || started != lastStarted) {
            lastStarted = started;
            lastProgressAt = now;
            if (!inStall) {
                return null;
            }
            inStall = false;
            if (!episodeLogged) {
                return null;
            }
            episodeLogged = false;
            return new Event(false, now, now - episodeStart, queued, oldestQueuedNanos, 0, s, 0);
        }
        if (now - lastProgressAt < s.stallTimeoutNanos()) {
            return null;
        }
        boolean begins = !inStall;
        int add = 0;
        if (s.stallWorkers > 0) {
            add = Math.max(0, Math.min(queued, s.maxWorkers + s.stallWorkers - workers));
        }
        if (add > 0) {
            lastProgressAt = now; // the added workers get a stall timeout of their own to start tasks
        }
        if (!begins) {
            return add > 0 ? new Event(false, now, now - episodeStart, queued, oldestQueuedNanos, add, s, -1) : null;
        }
        inStall = true;
        stalls++;
        episodeStart = now - s.stallTimeoutNanos();
        int skipped = -1;
        if (!loggedOnce || now - lastLoggedAt >= LOG_SPACING_NANOS) {
            loggedOnce = true;
            lastLoggedAt = now;
            episodeLogged = true;
            skipped = notLogged;
            notLogged = 0;
        } else {
            notLogged++;
        }
        return new Event(true, now, now - episodeStart, queued, oldestQueuedNanos, add, s, skipped);
    }

    /** Writes the event's line, if it has one (outside the pool's lock). */
    void log(Event e) {
        if (e.begins && e.notLoggedBefore >= 0) {
            PoolLog.warning(beginLine(e));
        } else if (!e.begins && e.notLoggedBefore == 0) {
            PoolLog.info("pool '" + pool + "' stall over after " + seconds(e.stalledNanos)
                    + ": tasks are starting again; " + e.workers + " workers (" + e.overMax + " above max "
                    + e.settings.maxWorkers + "), " + e.queued + " queued");
        }
    }

    private String beginLine(Event e) {
        Settings s = e.settings;
        StringBuilder b = new StringBuilder("pool '").append(pool).append("' stalled: ").append(e.queued)
                .append(" tasks queued and none started for ").append(seconds(e.stalledNanos))
                .append(" (oldest queued ").append(seconds(e.oldestQueuedNanos)).append("); ")
                .append(e.busy).append(" of ").append(e.workers).append(" workers busy, max ").append(s.maxWorkers)
                .append("; ");
        if (s.stallWorkers == 0) {
            b.append("the stall guard is off, so no worker was added (set stallWorkers, agent key pool.<name>.stallWorkers,"
                    + " to let the pool add workers above maxWorkers for queued tasks)");
        } else if (e.add == 0) {
            b.append("the stall guard is at its ceiling (maxWorkers ").append(s.maxWorkers).append(" + stallWorkers ")
                    .append(s.stallWorkers).append("): no worker added");
        } else {
            b.append("the stall guard added ").append(e.add).append(" workers (").append(e.overMax)
                    .append(" now above max, ceiling maxWorkers + stallWorkers = ")
                    .append(s.maxWorkers + s.stallWorkers).append(")");
        }
        b.append("; stallTimeout ").append(Config.format(s.stallTimeout));
        if (e.notLoggedBefore > 0) {
            b.append("; ").append(e.notLoggedBefore).append(" stalls not logged since the last line");
        }
        Thread t = e.busiest;
        if (t != null) {
            b.append("; the longest-running worker, ").append(t.getName()).append(" (").append(t.getState())
                    .append("), is at:");
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < Math.min(STACK_FRAMES, stack.length); i++) {
                b.append("\n\tat ").append(stack[i]);
            }
            if (stack.length > STACK_FRAMES) {
                b.append("\n\t... ").append(stack.length - STACK_FRAMES).append(" more");
            }
        }
        return b.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
