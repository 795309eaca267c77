package io.adaptivepool.agent.cli;

import io.adaptivepool.agent.Setting;

/**
 * Durations on the command line: a whole number and a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h} ({@code 500ms}, {@code 2s}, {@code 1m}); a bare {@code 0} needs no unit. Values are
 * whole milliseconds, as the MBean holds them.
 */
final class CliDurations {
    private CliDurations() {
    }

    /**
     * The duration in milliseconds. A sign is accepted, so that the builder, not this parser,
     * words the complaint about a negative value.
     *
     * @throws NumberFormatException with the reason, when it is not a duration
     */
    static long parseMillis(String text) {
        String v = text.trim();
        int unitAt = v.length();
        while (unitAt > 0 && Character.isLetter(v.charAt(unitAt - 1))) {
            unitAt--;
        }
        String digits = v.substring(0, unitAt);
        String unit = v.substring(unitAt);
        long unitMillis;
        switch (unit) {
            case "ms":
                unitMillis = 1;
                break;
            case "s":
                unitMillis = 1_000;
                break;
            case "m":
                unitMillis = 60_000;
                break;
            case "h":
                unitMillis = 3_600_000;
                break;
            case "":
                unitMillis = 0; // only a bare zero
                break;
            default:
                unitMillis = -1;
        }
        if (unitMillis < 0 || !digits.matches("[-+]?[0-9]+") || (unitMillis == 0 && !digits.matches("[-+]?0+"))) {
            throw new NumberFormatException("not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 2s, 1m)");
        }
        long amount;
        try {
            amount = Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
        } catch (NumberFormatException tooLong) {
            throw new NumberFormatException("too large");
        }
        if (unitMillis == 0) {
            return 0;
        }
        if (Math.abs(amount) > Long.MAX_VALUE / unitMillis) {
            throw new NumberFormatException("too large");
        }
        return amount * unitMillis;
    }

    /** {@code 2s}, {@code 500ms}, {@code 1m}, {@code 3h}: the shortest exact form. */
    static String format(long millis) {
        return Setting.formatMillis(millis);
    }

    /** An age for a table: {@code 850ms}, {@code 4.2s}, {@code 3m05s}, {@code 2h10m}. */
    static String formatAge(long millis) {
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", millis / 60_000, millis % 60_000 / 1000);
        }
        return String.format(java.util.Locale.ROOT, "%dh%02dm", millis / 3_600_000, millis % 3_600_000 / 60_000);
    }
}
