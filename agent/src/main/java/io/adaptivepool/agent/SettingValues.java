package io.adaptivepool.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checked values of some settings (those one source, or one pool section, sets), each of its
 * setting's type. Mutable; not thread-safe.
 */
final class SettingValues {
    private final Map<Setting<?>, Object> values = new LinkedHashMap<>();

    <T> void put(Setting<T> setting, T value) {
        values.put(setting, value);
    }

    boolean contains(Setting<?> setting) {
        return values.containsKey(setting);
    }

    /** The value of {@code setting}; null if it is not set here (or set to an unbounded {@code maxSubmitWait}). */
    <T> T get(Setting<T> setting) {
        return setting.type.cast(values.get(setting));
    }

    boolean remove(Setting<?> setting) {
        boolean had = values.containsKey(setting);
        values.remove(setting);
        return had;
    }

    void putAll(SettingValues other) {
        if (other != null) {
            values.putAll(other.values);
        }
    }

    /** Copies this one's values where a value of the setting's type is expected. */
    void putInto(Map<Setting<?>, Object> into) {
        into.putAll(values);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

}
