package io.adaptivepool.agent.cli;

import io.adaptivepool.agent.Setting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A setting that {@code set} changes on a running pool: the builder's name for it, the MBean
 * attribute behind it, and how its value is written and checked. The one list of live knobs: the
 * help text and the error messages are made from it.
 *
 * <p>A value is checked by the builder method of the same name, so a bad one is refused with the
 * builder's own message (the message the MBean answers too), before anything is changed.
 */
enum LiveKnob {
    MIN_WORKERS(Setting.MIN_WORKERS, "MinWorkers", Kind.INT),
    MAX_WORKERS(Setting.MAX_WORKERS, "MaxWorkers", Kind.INT),
    QUEUE_CAPACITY(Setting.QUEUE_CAPACITY, "QueueCapacity", Kind.INT),
    SCALE_UP_THRESHOLD(Setting.SCALE_UP_THRESHOLD, "ScaleUpThreshold", Kind.RATIO),
    SCALE_COOLDOWN(Setting.SCALE_COOLDOWN, "ScaleCooldownMillis", Kind.MILLIS),
    SCALE_DOWN_IDLE(Setting.SCALE_DOWN_IDLE, "ScaleDownIdleMillis", Kind.MILLIS),
    STALL_WORKERS(Setting.STALL_WORKERS, "StallWorkers", Kind.INT),
    STALL_TIMEOUT(Setting.STALL_TIMEOUT, "StallTimeoutMillis", Kind.MILLIS);

    /** How a value is spelled on the command line and held by the MBean attribute. */
    enum Kind {
        /** A whole number; the attribute is an {@code int}. */
        INT,
        /** A decimal number; the attribute is a {@code double}. */
        RATIO,
        /** A duration ({@code 500ms}, {@code 2s}, {@code 1m}); the attribute is a {@code long} of milliseconds. */
        MILLIS
    }

    /** The builder method's name, as typed after {@code set}: the agent's pool knob of that name. */
    final String key;
    /** The agent's pool knob: its builder method checks a value. */
    private final Setting<?> setting;
    /** The attribute of {@code AdaptivePoolMXBean}. */
    final String attribute;
    final Kind kind;

    LiveKnob(Setting<?> setting, String attribute, Kind kind) {
        this.key = setting.key();
        this.setting = setting;
        this.attribute = attribute;
        this.kind = kind;
    }

    /** The knob spelled {@code key} (exactly), or null. */
    static LiveKnob of(String key) {
        for (LiveKnob k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    /** Every key, in declaration order, for help and error messages. */
    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (LiveKnob k : values()) {
            keys.add(k.key);
        }
        return keys;
    }

    /**
     * Parses a value and checks it with the builder: an {@link Integer}, a {@link Double} or a
     * {@link Long} of milliseconds, ready for the attribute.
     *
     * @throws CliException (usage) with the builder's message, or saying why the text is not a value
     */
    Object parse(String text) throws CliException {
        Object value;
        try {
            value = parseSyntax(text);
        } catch (NumberFormatException e) {
            throw CliException.usage(key + "=" + text + ": " + e.getMessage());
        }
        try {
            check(value);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        return value;
    }

    private Object parseSyntax(String text) {
        String v = text.trim();
        switch (kind) {
            case INT:
                if (!v.matches("[-+]?[0-9]+")) {
                    throw new NumberFormatException("not a whole number");
                }
                try {
                    return Integer.valueOf(Integer.parseInt(v.startsWith("+") ? v.substring(1) : v));
                } catch (NumberFormatException e) {
                    throw new NumberFormatException("out of range (at most " + Integer.MAX_VALUE + ")");
                }
            case RATIO:
                if (!v.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?|NaN")) {
                    throw new NumberFormatException("not a number");
                }
                return Double.valueOf(v);
            case MILLIS:
                return Long.valueOf(CliDurations.parseMillis(v));
            default:
                throw new AssertionError(kind);
        }
    }

    /** Runs the builder's check of a single value; throws its {@link IllegalArgumentException}. */
    private void check(Object value) {
        setting.checkObject(kind == Kind.MILLIS ? Duration.ofMillis((Long) value) : value);
    }

    /**
     * The value the attribute answered, in the attribute's type ({@code Integer}, {@code Double},
     * {@code Long}), as the command line spells it: {@code 8}, {@code 0.7}, {@code 2s}.
     */
    String format(Object attributeValue) {
        if (attributeValue == null) {
            return "-";
        }
        if (kind == Kind.MILLIS && attributeValue instanceof Number) {
            return CliDurations.format(((Number) attributeValue).longValue());
        }
        return String.valueOf(attributeValue);
    }

    /**
     * The message the builder gives when {@code maxWorkers} is below {@code minWorkers}, worded
     * after the knob being set, as the MBean words it.
     */
    static String minAboveMax(int min, int max, boolean settingMin) {
        return Setting.minAboveMax(min, max, settingMin);
    }
}
