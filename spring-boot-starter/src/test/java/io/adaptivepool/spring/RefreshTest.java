package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;
import io.adaptivepool.spring.demo.DemoApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.core.env.ConfigurableEnvironment;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring Cloud Context's refresh (what {@code /actuator/refresh} and a config server's push run):
 * the changed knobs reach the running pool.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "adaptive-pool.pools.orders.max-workers=4",
        "adaptive-pool.pools.orders.queue-capacity=20",
        "adaptive-pool.pools.orders.saturation=reject"})
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class RefreshTest {
    @Autowired
    ContextRefresher refresher;

    @Autowired
    ConfigurableEnvironment environment;

    @Autowired
    @Qualifier("orders")
    AdaptivePoolExecutor orders;

    /** Back to the properties of the class (the refreshed values win over them while present). */
    @AfterEach
    void restore() {
        environment.getPropertySources().remove("refreshed");
        refresher.refresh();
    }

    /*
     * The refresher reloads the application's own sources (files, a config server) and names the keys
     * that changed there; a source a test adds is not among them, so here it names none. The
     * EnvironmentChangeEvent it publishes is the same, and the starter reads the pools afresh from the
     * whole environment on every one.
     */
    private void refreshWith(String... properties) {
        TestPropertyValues.of(properties).applyTo(environment, TestPropertyValues.Type.MAP, "refreshed");
        refresher.refresh();
    }

    @Test
    void changedKnobsApplyToTheRunningPool() {
        refreshWith("adaptive-pool.pools.orders.max-workers=9",
                "adaptive-pool.pools.orders.queue-capacity=50", "adaptive-pool.pools.orders.scale-cooldown=1500ms");

        assertEquals(9, orders.getMaxWorkers());
        assertEquals(50, orders.getQueueCapacity());
        assertEquals(Duration.ofMillis(1500), orders.getScaleCooldown());
    }

    @Test
    void aRefusedValueLeavesThePoolAsItWasAndIsLoggedWithTheProperty(CapturedOutput output) {
        refreshWith("adaptive-pool.pools.orders.queue-capacity=60", "adaptive-pool.pools.orders.max-workers=0");

        assertEquals(4, orders.getMaxWorkers());
        assertEquals(20, orders.getQueueCapacity(), "all of a pool's changes or none");
        assertTrue(output.getOut().contains("adaptive-pool.pools.orders.max-workers=0 refused, pool 'orders' unchanged: "
                + "maxWorkers (0) must be >= 1"), output.getOut());
    }

    @Test
    void aKnobThatTakesARestartIsLoggedAndLeftAlone(CapturedOutput output) {
        refreshWith("adaptive-pool.pools.orders.saturation=block", "adaptive-pool.pools.orders.max-workers=5");

        assertEquals(Saturation.REJECT, orders.getSaturation());
        assertEquals(5, orders.getMaxWorkers(), "the live knobs still change");
        assertTrue(output.getOut().contains("adaptive-pool.pools.orders.saturation=BLOCK takes a restart; the pool keeps REJECT"),
                output.getOut());
    }
}
