package io.adaptivepool;

import java.time.Duration;

/** Validation shared by the builder and the live setters, so both answer with the same message. */
final class Config {
    private Config() {
    }

    static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(message);
    }

    static String name(String name) {
        return notBlank("name", name);
    }

    static String notBlank(String field, String value) {
        if (value == null) {
            throw invalid(field + " must not be null");
        }
        if (value.trim().isEmpty()) {
            throw invalid(field + " (\"" + value + "\") must not be blank");
        }
        return value;
    }

    static int minWorkers(int minWorkers) {
        if (minWorkers < 0) {
            throw invalid("minWorkers (" + minWorkers + ") must be >= 0");
        }
        return minWorkers;
    }

    static int maxWorkers(int maxWorkers) {
        if (maxWorkers < 1) {
            throw invalid("maxWorkers (" + maxWorkers + ") must be >= 1");
        }
        return maxWorkers;
    }

    /** The combination, worded after the field being set. */
    static void minNotAboveMax(int minWorkers, int maxWorkers, boolean settingMin) {
        if (maxWorkers < minWorkers) {
            throw invalid(settingMin
                    ? "minWorkers (" + minWorkers + ") must be <= maxWorkers (" + maxWorkers + ")"
                    : "maxWorkers (" + maxWorkers + ") must be >= minWorkers (" + minWorkers + ")");
        }
    }

    static int queueCapacity(int queueCapacity) {
        if (queueCapacity < 1) {
            throw invalid("queueCapacity (" + queueCapacity + ") must be >= 1");
        }
        return queueCapacity;
    }

    static int stallWorkers(int stallWorkers) {
        if (stallWorkers < 0) {
            throw invalid("stallWorkers (" + stallWorkers + ") must be >= 0");
        }
        return stallWorkers;
    }

    static boolean virtualThreads(boolean virtualThreads) {
        if (virtualThreads && !VirtualThreads.supported()) {
            throw invalid("virtualThreads (true) needs Java 21 or later; this JVM is Java "
                    + System.getProperty("java.specification.version"));
        }
        return virtualThreads;
    }

    static void oneThreadSource(boolean threadFactory, boolean virtualThreads) {
        if (threadFactory && virtualThreads) {
            throw invalid("virtualThreads (true) and threadFactory are exclusive: set one");
        }
    }

    static double scaleUpThreshold(double threshold) {
        if (!(threshold >= 0.0 && threshold <= 1.0)) { // also refuses NaN
            throw invalid("scaleUpThreshold (" + threshold + ") must be between 0.0 and 1.0");
        }
        return threshold;
    }

    static Duration positive(String field, Duration value) {
        notNull(field, value);
        if (value.isNegative() || value.isZero()) {
            throw invalid(field + " (" + format(value) + ") must be > 0");
        }
        return value;
    }

    static Duration notNegative(String field, Duration value) {
        notNull(field, value);
        if (value.isNegative()) {
            throw invalid(field + " (" + format(value) + ") must be >= 0");
        }
        return value;
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw invalid(field + " must not be null");
        }
        return value;
    }

    /** {@code 250ms}, {@code 30000ms}; ISO-8601 for sub-millisecond or enormous values. */
    static String format(Duration d) {
        if (d.getNano() % 1_000_000 == 0 && Math.abs(d.getSeconds()) < Long.MAX_VALUE / 1000 - 1) {
            return d.toMillis() + "ms";
        }
        return d.toString();
    }

    /** Nanoseconds, saturated: a duration too long for a long means "for ever", not an overflow. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
