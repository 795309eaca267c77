package io.adaptivepool.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checks of {@code set} that need the pool's present values, and the order of the writes:
 * each write must be valid from the state the previous ones left, since the MBean checks
 * {@code minWorkers <= maxWorkers} on every write. Raising max (raising both, say) writes max
 * first; otherwise min goes first. Undoing runs the writes back in reverse order, which is valid
 * for the same reason.
 */
final class SetPlan {
    private SetPlan() {
    }

    /**
     * Throws the builder's message when the new minWorkers and maxWorkers (each the new value, or
     * the present one) do not fit together; worded after the knob given, as the MBean words it.
     */
    static void checkMinMax(Map<LiveKnob, Object> values, int presentMin, int presentMax) throws CliException {
        boolean minGiven = values.containsKey(LiveKnob.MIN_WORKERS);
        boolean maxGiven = values.containsKey(LiveKnob.MAX_WORKERS);
        int min = minGiven ? (Integer) values.get(LiveKnob.MIN_WORKERS) : presentMin;
        int max = maxGiven ? (Integer) values.get(LiveKnob.MAX_WORKERS) : presentMax;
        if (max < min) {
            throw CliException.usage(LiveKnob.minAboveMax(min, max, minGiven && !maxGiven));
        }
    }

    /** The knobs in the order to write them: as given, but maxWorkers and minWorkers ordered as the class says. */
    static List<LiveKnob> order(Map<LiveKnob, Object> values, int presentMax) {
        List<LiveKnob> order = new ArrayList<>(values.keySet());
        if (values.containsKey(LiveKnob.MIN_WORKERS) && values.containsKey(LiveKnob.MAX_WORKERS)) {
            int first = Math.min(order.indexOf(LiveKnob.MIN_WORKERS), order.indexOf(LiveKnob.MAX_WORKERS));
            order.remove(LiveKnob.MIN_WORKERS);
            order.remove(LiveKnob.MAX_WORKERS);
            boolean maxFirst = (Integer) values.get(LiveKnob.MAX_WORKERS) >= presentMax;
            order.add(first, maxFirst ? LiveKnob.MIN_WORKERS : LiveKnob.MAX_WORKERS);
            order.add(first, maxFirst ? LiveKnob.MAX_WORKERS : LiveKnob.MIN_WORKERS);
        }
        return order;
    }
}
