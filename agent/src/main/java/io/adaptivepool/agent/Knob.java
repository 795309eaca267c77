package io.adaptivepool.agent;

import java.time.Duration;
import java.util.Locale;

/**
 * A pool setting that {@code pool.defaults.<knob>} and {@code pool.<name>.<knob>} can set: one per
 * knob of {@code AdaptivePoolExecutor.Builder}. Each parses and checks its value with the same
 * bounds as the builder, so that a bad value is reported at start, naming the key and the value,
 * rather than when the first pool is made.
 */
enum Knob {
    MIN_WORKERS("minWorkers"),
    MAX_WORKERS("maxWorkers"),
    QUEUE_CAPACITY("queueCapacity"),
    SCALE_UP_THRESHOLD("scaleUpThreshold"),
    SCALE_DOWN_IDLE("scaleDownIdle"),
    SCALE_COOLDOWN("scaleCooldown"),
    SATURATION("saturation"),
    MAX_SUBMIT_WAIT("maxSubmitWait"),
    STALL_WORKERS("stallWorkers"),
    STALL_TIMEOUT("stallTimeout");

    /** The value of {@code maxSubmitWait} that means "wait as long as it takes" (the default). */
    static final String UNBOUNDED = "unbounded";


    /** The name used in keys, exactly as the builder method is spelled. */
    final String key;

    Knob(String key) {
        this.key = key;
    }

    /** The knob whose key is {@code key} (exact spelling), or null. */
    static Knob of(String key) {
        for (Knob k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    /** The knob whose key is {@code key} ignoring case (used for environment names and hints), or null. */
    static Knob ofIgnoreCase(String key) {
        for (Knob k : values()) {
            if (k.key.equalsIgnoreCase(key)) {
                return k;
            }
        }
        return null;
    }

    /** The knobs' keys, comma-separated, in declaration order (for messages and the CLI's help). */
    static String keys() {
        StringBuilder sb = new StringBuilder();
        for (Knob k : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(k.key);
        }
        return sb.toString();
    }

    /**
     * Parses and checks a value: an {@link Integer}, a {@link Double}, a {@link Duration}, the
     * saturation's name, or for {@code maxSubmitWait} a {@link Duration} or {@link #UNBOUNDED}.
     *
     * @throws InvalidValue naming what is wrong (the caller adds the key and the value)
     */
    Object parse(String value) throws InvalidValue {
        switch (this) {
            case MIN_WORKERS:
            case STALL_WORKERS:
                return parseInt(value, 0);
            case MAX_WORKERS:
            case QUEUE_CAPACITY:
                return parseInt(value, 1);
            case SCALE_UP_THRESHOLD:
                return parseThreshold(value);
            case SCALE_DOWN_IDLE:
            case STALL_TIMEOUT:
                return parseDuration(value, true);
            case SCALE_COOLDOWN:
                return parseDuration(value, false);
            case SATURATION:
                return parseSaturation(value);
            case MAX_SUBMIT_WAIT:
                if (value.trim().equalsIgnoreCase(UNBOUNDED)) {
                    return UNBOUNDED;
                }
                return parseDuration(value, false);
            default:
                throw new AssertionError(this);
        }
    }

    static int parseInt(String value, int min) throws InvalidValue {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new InvalidValue("must not be empty");
        }
        if (!isInteger(v)) {
            throw new InvalidValue("not an integer");
        }
        long parsed;
        try {
            parsed = Long.parseLong(v);
        } catch (NumberFormatException tooManyDigits) {
            parsed = v.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (parsed < min) {
            throw new InvalidValue("must be >= " + min);
        }
        if (parsed > Integer.MAX_VALUE) {
            throw new InvalidValue("must be <= " + Integer.MAX_VALUE);
        }
        return (int) parsed;
    }

    static double parseThreshold(String value) throws InvalidValue {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new InvalidValue("must not be empty");
        }
        double d;
        try {
            // Double.parseDouble also takes hex, and a trailing d or f: only decimals are meant here
            char last = v.charAt(v.length() - 1);
            if (v.indexOf('x') >= 0 || v.indexOf('X') >= 0 || (Character.isLetter(last) && last != 'N' && last != 'y')) {
                throw new NumberFormatException(v);
            }
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidValue("not a number");
        }
        if (!(d >= 0.0 && d <= 1.0)) { // also refuses NaN
            throw new InvalidValue("must be between 0.0 and 1.0");
        }
        return d;
    }

    /**
     * A duration: a whole number and a unit, {@code ms}, {@code s}, {@code m} or {@code h}
     * ({@code 500ms}, {@code 30s}, {@code 2m}); a bare {@code 0} needs no unit.
     */
    static Duration parseDuration(String value, boolean positive) throws InvalidValue {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new InvalidValue("must not be empty");
        }
        int unitAt = v.length();
        while (unitAt > 0 && Character.isLetter(v.charAt(unitAt - 1))) {
            unitAt--;
        }
        String digits = v.substring(0, unitAt);
        String unit = v.substring(unitAt);
        boolean knownUnit = unit.equals("ms") || unit.equals("s") || unit.equals("m") || unit.equals("h");
        if (!isInteger(digits) || digits.startsWith("+") || !(knownUnit || (unit.isEmpty() && isZero(digits)))) {
            throw new InvalidValue("not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 30s, 2m)");
        }
        if (digits.startsWith("-") && !isZero(digits)) {
            throw new InvalidValue(positive ? "must be > 0" : "must be >= 0");
        }
        long amount;
        try {
            amount = Math.abs(Long.parseLong(digits));
        } catch (NumberFormatException tooManyDigits) {
            throw new InvalidValue("too large (at most 292 years)");
        }
        long unitNanos = unit.equals("s") ? 1_000_000_000L : unit.equals("m") ? 60_000_000_000L
                : unit.equals("h") ? 3_600_000_000_000L : 1_000_000L;
        if (amount > Long.MAX_VALUE / unitNanos) {
            throw new InvalidValue("too large (at most 292 years)");
        }
        if (positive && amount == 0) {
            throw new InvalidValue("must be > 0");
        }
        return Duration.ofNanos(amount * unitNanos);
    }

    /** An optional sign, then at least one ASCII digit, and nothing else. */
    private static boolean isInteger(String v) {
        int start = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
        if (v.length() == start) {
            return false;
        }
        for (int i = start; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String integer) {
        for (int i = 0; i < integer.length(); i++) {
            char c = integer.charAt(i);
            if (c != '0' && c != '-' && c != '+') {
                return false;
            }
        }
        return true;
    }

    static String parseSaturation(String value) throws InvalidValue {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("BLOCK") || v.equals("REJECT") || v.equals("CALLER_RUNS")) {
            return v;
        }
        throw new InvalidValue(v.isEmpty() ? "must not be empty" : "not one of BLOCK, REJECT, CALLER_RUNS");
    }

    /** A value that does not parse or is out of bounds; the message says why, without the key. */
    static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValue(String reason) {
            super(reason, null, false, false);
        }
    }
}
