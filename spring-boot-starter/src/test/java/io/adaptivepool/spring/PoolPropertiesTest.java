package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskDecorator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every knob of {@code adaptive-pool.pools.<name>} reaches the pool, under Spring's relaxed names. */
@Timeout(60)
class PoolPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AdaptivePoolAutoConfiguration.class));

    @Test
    void everyKnobReachesThePool() {
        runner.withPropertyValues(
                "adaptive-pool.pools.orders.min-workers=2",
                "adaptive-pool.pools.orders.max-workers=6",
                "adaptive-pool.pools.orders.queue-capacity=40",
                "adaptive-pool.pools.orders.scale-up-threshold=0.5",
                "adaptive-pool.pools.orders.scale-cooldown=750ms",
                "adaptive-pool.pools.orders.scale-down-idle=1m",
                "adaptive-pool.pools.orders.saturation=caller-runs",
                "adaptive-pool.pools.orders.max-submit-wait=PT2S",
                "adaptive-pool.pools.orders.stall-workers=3",
                "adaptive-pool.pools.orders.stall-timeout=3s",
                "adaptive-pool.pools.orders.metrics-enabled=false").run(context -> {
                    AdaptivePoolExecutor pool = context.getBean("orders", AdaptivePoolExecutor.class);
                    assertEquals("orders", pool.getName());
                    assertEquals(2, pool.getMinWorkers());
                    assertEquals(6, pool.getMaxWorkers());
                    assertEquals(40, pool.getQueueCapacity());
                    assertEquals(0.5, pool.getScaleUpThreshold());
                    assertEquals(Duration.ofMillis(750), pool.getScaleCooldown());
                    assertEquals(Duration.ofMinutes(1), pool.getScaleDownIdle());
                    assertEquals(Saturation.CALLER_RUNS, pool.getSaturation());
                    assertEquals(Duration.ofSeconds(2), pool.getMaxSubmitWait().orElseThrow());
                    assertEquals(3, pool.getStallWorkers());
                    assertEquals(Duration.ofSeconds(3), pool.getStallTimeout());
                    assertFalse(pool.isMetricsEnabled());
                });
    }

    @Test
    void camelCaseKeysBindToo() {
        runner.withPropertyValues("adaptive-pool.pools.orders.maxWorkers=5", "adaptive-pool.pools.orders.queueCapacity=7")
                .run(context -> {
                    AdaptivePoolExecutor pool = context.getBean("orders", AdaptivePoolExecutor.class);
                    assertEquals(5, pool.getMaxWorkers());
                    assertEquals(7, pool.getQueueCapacity());
                });
    }

    @Test
    void anUnsetKnobKeepsTheBuildersDefault() {
        runner.withPropertyValues("adaptive-pool.pools.orders.max-workers=3").run(context -> {
            AdaptivePoolExecutor defaults = AdaptivePoolExecutor.builder().maxWorkers(3).build();
            try {
                AdaptivePoolExecutor pool = context.getBean("orders", AdaptivePoolExecutor.class);
                for (Knob knob : Knob.values()) {
                    assertEquals(knob.read(defaults), knob.read(pool), knob.builderName);
                }
            } finally {
                defaults.shutdownNow();
            }
        });
    }

    @Test
    void theApplicationsTaskDecoratorWrapsEveryTaskOfEveryPool() {
        ThreadLocal<String> context = new ThreadLocal<>();
        TaskDecorator carry = task -> {
            String captured = context.get();
            return () -> {
                context.set(captured);
                try {
                    task.run();
                } finally {
                    context.remove();
                }
            };
        };
        runner.withBean(TaskDecorator.class, () -> carry)
                .withPropertyValues("adaptive-pool.pools.a.max-workers=1", "adaptive-pool.pools.b.max-workers=1")
                .run(ctx -> {
                    context.set("request-9");
                    try {
                        for (String name : new String[] {"a", "b"}) {
                            AdaptivePoolExecutor pool = ctx.getBean(name, AdaptivePoolExecutor.class);
                            assertEquals("request-9", pool.submit(context::get).get(10, TimeUnit.SECONDS), name);
                        }
                    } finally {
                        context.remove();
                    }
                });
    }

    @Test
    void thePoolsKeepTheOrderOfTheProperties() {
        runner.withPropertyValues("adaptive-pool.pools.zeta.max-workers=1", "adaptive-pool.pools.alpha.max-workers=1")
                .run(context -> assertTrue(context.getBean(AdaptivePools.class).asMap().keySet().toString().equals("[zeta, alpha]"),
                        context.getBean(AdaptivePools.class).asMap().keySet().toString()));
    }
}
