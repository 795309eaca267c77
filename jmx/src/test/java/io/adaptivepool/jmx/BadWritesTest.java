package io.adaptivepool.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.adaptivepool.AdaptivePoolExecutor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.InvalidAttributeValueException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad write is refused with the builder's exact message, and leaves every setting as it was:
 * through an MXBean proxy (which rethrows the {@link IllegalArgumentException}) and through a raw
 * {@code setAttribute}, as JConsole does (a {@link RuntimeMBeanException} wrapping it).
 */
@Timeout(30)
class BadWritesTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private AdaptivePoolExecutor pool;
    private ObjectName name;
    private AdaptivePoolMXBean bean;

    @BeforeEach
    void setUp() {
        pool = AdaptivePoolExecutor.builder().name("bad-writes").minWorkers(2).maxWorkers(4).queueCapacity(10)
                .scaleUpThreshold(0.7).scaleCooldown(Duration.ofSeconds(5)).scaleDownIdle(Duration.ofSeconds(30))
                .stallWorkers(6).stallTimeout(Duration.ofMillis(1500)).build();
        name = AdaptivePoolJmx.register(pool, server);
        bean = JMX.newMXBeanProxy(server, name, AdaptivePoolMXBean.class);
    }

    @AfterEach
    void tearDown() {
        JmxTestSupport.terminate(pool);
    }

    private static final List<Object> SETTINGS = Arrays.asList(2, 4, 10, 0.7, 5000L, 30000L, 6, 1500L);

    /** The eight settings, read from the pool itself. */
    private List<Object> settings() {
        return Arrays.asList(pool.getMinWorkers(), pool.getMaxWorkers(), pool.getQueueCapacity(),
                pool.getScaleUpThreshold(), pool.getScaleCooldown().toMillis(), pool.getScaleDownIdle().toMillis(),
                pool.getStallWorkers(), pool.getStallTimeout().toMillis());
    }

    /** The eight settings, read through JMX. */
    private List<Object> beanSettings() {
        return Arrays.asList(bean.getMinWorkers(), bean.getMaxWorkers(), bean.getQueueCapacity(),
                bean.getScaleUpThreshold(), bean.getScaleCooldownMillis(), bean.getScaleDownIdleMillis(),
                bean.getStallWorkers(), bean.getStallTimeoutMillis());
    }

    static Stream<Arguments> badWrites() {
        return Stream.of(
                bad("MinWorkers", -1, "minWorkers (-1) must be >= 0", b -> b.minWorkers(-1)),
                bad("MinWorkers", 5, "minWorkers (5) must be <= maxWorkers (4)", null),
                bad("MaxWorkers", 0, "maxWorkers (0) must be >= 1", b -> b.maxWorkers(0)),
                bad("MaxWorkers", -3, "maxWorkers (-3) must be >= 1", b -> b.maxWorkers(-3)),
                bad("MaxWorkers", 1, "maxWorkers (1) must be >= minWorkers (2)", b -> b.minWorkers(2).maxWorkers(1).build()),
                bad("QueueCapacity", 0, "queueCapacity (0) must be >= 1", b -> b.queueCapacity(0)),
                bad("QueueCapacity", -10, "queueCapacity (-10) must be >= 1", b -> b.queueCapacity(-10)),
                bad("ScaleUpThreshold", Double.NaN, "scaleUpThreshold (NaN) must be between 0.0 and 1.0",
                        b -> b.scaleUpThreshold(Double.NaN)),
                bad("ScaleUpThreshold", -0.1, "scaleUpThreshold (-0.1) must be between 0.0 and 1.0",
                        b -> b.scaleUpThreshold(-0.1)),
                bad("ScaleUpThreshold", 1.5, "scaleUpThreshold (1.5) must be between 0.0 and 1.0",
                        b -> b.scaleUpThreshold(1.5)),
                bad("ScaleUpThreshold", Double.POSITIVE_INFINITY, "scaleUpThreshold (Infinity) must be between 0.0 and 1.0",
                        b -> b.scaleUpThreshold(Double.POSITIVE_INFINITY)),
                bad("ScaleCooldownMillis", -1L, "scaleCooldown (-1ms) must be >= 0",
                        b -> b.scaleCooldown(Duration.ofMillis(-1))),
                bad("ScaleDownIdleMillis", 0L, "scaleDownIdle (0ms) must be > 0", b -> b.scaleDownIdle(Duration.ZERO)),
                bad("ScaleDownIdleMillis", -2000L, "scaleDownIdle (-2000ms) must be > 0",
                        b -> b.scaleDownIdle(Duration.ofMillis(-2000))),
                bad("StallWorkers", -1, "stallWorkers (-1) must be >= 0", b -> b.stallWorkers(-1)),
                bad("StallWorkers", Integer.MIN_VALUE, "stallWorkers (-2147483648) must be >= 0",
                        b -> b.stallWorkers(Integer.MIN_VALUE)),
                bad("StallTimeoutMillis", 0L, "stallTimeout (0ms) must be > 0", b -> b.stallTimeout(Duration.ZERO)),
                bad("StallTimeoutMillis", -250L, "stallTimeout (-250ms) must be > 0",
                        b -> b.stallTimeout(Duration.ofMillis(-250))));
    }

    private static Arguments bad(String attribute, Object value, String message,
            Consumer<AdaptivePoolExecutor.Builder> sameInBuilder) {
        return Arguments.of(attribute, value, message, sameInBuilder);
    }

    private static final java.util.Map<String, Function<AdaptivePoolMXBean, Consumer<Object>>> SETTERS;

    static {
        java.util.Map<String, Function<AdaptivePoolMXBean, Consumer<Object>>> s = new java.util.HashMap<>();
        s.put("MinWorkers", b -> v -> b.setMinWorkers((Integer) v));
        s.put("MaxWorkers", b -> v -> b.setMaxWorkers((Integer) v));
        s.put("QueueCapacity", b -> v -> b.setQueueCapacity((Integer) v));
        s.put("ScaleUpThreshold", b -> v -> b.setScaleUpThreshold((Double) v));
        s.put("ScaleCooldownMillis", b -> v -> b.setScaleCooldownMillis((Long) v));
        s.put("ScaleDownIdleMillis", b -> v -> b.setScaleDownIdleMillis((Long) v));
        s.put("StallWorkers", b -> v -> b.setStallWorkers((Integer) v));
        s.put("StallTimeoutMillis", b -> v -> b.setStallTimeoutMillis((Long) v));
        SETTERS = s;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badWrites")
    void aProxyWriteIsRefusedWithTheExactMessageAndChangesNothing(String attribute, Object value, String message,
            Consumer<AdaptivePoolExecutor.Builder> sameInBuilder) {
        assertEquals(SETTINGS, settings());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SETTERS.get(attribute).apply(bean).accept(value));
        assertEquals(message, e.getMessage());
        assertEquals(SETTINGS, settings(), "no setting changed");
        assertEquals(SETTINGS, beanSettings(), "no setting changed, as JMX reads it");
        if (sameInBuilder != null) {
            IllegalArgumentException fromBuilder = assertThrows(IllegalArgumentException.class,
                    () -> sameInBuilder.accept(AdaptivePoolExecutor.builder()));
            assertEquals(message, fromBuilder.getMessage(), "the builder's message");
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badWrites")
    void aRawWriteAsJConsoleMakesItIsRefusedWithTheExactMessage(String attribute, Object value, String message,
            Consumer<AdaptivePoolExecutor.Builder> sameInBuilder) {
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                () -> server.setAttribute(name, new Attribute(attribute, value)));
        IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getTargetException());
        assertEquals(message, cause.getMessage());
        assertEquals(SETTINGS, settings(), "no setting changed");
    }

    @Test
    void aBadWriteAmongGoodOnesChangesOnlyWhatWasGood() {
        bean.setMaxWorkers(8);
        assertThrows(IllegalArgumentException.class, () -> bean.setMinWorkers(9));
        bean.setMinWorkers(3);
        assertEquals(Arrays.asList(3, 8, 10, 0.7, 5000L, 30000L, 6, 1500L), settings());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bean.setMaxWorkers(2));
        assertEquals("maxWorkers (2) must be >= minWorkers (3)", e.getMessage());
        assertEquals(Arrays.asList(3, 8, 10, 0.7, 5000L, 30000L, 6, 1500L), settings());
    }

    @Test
    void aWriteOfTheWrongTypeIsRefusedAndChangesNothing() {
        assertThrows(InvalidAttributeValueException.class,
                () -> server.setAttribute(name, new Attribute("MaxWorkers", "8")));
        assertThrows(InvalidAttributeValueException.class,
                () -> server.setAttribute(name, new Attribute("ScaleUpThreshold", "0.5")));
        assertThrows(InvalidAttributeValueException.class,
                () -> server.setAttribute(name, new Attribute("QueueCapacity", 5L)));
        assertThrows(InvalidAttributeValueException.class,
                () -> server.setAttribute(name, new Attribute("StallWorkers", 5L)));
        assertThrows(InvalidAttributeValueException.class,
                () -> server.setAttribute(name, new Attribute("StallTimeoutMillis", "1s")));
        assertEquals(SETTINGS, settings());
    }

    @Test
    void readOnlyAttributesCannotBeWritten() {
        for (String readOnly : Arrays.asList("Name", "Workers", "JobsProcessed", "Throughput", "Saturation", "Shutdown",
                "MaxSubmitWaitMillis", "OldestQueuedAgeMillis", "LongestRunningMillis", "BlockedSubmitters",
                "WorkersOverMax", "Stalls")) {
            Object value = assertDoesNotThrowGet(readOnly);
            assertThrows(AttributeNotFoundException.class, () -> server.setAttribute(name, new Attribute(readOnly, value)),
                    readOnly);
        }
        assertEquals(SETTINGS, settings());
    }

    private Object assertDoesNotThrowGet(String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError(attribute + " unreadable", e);
        }
    }
}
