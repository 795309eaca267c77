package io.adaptivepool;

import java.util.ArrayDeque;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Writes the watch's lines (a stall's lines, a failed stall check) through {@link PoolLog} on a
 * thread of its own, {@code adaptive-pool-watch-lines}: a log handler is user code, and one that
 * blocks or throws must delay lines, never a pool's guard. The thread starts with a line to write
 * and ends once none is left. At most {@link #BOUND} lines wait; those beyond are counted, and the
 * next line written says how many.
 */
final class LineWriter implements Runnable {
    /*
     * A handler that throws loses its own line and nothing else: the failure is not logged, since
     * the log is what failed (writing it would meet the same handler). A handler that blocks for
     * ever holds this thread; lines then wait, up to the bound, and the rest are dropped and counted.
     * If no thread can be made, the line is dropped and counted the same way.
     */
    static final int BOUND = 64;

    private static final Object LOCK = new Object();
    /** Guarded by LOCK. */
    private static final ArrayDeque<LineWriter> WAITING = new ArrayDeque<>();
    /** Guarded by LOCK: lines dropped since the last line written. */
    private static long dropped;
    /** Guarded by LOCK: the running writer, or null. */
    private static Thread thread;

    private final Level level;
    private final Supplier<String> text;
    private final Throwable cause;

    private LineWriter(Level level, Supplier<String> text, Throwable cause) {
        this.level = level;
        this.text = text;
        this.cause = cause;
    }

    /** Writes the line {@code text} gives, with {@code cause} (or null), soon, on the writer's thread. */
    static void write(Level level, Supplier<String> text, Throwable cause) {
        LineWriter line = new LineWriter(level, text, cause);
        synchronized (LOCK) {
            if (WAITING.size() >= BOUND) {
                dropped++;
                return;
            }
            WAITING.add(line);
            if (thread != null) {
                return;
            }
            try {
                Thread t = WatchThreads.make(null, new LineWriter(null, null, null), "adaptive-pool-watch-lines");
                t.start();
                thread = t;
            } catch (Throwable noThread) {
                WAITING.clear(); // the next line tries again, and says how many were lost
                dropped++;
            }
        }
    }

    @Override
    public void run() {
        for (;;) {
            LineWriter line;
            long lost;
            synchronized (LOCK) {
                line = WAITING.poll();
                if (line == null) {
                    thread = null;
                    return;
                }
                lost = dropped;
                dropped = 0;
            }
            try {
                String message = line.text.get();
                if (lost > 0) {
                    message += " (" + lost + " other lines of the stall watch were not written: the log was slow,"
                            + " or no thread could write them)";
                }
                PoolLog.write(line.level, message, line.cause);
            } catch (Throwable lostWithItsHandler) {
                // contained: see the note above
            }
        }
    }
}
