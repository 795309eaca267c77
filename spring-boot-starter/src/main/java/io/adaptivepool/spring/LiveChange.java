package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Changes several knobs of a running pool, all or none: what the endpoint's write and a refresh apply. */
final class LiveChange {
    /*
     * Each live setter validates against the pool's present settings, so the order matters: raising
     * minWorkers above the present maxWorkers must follow the new maxWorkers. A refusal undoes the
     * changes already made, newest first, each back to a setting the pool held a moment before.
     * Not atomic towards another writer (JMX, a second request) changing the same pool meanwhile.
     */
    private LiveChange() {
    }

    /**
     * Applies {@code changes}; a value equal to the pool's present one is no change.
     *
     * @throws IllegalArgumentException with the builder's message (it starts with the knob's name),
     *     when the pool refuses a value or a knob that only a restart changes; the pool is unchanged
     */
    static void apply(AdaptivePoolExecutor pool, Map<Knob, Object> changes) {
        Map<Knob, Object> effective = new EnumMap<>(Knob.class);
        changes.forEach((knob, value) -> {
            if (!Objects.equals(knob.read(pool), value)) {
                effective.put(knob, value);
            }
        });
        for (Knob knob : effective.keySet()) {
            if (!knob.isLive()) {
                knob.change(pool, effective.get(knob)); // throws: names the knob
            }
        }
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            for (Knob knob : order(pool, effective)) {
                Object before = knob.read(pool);
                knob.change(pool, effective.get(knob));
                undo.push(() -> knob.change(pool, before));
            }
        } catch (IllegalArgumentException refused) {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
            throw refused;
        }
    }

    private static List<Knob> order(AdaptivePoolExecutor pool, Map<Knob, Object> changes) {
        List<Knob> order = new ArrayList<>(changes.keySet()); // declaration order: minWorkers before maxWorkers
        Object min = changes.get(Knob.MIN_WORKERS);
        if (min != null && changes.containsKey(Knob.MAX_WORKERS) && (Integer) min > pool.getMaxWorkers()) {
            order.remove(Knob.MAX_WORKERS);
            order.add(0, Knob.MAX_WORKERS);
        }
        return order;
    }
}
