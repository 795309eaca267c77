package io.adaptivepool.examples.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict query-string parsing: unknown, repeated or malformed parameters are errors that name them. */
final class Query {
    private Query() {
    }

    /**
     * Parses {@code rawQuery} ({@code null} for none), allowing only the {@code allowed} names.
     *
     * @throws IllegalArgumentException naming the parameter, for an unknown or repeated one
     */
    static Map<String, String> parse(String rawQuery, String... allowed) {
        List<String> names = Arrays.asList(allowed);
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown query parameter '" + name + "'; expected " + String.join(", ", names));
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("query parameter " + name + " given more than once");
            }
        }
        return values;
    }

    /**
     * The whole number {@code name} in [{@code min}, {@code max}], or {@code defaultValue} when it is
     * absent ({@code null}: the parameter is required).
     *
     * @throws IllegalArgumentException naming the parameter and the value
     */
    static int intIn(Map<String, String> query, String name, Integer defaultValue, int min, int max, String unit) {
        String text = query.get(name);
        if (text == null) {
            if (defaultValue == null) {
                throw new IllegalArgumentException("missing query parameter " + name + " (" + unit + ", "
                        + min + " to " + max + ")");
            }
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter " + name + " (" + text + ") is not a whole number of " + unit);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("query parameter " + name + " (" + text + ") must be between "
                    + min + " and " + max + " " + unit);
        }
        return value;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return s;
        }
    }
}
