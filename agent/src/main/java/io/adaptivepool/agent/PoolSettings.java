package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of one replaced pool: a value for every {@link Setting#POOL_KNOBS pool knob}, the
 * built-in defaults overridden by {@code pool.defaults.*}, overridden by {@code pool.<name>.*}.
 * Immutable.
 *
 * <p>The built-in defaults ({@link Setting#defaultValue} of each knob) keep the contract of the
 * cached pool being replaced: it never refuses a task, its threads die after 60 s idle, and it
 * starts a thread whenever a task would otherwise wait; only now the threads are bounded.
 */
final class PoolSettings {
    /** Every knob at its default. */
    static final PoolSettings BUILT_IN = new PoolSettings(builtIn());

    /** Every knob of {@link Setting#POOL_KNOBS}, to a value of its type. */
    private final Map<Setting<?>, Object> values;

    private PoolSettings(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    private static Map<Setting<?>, Object> builtIn() {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> knob : Setting.POOL_KNOBS) {
            values.put(knob, knob.defaultValue);
        }
        return values;
    }

    /** A kind's built-in settings ({@link KindDefaults}). */
    static PoolSettings builtIn(PoolKind kind) {
        return BUILT_IN.with(KindDefaults.of(kind));
    }

    /** The value of {@code knob} (null only for an unbounded {@code maxSubmitWait}). */
    <T> T get(Setting<T> knob) {
        return knob.type.cast(values.get(knob));
    }

    /** These settings with the given (already checked) values in place of their own. */
    PoolSettings with(SettingValues overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<Setting<?>, Object> merged = new LinkedHashMap<>(values);
        overrides.putInto(merged);
        return new PoolSettings(merged);
    }

    /** Sets every knob on {@code builder}. */
    void applyTo(AdaptivePoolExecutor.Builder builder) {
        for (Setting<?> knob : Setting.POOL_KNOBS) {
            apply(builder, knob);
        }
    }

    private <T> void apply(AdaptivePoolExecutor.Builder builder, Setting<T> knob) {
        knob.apply(builder, get(knob));
    }

    private <T> String format(Setting<T> knob) {
        return knob.key + "=" + knob.format(get(knob));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Setting<?> knob : Setting.POOL_KNOBS) {
            parts.add(format(knob));
        }
        return String.join(", ", parts);
    }
}
