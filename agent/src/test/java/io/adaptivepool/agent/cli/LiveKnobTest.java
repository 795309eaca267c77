package io.adaptivepool.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.jmx.AdaptivePoolMXBean;
import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Values are checked by the builder, so a bad one is refused with the builder's exact message. */
class LiveKnobTest {

    private static String refusal(LiveKnob knob, String text) {
        CliException e = assertThrows(CliException.class, () -> knob.parse(text));
        assertEquals(CliException.USAGE, e.exitCode);
        return e.getMessage();
    }

    @Test
    void valuesParseToTheAttributesTypes() throws Exception {
        assertEquals(0, LiveKnob.MIN_WORKERS.parse("0"));
        assertEquals(8, LiveKnob.MAX_WORKERS.parse("+8"));
        assertEquals(0.25, LiveKnob.SCALE_UP_THRESHOLD.parse(".25"));
        assertEquals(1.0, LiveKnob.SCALE_UP_THRESHOLD.parse("1"));
        assertEquals(0L, LiveKnob.SCALE_COOLDOWN.parse("0"));
        assertEquals(500L, LiveKnob.SCALE_DOWN_IDLE.parse("500ms"));
        assertEquals(120_000L, LiveKnob.STALL_TIMEOUT.parse("2m"));
    }

    @Test
    void outOfRangeValuesAnswerTheBuildersMessage() {
        assertEquals("minWorkers (-1) must be >= 0", refusal(LiveKnob.MIN_WORKERS, "-1"));
        assertEquals("maxWorkers (0) must be >= 1", refusal(LiveKnob.MAX_WORKERS, "0"));
        assertEquals("queueCapacity (0) must be >= 1", refusal(LiveKnob.QUEUE_CAPACITY, "0"));
        assertEquals("scaleUpThreshold (1.5) must be between 0.0 and 1.0", refusal(LiveKnob.SCALE_UP_THRESHOLD, "1.5"));
        assertEquals("scaleUpThreshold (NaN) must be between 0.0 and 1.0", refusal(LiveKnob.SCALE_UP_THRESHOLD, "NaN"));
        assertEquals("scaleCooldown (-5ms) must be >= 0", refusal(LiveKnob.SCALE_COOLDOWN, "-5ms"));
        assertEquals("scaleDownIdle (0ms) must be > 0", refusal(LiveKnob.SCALE_DOWN_IDLE, "0"));
        assertEquals("stallWorkers (-2) must be >= 0", refusal(LiveKnob.STALL_WORKERS, "-2"));
        assertEquals("stallTimeout (0ms) must be > 0", refusal(LiveKnob.STALL_TIMEOUT, "0s"));
    }

    @Test
    void textThatIsNoValueSaysWhy() {
        assertEquals("minWorkers=two: not a whole number", refusal(LiveKnob.MIN_WORKERS, "two"));
        assertEquals("maxWorkers=99999999999: out of range (at most 2147483647)", refusal(LiveKnob.MAX_WORKERS, "99999999999"));
        assertEquals("scaleUpThreshold=0x1p-1: not a number", refusal(LiveKnob.SCALE_UP_THRESHOLD, "0x1p-1"));
        assertEquals("scaleCooldown=5: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 2s, 1m)",
                refusal(LiveKnob.SCALE_COOLDOWN, "5"));
        assertEquals("scaleCooldown=1.5s: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 2s, 1m)",
                refusal(LiveKnob.SCALE_COOLDOWN, "1.5s"));
    }

    @Test
    void theMinMaxMessageIsTheBuildersAndTheBeansWording() {
        IllegalArgumentException built = assertThrows(IllegalArgumentException.class,
                () -> AdaptivePoolExecutor.builder().minWorkers(4).maxWorkers(2).build());
        assertEquals(built.getMessage(), LiveKnob.minAboveMax(4, 2, false));

        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().minWorkers(1).maxWorkers(2).build();
        try {
            IllegalArgumentException settingMin = assertThrows(IllegalArgumentException.class, () -> pool.setMinWorkers(3));
            assertEquals(settingMin.getMessage(), LiveKnob.minAboveMax(3, 2, true));
            pool.setMaxWorkers(2);
            IllegalArgumentException settingMax = assertThrows(IllegalArgumentException.class, () -> pool.setMaxWorkers(0));
            assertEquals("maxWorkers (0) must be >= 1", settingMax.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyKnobThatTheBeanHasIsABuilderMethodAndAWritableAttribute() throws Exception {
        for (LiveKnob knob : LiveKnob.values()) {
            Class<?> type = knob.kind == LiveKnob.Kind.MILLIS ? Duration.class
                    : knob.kind == LiveKnob.Kind.RATIO ? double.class : int.class;
            AdaptivePoolExecutor.Builder.class.getMethod(knob.key, type); // throws if the builder has no such knob
            Method setter = findSetter(knob.attribute);
            if (setter != null) {
                Class<?> attributeType = knob.kind == LiveKnob.Kind.MILLIS ? long.class : type;
                assertEquals(attributeType, setter.getParameterTypes()[0], knob.attribute);
            }
        }
        // the six of the JMX contract are there today; the stall knobs join as the bean gains them
        for (LiveKnob knob : new LiveKnob[] {LiveKnob.MIN_WORKERS, LiveKnob.MAX_WORKERS, LiveKnob.QUEUE_CAPACITY,
                LiveKnob.SCALE_UP_THRESHOLD, LiveKnob.SCALE_COOLDOWN, LiveKnob.SCALE_DOWN_IDLE}) {
            assertEquals(true, findSetter(knob.attribute) != null, knob.attribute);
        }
    }

    private static Method findSetter(String attribute) {
        for (Method m : AdaptivePoolMXBean.class.getMethods()) {
            if (m.getName().equals("set" + attribute)) {
                return m;
            }
        }
        return null;
    }

    @Test
    void valuesAreShownAsTheCommandLineSpellsThem() {
        assertEquals("2s", LiveKnob.SCALE_COOLDOWN.format(2_000L));
        assertEquals("1500ms", LiveKnob.SCALE_COOLDOWN.format(1_500L));
        assertEquals("0.7", LiveKnob.SCALE_UP_THRESHOLD.format(0.7));
        assertEquals("8", LiveKnob.MAX_WORKERS.format(8));
        assertEquals("-", LiveKnob.MAX_WORKERS.format(null));
    }
}
