package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTest {
    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    static Stream<Arguments> badBuilderValues() {
        return Stream.of(
                bad("name (null)", b -> b.name(null), "name must not be null"),
                bad("name (empty)", b -> b.name(""), "name (\"\") must not be blank"),
                bad("name (blank)", b -> b.name("  "), "name (\"  \") must not be blank"),
                bad("minWorkers < 0", b -> b.minWorkers(-1), "minWorkers (-1) must be >= 0"),
                bad("maxWorkers 0", b -> b.maxWorkers(0), "maxWorkers (0) must be >= 1"),
                bad("maxWorkers < 0", b -> b.maxWorkers(-3), "maxWorkers (-3) must be >= 1"),
                bad("queueCapacity 0", b -> b.queueCapacity(0), "queueCapacity (0) must be >= 1"),
                bad("queueCapacity < 0", b -> b.queueCapacity(-10), "queueCapacity (-10) must be >= 1"),
                bad("threshold < 0", b -> b.scaleUpThreshold(-0.1), "scaleUpThreshold (-0.1) must be between 0.0 and 1.0"),
                bad("threshold > 1", b -> b.scaleUpThreshold(1.5), "scaleUpThreshold (1.5) must be between 0.0 and 1.0"),
                bad("threshold NaN", b -> b.scaleUpThreshold(Double.NaN), "scaleUpThreshold (NaN) must be between 0.0 and 1.0"),
                bad("threshold +Inf", b -> b.scaleUpThreshold(Double.POSITIVE_INFINITY),
                        "scaleUpThreshold (Infinity) must be between 0.0 and 1.0"),
                bad("idle null", b -> b.scaleDownIdle(null), "scaleDownIdle must not be null"),
                bad("idle 0", b -> b.scaleDownIdle(Duration.ZERO), "scaleDownIdle (0ms) must be > 0"),
                bad("idle < 0", b -> b.scaleDownIdle(Duration.ofSeconds(-2)), "scaleDownIdle (-2000ms) must be > 0"),
                bad("cooldown null", b -> b.scaleCooldown(null), "scaleCooldown must not be null"),
                bad("cooldown < 0", b -> b.scaleCooldown(Duration.ofMillis(-1)), "scaleCooldown (-1ms) must be >= 0"),
                bad("saturation null", b -> b.saturation(null), "saturation must not be null"),
                bad("fixedSize null", b -> b.fixedSize(null), "fixedSize must not be null"),
                bad("fixedSize blank", b -> b.fixedSize(" "), "fixedSize (\" \") must not be blank"),
                bad("threadFactory null", b -> b.threadFactory(null), "threadFactory must not be null"),
                bad("maxSubmitWait null", b -> b.maxSubmitWait(null), "maxSubmitWait must not be null"),
                bad("maxSubmitWait < 0", b -> b.maxSubmitWait(Duration.ofMillis(-5)), "maxSubmitWait (-5ms) must be >= 0"),
                bad("sub-ms duration", b -> b.scaleCooldown(Duration.ofNanos(-1500)), "scaleCooldown (PT-0.0000015S) must be >= 0"));
    }

    private static Arguments bad(String what, Consumer<AdaptivePoolExecutor.Builder> setter, String message) {
        return Arguments.of(what, setter, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBuilderValues")
    void builderRefusesBadValuesWithExactMessage(String what, Consumer<AdaptivePoolExecutor.Builder> setter, String message) {
        AdaptivePoolExecutor.Builder builder = AdaptivePoolExecutor.builder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setter.accept(builder));
        assertEquals(message, e.getMessage());
    }

    @Test
    void buildRefusesMaxBelowMin() {
        AdaptivePoolExecutor.Builder builder = AdaptivePoolExecutor.builder().minWorkers(4).maxWorkers(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals("maxWorkers (2) must be >= minWorkers (4)", e.getMessage());
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        pool = AdaptivePoolExecutor.builder().build();
        assertTrue(pool.getName().matches("adaptive-pool-\\d+"), pool.getName());
        assertEquals(1, pool.getMinWorkers());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()), pool.getMaxWorkers());
        assertEquals(1000, pool.getQueueCapacity());
        assertEquals(0.7, pool.getScaleUpThreshold());
        assertEquals(Duration.ofSeconds(30), pool.getScaleDownIdle());
        assertEquals(Duration.ofSeconds(5), pool.getScaleCooldown());
        assertEquals(Saturation.BLOCK, pool.getSaturation());
        assertEquals(Optional.empty(), pool.getMaxSubmitWait());
        assertTrue(pool.isMetricsEnabled());
        assertEquals(30, pool.getKeepAliveTime(TimeUnit.SECONDS));
        TestSupport.await("the min worker to start", () -> pool.metrics().workers() == 1);
    }

    @Test
    void defaultMaxFollowsALargerMin() {
        int min = Runtime.getRuntime().availableProcessors() + 3;
        pool = AdaptivePoolExecutor.builder().minWorkers(min).build();
        assertEquals(min, pool.getMaxWorkers());
    }

    @Test
    void buildLeavesTheBuilderReusable() {
        AdaptivePoolExecutor.Builder builder = AdaptivePoolExecutor.builder().name("twice").minWorkers(0).maxWorkers(2);
        AdaptivePoolExecutor first = builder.build();
        AdaptivePoolExecutor second = builder.maxWorkers(3).build();
        try {
            assertEquals(2, first.getMaxWorkers());
            assertEquals(3, second.getMaxWorkers());
            assertEquals("twice", second.getName());
        } finally {
            TestSupport.terminate(first);
            TestSupport.terminate(second);
        }
    }

    static Stream<Arguments> badLiveValues() {
        return Stream.of(
                Arguments.of("setMinWorkers(-1)", (Consumer<AdaptivePoolExecutor>) p -> p.setMinWorkers(-1),
                        "minWorkers (-1) must be >= 0"),
                Arguments.of("setMinWorkers above max", (Consumer<AdaptivePoolExecutor>) p -> p.setMinWorkers(5),
                        "minWorkers (5) must be <= maxWorkers (4)"),
                Arguments.of("setCorePoolSize above max", (Consumer<AdaptivePoolExecutor>) p -> p.setCorePoolSize(9),
                        "minWorkers (9) must be <= maxWorkers (4)"),
                Arguments.of("setMaxWorkers(0)", (Consumer<AdaptivePoolExecutor>) p -> p.setMaxWorkers(0),
                        "maxWorkers (0) must be >= 1"),
                Arguments.of("setMaxWorkers below min", (Consumer<AdaptivePoolExecutor>) p -> p.setMaxWorkers(1),
                        "maxWorkers (1) must be >= minWorkers (2)"),
                Arguments.of("setMaximumPoolSize below min", (Consumer<AdaptivePoolExecutor>) p -> p.setMaximumPoolSize(1),
                        "maxWorkers (1) must be >= minWorkers (2)"),
                Arguments.of("setQueueCapacity(0)", (Consumer<AdaptivePoolExecutor>) p -> p.setQueueCapacity(0),
                        "queueCapacity (0) must be >= 1"),
                Arguments.of("setScaleUpThreshold(NaN)", (Consumer<AdaptivePoolExecutor>) p -> p.setScaleUpThreshold(Double.NaN),
                        "scaleUpThreshold (NaN) must be between 0.0 and 1.0"),
                Arguments.of("setScaleUpThreshold(2)", (Consumer<AdaptivePoolExecutor>) p -> p.setScaleUpThreshold(2),
                        "scaleUpThreshold (2.0) must be between 0.0 and 1.0"),
                Arguments.of("setScaleCooldown(-1s)", (Consumer<AdaptivePoolExecutor>) p -> p.setScaleCooldown(Duration.ofSeconds(-1)),
                        "scaleCooldown (-1000ms) must be >= 0"),
                Arguments.of("setScaleCooldown(null)", (Consumer<AdaptivePoolExecutor>) p -> p.setScaleCooldown(null),
                        "scaleCooldown must not be null"),
                Arguments.of("setScaleDownIdle(0)", (Consumer<AdaptivePoolExecutor>) p -> p.setScaleDownIdle(Duration.ZERO),
                        "scaleDownIdle (0ms) must be > 0"),
                Arguments.of("setKeepAliveTime(0)", (Consumer<AdaptivePoolExecutor>) p -> p.setKeepAliveTime(0, TimeUnit.SECONDS),
                        "scaleDownIdle (0ms) must be > 0"),
                Arguments.of("setKeepAliveTime(-5ms)", (Consumer<AdaptivePoolExecutor>) p -> p.setKeepAliveTime(-5, TimeUnit.MILLISECONDS),
                        "scaleDownIdle (-5ms) must be > 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLiveValues")
    void liveSettersRefuseWithTheBuilderMessageAndChangeNothing(String what, Consumer<AdaptivePoolExecutor> change, String message) {
        pool = AdaptivePoolExecutor.builder().name("live").minWorkers(2).maxWorkers(4).queueCapacity(10)
                .scaleUpThreshold(0.5).scaleCooldown(Duration.ofSeconds(1)).scaleDownIdle(Duration.ofSeconds(3)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.accept(pool));
        assertEquals(message, e.getMessage());
        assertEquals(2, pool.getMinWorkers());
        assertEquals(2, pool.getCorePoolSize());
        assertEquals(4, pool.getMaxWorkers());
        assertEquals(4, pool.getMaximumPoolSize());
        assertEquals(10, pool.getQueueCapacity());
        assertEquals(0.5, pool.getScaleUpThreshold());
        assertEquals(Duration.ofSeconds(1), pool.getScaleCooldown());
        assertEquals(Duration.ofSeconds(3), pool.getScaleDownIdle());
        assertEquals(3, pool.getKeepAliveTime(TimeUnit.SECONDS));
    }

    @Test
    void perCallWaitsAreValidated() {
        pool = AdaptivePoolExecutor.builder().name("waits").build();
        assertMessage("maxWait must not be null", () -> pool.execute(() -> { }, null));
        assertMessage("maxWait must not be null", () -> pool.submit(() -> 1, null));
        assertMessage("timeout (-1ms) must be >= 0", () -> pool.shutdownGracefully(Duration.ofMillis(-1)));
        assertMessage("timeout must not be null", () -> pool.shutdownGracefully(null));
        assertFalse(pool.isShutdown(), "a refused shutdownGracefully must not shut the pool down");
        assertEquals(0, pool.metrics().jobsSubmitted());
    }

    @Test
    void nullTasksAreRefusedWithNullPointerException() {
        pool = AdaptivePoolExecutor.builder().name("nulls").build();
        assertThrows(NullPointerException.class, () -> pool.execute(null));
        assertThrows(NullPointerException.class, () -> pool.tryExecute(null));
        assertThrows(NullPointerException.class, () -> pool.submit((java.util.concurrent.Callable<Object>) null, Duration.ZERO));
        assertEquals(0, pool.metrics().jobsSubmitted());
    }

    @Test
    void hugeDurationsMeanForeverRatherThanOverflow() {
        pool = AdaptivePoolExecutor.builder().name("huge").maxSubmitWait(Duration.ofSeconds(Long.MAX_VALUE))
                .scaleDownIdle(Duration.ofDays(365L * 1_000_000)).build();
        assertEquals(Long.MAX_VALUE, pool.getKeepAliveTime(TimeUnit.NANOSECONDS));
        assertTrue(pool.getMaxSubmitWait().isPresent());
    }

    @Test
    void liveSettersApplyAndRoundTrip() {
        pool = AdaptivePoolExecutor.builder().name("roundtrip").minWorkers(1).maxWorkers(4).build();
        pool.setMaxWorkers(8);
        pool.setMinWorkers(3);
        pool.setQueueCapacity(77);
        pool.setScaleUpThreshold(0.0);
        pool.setScaleCooldown(Duration.ZERO);
        pool.setScaleDownIdle(Duration.ofMillis(1500));
        assertEquals(8, pool.getMaximumPoolSize());
        assertEquals(3, pool.getCorePoolSize());
        assertEquals(77, pool.getQueueCapacity());
        assertEquals(77, pool.getQueue().remainingCapacity());
        assertEquals(0.0, pool.getScaleUpThreshold());
        assertEquals(Duration.ZERO, pool.getScaleCooldown());
        assertEquals(1500, pool.getKeepAliveTime(TimeUnit.MILLISECONDS));
        TestSupport.await("raised min to start workers", () -> pool.metrics().workers() == 3);
    }

    private static void assertMessage(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
