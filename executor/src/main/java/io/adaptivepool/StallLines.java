package io.adaptivepool;

import java.util.Locale;
import java.util.logging.Level;

/**
 * The lines a stall writes, one per event ({@link StallGuard.Event}), through {@link PoolLog}:
 * the start of a stall (WARNING), the pool at its ceiling (WARNING, repeated while it lasts), the
 * end (INFO). The stack of the longest-running worker follows the start line only on request
 * ({@link PoolLog#stacks()}). Decided by the watch thread, written by the {@link LineWriter}.
 */
final class StallLines {
    private static final int STACK_FRAMES = 12;

    private StallLines() {
    }

    /** Writes the event's line, if it has one, on the {@link LineWriter}'s thread: never blocks, never throws. */
    static void write(String pool, StallGuard.Event e) {
        if (!e.written) {
            return;
        }
        switch (e.kind) {
            case BEGIN:
                e.busiestStack(); // now: by the time the line is written, the guard's workers may have freed it
                LineWriter.write(Level.WARNING, () -> begin(pool, e, PoolLog.stacks()), null);
                break;
            case CEILING:
                LineWriter.write(Level.WARNING, () -> ceiling(pool, e), null);
                break;
            case END:
                LineWriter.write(Level.INFO, () -> end(pool, e), null);
                break;
            default:
                break;
        }
    }

    static String begin(String pool, StallGuard.Event e, boolean withStack) {
        Settings s = e.settings;
        StringBuilder b = new StringBuilder("pool '").append(pool).append("' stalled: ").append(e.queued)
                .append(" tasks queued and none started for ").append(seconds(e.stalledNanos))
                .append(" (oldest queued ").append(seconds(e.oldestQueuedNanos)).append("); ")
                .append(e.busy).append(" of ").append(e.workers).append(" workers busy, max ").append(s.maxWorkers)
                .append("; ");
        if (s.stallWorkers == 0) {
            b.append("the stall guard is off, so no worker was added (set stallWorkers, agent key pool.<name>.stallWorkers,"
                    + " to let the pool add workers above maxWorkers for queued tasks)");
        } else if (e.add == 0 && e.workers >= s.maxWorkers + s.stallWorkers) {
            b.append("the stall guard is at its ceiling (maxWorkers ").append(s.maxWorkers).append(" + stallWorkers ")
                    .append(s.stallWorkers).append("): no worker added");
        } else if (e.add == 0) {
            b.append("the pool is stopping: no worker added");
        } else {
            b.append("the stall guard added ").append(e.add).append(" workers (").append(e.overMax())
                    .append(" now above max, ceiling maxWorkers + stallWorkers = ")
                    .append(s.maxWorkers + s.stallWorkers).append(")");
        }
        b.append("; stall timeout ").append(millis(e.timeoutNanos)).append(" (the pool's pace, at most stallTimeout ")
                .append(Config.format(s.stallTimeout)).append(")");
        if (e.notLoggedBefore > 0) {
            b.append("; ").append(e.notLoggedBefore).append(" stalls not logged since the last line");
        }
        Thread t = e.busiest;
        if (withStack && t != null) {
            StackTraceElement[] stack = e.busiestStack();
            b.append("; the longest-running worker, ").append(t.getName()).append(" (").append(e.busiestState())
                    .append("), is at:");
            for (int i = 0; i < Math.min(STACK_FRAMES, stack.length); i++) {
                b.append("\n\tat ").append(stack[i]);
            }
            if (stack.length > STACK_FRAMES) {
                b.append("\n\t... ").append(stack.length - STACK_FRAMES).append(" more");
            }
        }
        return b.toString();
    }

    static String ceiling(String pool, StallGuard.Event e) {
        Settings s = e.settings;
        return "pool '" + pool + "' is at its stall ceiling: " + e.queued + " tasks queued (oldest queued "
                + seconds(e.oldestQueuedNanos) + "), " + e.workers + " workers (" + e.busy + " busy), ceiling maxWorkers "
                + s.maxWorkers + " + stallWorkers " + s.stallWorkers + " = " + (s.maxWorkers + s.stallWorkers)
                + "; queued tasks wait until a worker finishes (stalled for " + seconds(e.stalledNanos)
                + "; raise stallWorkers, agent key pool.<name>.stallWorkers); repeated every "
                + StallGuard.CEILING_SPACING_NANOS / 1_000_000_000L + " s while it lasts";
    }

    static String end(String pool, StallGuard.Event e) {
        return "pool '" + pool + "' stall over after " + seconds(e.stalledNanos) + ": "
                + (e.drained ? "the queue has drained" : "tasks start at the pool's pace again") + "; " + e.workers
                + " workers (" + e.overMax() + " above max " + e.settings.maxWorkers + "), " + e.queued + " queued";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String millis(long nanos) {
        return nanos / 1_000_000L + "ms";
    }
}
