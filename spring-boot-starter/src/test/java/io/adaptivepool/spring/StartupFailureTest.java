package io.adaptivepool.spring;

import io.adaptivepool.spring.demo.DemoApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad pool property fails the start, naming the property in full and its value. */
@Timeout(60)
class StartupFailureTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AdaptivePoolAutoConfiguration.class));

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theApplicationDoesNotStartAndSpringBootReportsThePropertyAndItsValue(CapturedOutput output) {
        SpringApplication app = new SpringApplication(DemoApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);

        RuntimeException e = assertThrows(RuntimeException.class, () -> app.run(
                "--adaptive-pool.pools.orders.max-workers=0", "--spring.main.banner-mode=off"));

        InvalidConfigurationPropertyValueException cause = find(e, InvalidConfigurationPropertyValueException.class);
        assertNotNull(cause, "cause of " + e);
        assertEquals("adaptive-pool.pools.orders.max-workers", cause.getName());
        assertEquals(0, cause.getValue());
        assertEquals("maxWorkers (0) must be >= 1", cause.getReason());
        assertTrue(output.getOut().contains("Invalid value '0' for configuration property 'adaptive-pool.pools.orders.max-workers'"),
                "the failure analysis in\n" + output.getOut());
    }

    @Test
    void aCombinationTheBuilderRefusesNamesTheKnobItBlames() {
        runner.withPropertyValues("adaptive-pool.pools.orders.min-workers=4", "adaptive-pool.pools.orders.max-workers=2")
                .run(context -> {
                    InvalidConfigurationPropertyValueException cause = find(context.getStartupFailure(),
                            InvalidConfigurationPropertyValueException.class);
                    assertNotNull(cause, "cause of " + context.getStartupFailure());
                    assertEquals("adaptive-pool.pools.orders.max-workers", cause.getName());
                    assertEquals(2, cause.getValue());
                    assertEquals("maxWorkers (2) must be >= minWorkers (4)", cause.getReason());
                });
    }

    @Test
    void aDurationTheBuilderRefusesIsNamedWithItsValue() {
        runner.withPropertyValues("adaptive-pool.pools.orders.scale-down-idle=0s").run(context -> {
            InvalidConfigurationPropertyValueException cause = find(context.getStartupFailure(),
                    InvalidConfigurationPropertyValueException.class);
            assertNotNull(cause, "cause of " + context.getStartupFailure());
            assertEquals("adaptive-pool.pools.orders.scale-down-idle", cause.getName());
            assertEquals("scaleDownIdle (0ms) must be > 0", cause.getReason());
        });
    }

    @Test
    void aValueOfTheWrongTypeFailsAsSpringBindingDoes() {
        runner.withPropertyValues("adaptive-pool.pools.orders.saturation=sometimes").run(context -> {
            BindException cause = find(context.getStartupFailure(), BindException.class);
            assertNotNull(cause, "cause of " + context.getStartupFailure());
            assertEquals("adaptive-pool.pools.orders.saturation", cause.getName().toString());
            assertEquals("sometimes", cause.getProperty().getValue());
        });
    }

    @Test
    void anUnknownKnobFailsTheStartRatherThanBeingIgnored() {
        runner.withPropertyValues("adaptive-pool.pools.orders.max-wrokers=8").run(context -> {
            UnboundConfigurationPropertiesException cause = find(context.getStartupFailure(),
                    UnboundConfigurationPropertiesException.class);
            assertNotNull(cause, "cause of " + context.getStartupFailure());
            assertEquals("adaptive-pool.pools.orders.max-wrokers",
                    cause.getUnboundProperties().iterator().next().getName().toString());
        });
    }

    @Test
    void anAsyncPoolThatIsNotDeclaredFailsTheStart() {
        runner.withPropertyValues("adaptive-pool.pools.orders.max-workers=2", "adaptive-pool.async=order").run(context -> {
            InvalidConfigurationPropertyValueException cause = find(context.getStartupFailure(),
                    InvalidConfigurationPropertyValueException.class);
            assertNotNull(cause, "cause of " + context.getStartupFailure());
            assertEquals("adaptive-pool.async", cause.getName());
            assertEquals("order", cause.getValue());
            assertEquals("no pool of that name in adaptive-pool.pools [orders]", cause.getReason());
        });
    }

    @Test
    void aPoolNamedLikeAnotherBeanFailsTheStartNamingBoth() {
        runner.withBean("jobs", StringBuilder.class).withPropertyValues("adaptive-pool.pools.jobs.max-workers=2").run(context -> {
            InvalidConfigurationPropertyValueException cause = find(context.getStartupFailure(),
                    InvalidConfigurationPropertyValueException.class);
            assertNotNull(cause, "cause of " + context.getStartupFailure());
            assertEquals("adaptive-pool.pools", cause.getName());
            assertEquals("jobs", cause.getValue());
            assertEquals("each pool is a bean of its name, and the application has a bean named 'jobs' (java.lang.StringBuilder): "
                    + "rename the pool or that bean", cause.getReason());
        });
    }

    @Test
    void thePoolsBuiltBeforeTheFailureAreShutDown() {
        runner.withPropertyValues("adaptive-pool.pools.early.min-workers=2", "adaptive-pool.pools.late.queue-capacity=0")
                .run(context -> assertNotNull(context.getStartupFailure()));

        io.adaptivepool.testing.Await.until("no worker of the pool 'early' alive", () -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.getName().startsWith("early-worker-")));
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("late-worker-")));
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
