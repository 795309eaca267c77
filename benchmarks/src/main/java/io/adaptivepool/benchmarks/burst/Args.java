package io.adaptivepool.benchmarks.burst;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options of the form {@code --name value}, each known in advance with a default.
 * Bad input fails with {@link IllegalArgumentException} naming the option and the value. Shared by
 * the burst comparison and the interleaved overhead runs.
 */
public final class Args {
    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code args} over {@code defaults} (option name without dashes to default value;
     * a null default means "no default": {@link #text} then fails unless given).
     *
     * @throws IllegalArgumentException for an unknown option, a missing value or a stray token
     */
    public static Args parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String token = args[i];
            if (!token.startsWith("--") || token.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + token + "'; options look like --rate 1000");
            }
            String name = token.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option '--" + name + "'; known: " + known(defaults.keySet()));
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option '--" + name + "' needs a value");
                }
                value = args[++i];
            }
            values.put(name, value);
        }
        return new Args(values);
    }

    private static String known(Set<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : new TreeSet<>(names)) {
            b.append(b.length() == 0 ? "" : ", ").append("--").append(n);
        }
        return b.toString();
    }

    /** The option's text; fails if it has neither a value nor a default. */
    public String text(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("option '--" + name + "' is required");
        }
        return v;
    }

    /** The option's text, or null when unset and without default. */
    public String optional(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** An integer at least {@code min}. */
    public long longAtLeast(String name, long min) {
        String v = text(name);
        long n;
        try {
            n = Long.parseLong(v.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " (" + v + ") is not a whole number");
        }
        if (n < min) {
            throw new IllegalArgumentException("--" + name + " (" + v + ") must be >= " + min);
        }
        return n;
    }

    public int intAtLeast(String name, int min) {
        long n = longAtLeast(name, min);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " (" + n + ") is too large");
        }
        return (int) n;
    }
}
