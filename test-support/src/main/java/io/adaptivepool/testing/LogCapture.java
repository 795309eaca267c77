package io.adaptivepool.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records that reach one {@code java.util.logging} logger, by its exact name, while the capture
 * is open: {@code try (LogCapture log = LogCapture.of("io.adaptivepool.jmx.AdaptivePoolJmx")) {...}}.
 * Holds the logger strongly while open, so that its handler is not lost with it.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(handler);
    }

    /** Starts capturing what reaches the logger named {@code loggerName} (the name as the docs give it). */
    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName));
    }

    /** The records so far, in order. */
    public List<LogRecord> records() {
        return new ArrayList<>(records);
    }

    /** The records so far whose message contains {@code text}. */
    public List<LogRecord> containing(String text) {
        List<LogRecord> found = new ArrayList<>();
        for (LogRecord r : records) {
            if (r.getMessage() != null && r.getMessage().contains(text)) {
                found.add(r);
            }
        }
        return found;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
