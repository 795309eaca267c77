package io.adaptivepool.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each write must be valid from the state the previous ones leave: min and max in the right order. */
class SetPlanTest {

    private static Map<LiveKnob, Object> values(Object... pairs) {
        Map<LiveKnob, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((LiveKnob) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void raisingBothWritesMaxFirst() {
        List<LiveKnob> order = SetPlan.order(values(LiveKnob.QUEUE_CAPACITY, 5, LiveKnob.MIN_WORKERS, 10,
                LiveKnob.MAX_WORKERS, 20), 8);
        assertEquals(Arrays.asList(LiveKnob.QUEUE_CAPACITY, LiveKnob.MAX_WORKERS, LiveKnob.MIN_WORKERS), order);
    }

    @Test
    void loweringMaxWritesMinFirst() {
        List<LiveKnob> order = SetPlan.order(values(LiveKnob.MAX_WORKERS, 2, LiveKnob.MIN_WORKERS, 1,
                LiveKnob.SCALE_COOLDOWN, 0L), 8);
        assertEquals(Arrays.asList(LiveKnob.MIN_WORKERS, LiveKnob.MAX_WORKERS, LiveKnob.SCALE_COOLDOWN), order);
    }

    @Test
    void otherKnobsKeepTheirOrder() {
        assertEquals(Arrays.asList(LiveKnob.SCALE_DOWN_IDLE, LiveKnob.MAX_WORKERS),
                SetPlan.order(values(LiveKnob.SCALE_DOWN_IDLE, 1L, LiveKnob.MAX_WORKERS, 3), 8));
    }

    @Test
    void minAndMaxMustFitTogetherWithThePresentValues() throws Exception {
        SetPlan.checkMinMax(values(LiveKnob.MIN_WORKERS, 8), 2, 8);
        SetPlan.checkMinMax(values(LiveKnob.MIN_WORKERS, 10, LiveKnob.MAX_WORKERS, 10), 2, 8);
        CliException settingMin = assertThrows(CliException.class,
                () -> SetPlan.checkMinMax(values(LiveKnob.MIN_WORKERS, 9), 2, 8));
        assertEquals("minWorkers (9) must be <= maxWorkers (8)", settingMin.getMessage());
        assertEquals(CliException.USAGE, settingMin.exitCode);
        CliException settingMax = assertThrows(CliException.class,
                () -> SetPlan.checkMinMax(values(LiveKnob.MAX_WORKERS, 1), 2, 8));
        assertEquals("maxWorkers (1) must be >= minWorkers (2)", settingMax.getMessage());
        CliException both = assertThrows(CliException.class,
                () -> SetPlan.checkMinMax(values(LiveKnob.MIN_WORKERS, 5, LiveKnob.MAX_WORKERS, 4), 2, 8));
        assertEquals("maxWorkers (4) must be >= minWorkers (5)", both.getMessage());
    }
}
