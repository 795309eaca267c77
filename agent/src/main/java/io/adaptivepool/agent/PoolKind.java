package io.adaptivepool.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of executor the agent can replace, as the key {@code replace} names them. Each kind's
 * built-in pool settings, and why, are in {@link KindDefaults}.
 */
public enum PoolKind {
    /** {@code Executors.newCachedThreadPool}, and a hand-written {@code new ThreadPoolExecutor} of the same pool. */
    CACHED("cached"),
    /** {@code Executors.newFixedThreadPool}. */
    FIXED("fixed"),
    /** {@code Executors.newSingleThreadExecutor}. */
    SINGLE("single"),
    /** {@code Executors.newVirtualThreadPerTaskExecutor} (Java 21 and later). */
    VIRTUAL("virtual");

    static final String ALL = "all";

    /** The name in {@code replace}. */
    final String key;

    PoolKind(String key) {
        this.key = key;
    }

    /**
     * A {@code replace} value: kinds separated by commas, or {@code all}; the list is the whole set.
     *
     * @throws Setting.InvalidValue for an empty list or an unknown kind, naming the kinds there are
     */
    static Set<PoolKind> parseList(String value) throws Setting.InvalidValue {
        Set<PoolKind> kinds = EnumSet.noneOf(PoolKind.class);
        for (String item : value.split(",")) {
            String k = item.trim().toLowerCase(Locale.ROOT);
            if (k.isEmpty()) {
                continue;
            }
            if (k.equals(ALL)) {
                kinds.addAll(EnumSet.allOf(PoolKind.class));
                continue;
            }
            PoolKind kind = null;
            for (PoolKind p : values()) {
                if (p.key.equals(k)) {
                    kind = p;
                }
            }
            if (kind == null) {
                throw new Setting.InvalidValue("'" + item.trim() + "' is not a kind (" + choices() + ")");
            }
            kinds.add(kind);
        }
        if (kinds.isEmpty()) {
            throw new Setting.InvalidValue("must name at least one kind (" + choices() + "); enabled=false turns the"
                    + " agent off");
        }
        return Collections.unmodifiableSet(kinds);
    }

    /** {@code cached,fixed}: the form {@link #parseList} reads. */
    static String formatList(Set<PoolKind> kinds) {
        List<String> keys = new ArrayList<>();
        for (PoolKind k : kinds) {
            keys.add(k.key);
        }
        return String.join(",", keys);
    }

    private static String choices() {
        List<String> keys = new ArrayList<>();
        for (PoolKind p : values()) {
            keys.add(p.key);
        }
        return String.join(", ", keys) + " or " + ALL;
    }
}
