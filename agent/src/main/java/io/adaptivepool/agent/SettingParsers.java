package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The parsers and formats of the config syntax. */
final class SettingParsers {
    private SettingParsers() {
    }

    static Boolean bool(String value) throws Setting.InvalidValue {
        String v = value.trim();
        if (v.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new Setting.InvalidValue("not true or false");
    }

    /**
     * A whole number that fits an int; one below {@code Integer.MIN_VALUE} is taken as that, for
     * the builder to refuse with its own bound.
     */
    static Integer integer(String value) throws Setting.InvalidValue {
        long parsed = wholeNumber(value);
        if (parsed > Integer.MAX_VALUE) {
            throw new Setting.InvalidValue("must be <= " + Integer.MAX_VALUE);
        }
        return (int) Math.max(parsed, Integer.MIN_VALUE);
    }

    static Integer port(String value) throws Setting.InvalidValue {
        long port = wholeNumber(value);
        if (port < 0 || port > 65535) {
            throw new Setting.InvalidValue("must be between 0 and 65535");
        }
        return (int) port;
    }

    /** Digits with an optional sign; too many digits saturate to {@code Long.MIN_VALUE} or {@code MAX_VALUE}. */
    private static long wholeNumber(String value) throws Setting.InvalidValue {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new Setting.InvalidValue("must not be empty");
        }
        if (!isInteger(v)) {
            throw new Setting.InvalidValue("not an integer");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException tooManyDigits) {
            return v.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A decimal number (the builder checks the range). */
    static Double ratio(String value) throws Setting.InvalidValue {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new Setting.InvalidValue("must not be empty");
        }
        // Double.parseDouble also takes hex, and a trailing d or f: only decimals are meant here
        char last = v.charAt(v.length() - 1);
        if (v.indexOf('x') >= 0 || v.indexOf('X') >= 0 || (Character.isLetter(last) && last != 'N' && last != 'y')) {
            throw new Setting.InvalidValue("not a number");
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new Setting.InvalidValue("not a number");
        }
    }

    /**
     * A duration: a whole number and a unit, {@code ms}, {@code s}, {@code m} or {@code h}
     * ({@code 500ms}, {@code 30s}, {@code 2m}); a bare {@code 0} needs no unit. A negative one
     * is returned (the builder refuses it with its own bound), as {@code -1ns} if it is too long.
     */
    static Duration duration(String value) throws Setting.InvalidValue {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new Setting.InvalidValue("must not be empty");
        }
        int unitAt = v.length();
        while (unitAt > 0 && Character.isLetter(v.charAt(unitAt - 1))) {
            unitAt--;
        }
        String digits = v.substring(0, unitAt);
        String unit = v.substring(unitAt);
        boolean knownUnit = unit.equals("ms") || unit.equals("s") || unit.equals("m") || unit.equals("h");
        if (!isInteger(digits) || digits.startsWith("+") || !(knownUnit || (unit.isEmpty() && isZero(digits)))) {
            throw new Setting.InvalidValue("not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 30s, 2m)");
        }
        boolean negative = digits.startsWith("-") && !isZero(digits);
        long unitNanos = unit.equals("s") ? 1_000_000_000L : unit.equals("m") ? 60_000_000_000L
                : unit.equals("h") ? 3_600_000_000_000L : 1_000_000L;
        long amount;
        try {
            amount = Math.abs(Long.parseLong(digits));
        } catch (NumberFormatException tooManyDigits) {
            amount = Long.MAX_VALUE;
        }
        if (amount > Long.MAX_VALUE / unitNanos) {
            if (negative) {
                return Duration.ofNanos(-1);
            }
            throw new Setting.InvalidValue("too large (at most 292 years)");
        }
        return Duration.ofNanos((negative ? -amount : amount) * unitNanos);
    }

    static Duration durationOrUnbounded(String value) throws Setting.InvalidValue {
        return value.trim().equalsIgnoreCase(Setting.UNBOUNDED) ? null : duration(value);
    }

    static Saturation saturation(String value) throws Setting.InvalidValue {
        String v = value.trim().toUpperCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (Saturation s : Saturation.values()) {
            if (s.name().equals(v)) {
                return s;
            }
            names.add(s.name());
        }
        throw new Setting.InvalidValue(v.isEmpty() ? "must not be empty" : "not one of " + String.join(", ", names));
    }

    static String nonEmpty(String value) throws Setting.InvalidValue {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new Setting.InvalidValue("must not be empty");
        }
        return v;
    }

    static String user(String value) throws Setting.InvalidValue {
        String v = nonEmpty(value);
        if (v.indexOf(':') >= 0) {
            throw new Setting.InvalidValue("a basic-auth user name cannot contain ':'");
        }
        return v;
    }

    static String envVariable(String value) throws Setting.InvalidValue {
        String v = value.trim();
        if (v.isEmpty() || v.indexOf('=') >= 0 || v.indexOf('\0') >= 0) {
            throw new Setting.InvalidValue("not an environment variable name");
        }
        if (v.toUpperCase(Locale.ROOT).startsWith(AgentConfig.ENV_PREFIX)) {
            throw new Setting.InvalidValue("variables named " + AgentConfig.ENV_PREFIX + "* are agent keys; choose"
                    + " another name");
        }
        return v;
    }

    /** Comma-separated class-name prefixes, or {@code *}. */
    static List<String> prefixes(String value) throws Setting.InvalidValue {
        List<String> prefixes = new ArrayList<>();
        for (String item : value.trim().split(",")) {
            String p = item.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.equals("*") && !isPrefix(p)) {
                throw new Setting.InvalidValue("'" + p + "' is not a class-name prefix (letters, digits, _, $ and"
                        + " dots, such as com.acme.) nor *");
            }
            prefixes.add(p);
        }
        return Collections.unmodifiableList(prefixes);
    }

    private static boolean isPrefix(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (!(Character.isJavaIdentifierPart(c) || c == '.')) {
                return false;
            }
        }
        return true;
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

    static void maxSubmitWait(AdaptivePoolExecutor.Builder builder, Duration wait) {
        if (wait != null) {
            builder.maxSubmitWait(wait);
        }
    }

    static String format(Duration d) {
        return Setting.formatMillis(d.toMillis());
    }

    static String formatOrUnbounded(Duration d) {
        return d == null ? Setting.UNBOUNDED : format(d);
    }

    static String list(List<String> items) {
        return String.join(",", items);
    }

    static String text(String s) {
        return s;
    }
}
