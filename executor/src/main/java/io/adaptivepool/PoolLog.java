package io.adaptivepool;

import java.util.logging.Level;

/**
 * The engine's log: a {@link ModuleLog} under the logger {@code io.adaptivepool.AdaptivePoolExecutor}
 * (the same name inside the agent's jar, where each line is the agent's: one line on standard
 * error, prefixed {@code [adaptive-pool-agent]}, still filtered by this logger's level).
 */
final class PoolLog {
    /** The system property (and agent key {@code stall.stacks}) that adds the stack to stall lines. */
    static final String STACKS_PROPERTY = "adaptivepool.stall.stacks";
    private static final ModuleLog LOG = ModuleLog.of(AdaptivePoolExecutor.class);

    private PoolLog() {
    }

    static void warning(String message, Throwable cause) {
        LOG.write(Level.WARNING, message, cause);
    }

    static void warning(String message) {
        LOG.write(Level.WARNING, message, null);
    }

    static void info(String message) {
        LOG.write(Level.INFO, message, null);
    }

    static void write(Level level, String message, Throwable cause) {
        LOG.write(level, message, cause);
    }

    static boolean fine() {
        return LOG.isLoggable(Level.FINE);
    }

    static void fine(String message, Throwable cause) {
        LOG.write(Level.FINE, message, cause);
    }

    /** Whether stall lines carry the longest-running worker's stack: on request, or at level FINE. */
    static boolean stacks() {
        return Boolean.getBoolean(STACKS_PROPERTY) || fine();
    }
}
