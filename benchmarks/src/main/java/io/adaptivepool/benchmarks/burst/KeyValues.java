package io.adaptivepool.benchmarks.burst;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The line protocol between a burst child and its parent: {@code TAG key=value key=value ...},
 * one record per line, values without spaces.
 */
final class KeyValues {
    private KeyValues() {
    }

    /** Formats a record; a value containing whitespace or '=' is refused. */
    static String format(String tag, Map<String, ?> values) {
        StringBuilder line = new StringBuilder(tag);
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String v = String.valueOf(e.getValue());
            if (v.isEmpty() || v.chars().anyMatch(c -> Character.isWhitespace(c) || c == '=')) {
                throw new IllegalArgumentException("value of '" + e.getKey() + "' (" + v + ") must be non-empty,"
                        + " without whitespace or '='");
            }
            line.append(' ').append(e.getKey()).append('=').append(v);
        }
        return line.toString();
    }

    /**
     * Parses a line that starts with {@code tag} followed by a space or the end of the line; empty
     * when the line has another tag. A token without '=' is an error.
     *
     * @throws IllegalArgumentException for a malformed token, naming it
     */
    static Optional<Map<String, String>> parse(String tag, String line) {
        if (line == null) {
            return Optional.empty();
        }
        String trimmed = line.strip();
        if (!(trimmed.equals(tag) || trimmed.startsWith(tag + " "))) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        String rest = trimmed.substring(tag.length()).strip();
        if (rest.isEmpty()) {
            return Optional.of(values);
        }
        for (String token : rest.split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq <= 0 || eq == token.length() - 1) {
                throw new IllegalArgumentException("malformed token '" + token + "' in " + tag + " line: " + line);
            }
            values.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return Optional.of(values);
    }
}
