package io.adaptivepool;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's log, through java.util.logging, created on first use: JUL is not touched until
 * there is something to say, so a pool built early (by the agent, say) does not initialise JUL
 * before an application server installs its own log manager.
 */
final class PoolLog {
    private PoolLog() {
    }

    private static final class Holder {
        static final Logger LOG = Logger.getLogger(AdaptivePoolExecutor.class.getName());
    }

    static void warning(String message, Throwable cause) {
        Holder.LOG.log(Level.WARNING, message, cause);
    }

    static void warning(String message) {
        Holder.LOG.log(Level.WARNING, message);
    }

    static void info(String message) {
        Holder.LOG.log(Level.INFO, message);
    }

    static boolean fine() {
        return Holder.LOG.isLoggable(Level.FINE);
    }

    static void fine(String message, Throwable cause) {
        Holder.LOG.log(Level.FINE, message, cause);
    }
}
