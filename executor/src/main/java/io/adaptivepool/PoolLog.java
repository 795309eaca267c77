package io.adaptivepool;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's log, through java.util.logging under the logger {@code io.adaptivepool.AdaptivePoolExecutor},
 * created on first use: JUL is not touched until there is something to say, so a pool built early
 * (by the agent, say) does not initialise JUL before an application server installs its own log
 * manager.
 *
 * <p>Inside the agent's jar (where this class is relocated) the logger keeps that name, its level
 * still decides what is written, and each line goes to standard error as the agent's own lines do:
 * one line, prefixed {@code [adaptive-pool-agent]}, a cause as its {@code toString()} (its stack
 * only at level FINE).
 */
final class PoolLog {
    /*
     * The agent's shade plugin rewrites every string constant that starts with "io.adaptivepool."
     * (a class name, for it): a logger name written as one constant would become
     * "io.adaptivepool.agent.shaded.io.adaptivepool...", which no logging configuration written
     * from the docs matches. "io.adaptivepool" alone is left as it is, so the names below are
     * joined at run time. StallPatternsIT checks the name in a JVM under the agent.
     */
    private static final String ROOT = "io.adaptivepool";
    /** The logger's name, the same in the agent's relocated copy. */
    static final String LOGGER_NAME = join(ROOT, "AdaptivePoolExecutor");
    /** The system property (and agent key {@code stall.stacks}) that adds the stack to stall lines. */
    static final String STACKS_PROPERTY = "adaptivepool.stall.stacks";
    private static final String AGENT_PREFIX = "[adaptive-pool-agent] ";

    private PoolLog() {
    }

    private static final class Holder {
        static final Logger LOG = Logger.getLogger(LOGGER_NAME);
        /** This copy of the engine is the agent's, relocated below its own package. */
        static final boolean IN_AGENT = !PoolLog.class.getName().equals(join(ROOT, PoolLog.class.getSimpleName()));
    }

    static String join(String parent, String child) {
        return new StringBuilder(parent).append('.').append(child).toString();
    }

    static void warning(String message, Throwable cause) {
        write(Level.WARNING, message, cause);
    }

    static void warning(String message) {
        write(Level.WARNING, message, null);
    }

    static void info(String message) {
        write(Level.INFO, message, null);
    }

    static boolean fine() {
        return Holder.LOG.isLoggable(Level.FINE);
    }

    static void fine(String message, Throwable cause) {
        write(Level.FINE, message, cause);
    }

    /** Whether stall lines carry the longest-running worker's stack: on request, or at level FINE. */
    static boolean stacks() {
        return Boolean.getBoolean(STACKS_PROPERTY) || fine();
    }

    private static void write(Level level, String message, Throwable cause) {
        Logger log = Holder.LOG;
        if (!Holder.IN_AGENT) {
            log.logp(level, LOGGER_NAME, null, message, cause); // the source is the pool, not this class
            return;
        }
        if (!log.isLoggable(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(AGENT_PREFIX).append(message);
        if (cause != null) {
            line.append(" (").append(cause).append(')');
        }
        synchronized (System.err) {
            System.err.println(line);
            if (cause != null && log.isLoggable(Level.FINE)) {
                cause.printStackTrace(System.err);
            }
        }
    }
}
