package io.adaptivepool.micrometer;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.adaptivepool.micrometer.TestSupport.METERS;
import static io.adaptivepool.micrometer.TestSupport.activity;
import static io.adaptivepool.micrometer.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class AdaptivePoolMetricsTest {
    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws InterruptedException {
        release.countDown();
        pools.close();
    }

    @Test
    void everyMeterHasItsTypeBaseUnitAndTags() {
        AdaptivePoolExecutor pool = pools.small("orders");

        new AdaptivePoolMetrics(pool, Tags.of("app", "shop")).bindTo(registry);

        assertEquals(METERS.size(), registry.getMeters().size(), names(registry));
        for (TestSupport.Expected e : METERS) {
            Meter meter = find(e, "orders");
            assertNotNull(meter, "missing: " + e);
            assertEquals(e.type(), meter.getId().getType(), e.toString());
            assertEquals(e.baseUnit(), meter.getId().getBaseUnit(), e.toString());
            List<Tag> expectedTags = new ArrayList<>(List.of(Tag.of("app", "shop"), Tag.of("name", "orders")));
            if (e.tagKey() != null) {
                expectedTags.add(Tag.of(e.tagKey(), e.tagValue()));
            }
            assertEquals(Tags.of(expectedTags), Tags.of(meter.getId().getTags()), e.toString());
        }
    }

    @Test
    void valuesComeFromThePoolsSnapshot() throws InterruptedException {
        AdaptivePoolExecutor pool = AdaptivePoolMetrics.monitor(registry, pools.small("orders"));
        activity(pool, release);
        PoolMetrics m = pool.metrics();

        eventually("meters read a snapshot taken after the activity",
                () -> value("executor.rejected", "reason", "saturated") == 1.0);
        assertEquals(2.0, value("executor.completed"));
        assertEquals(1.0, value("executor.failed"));
        assertEquals(5.0, value("executor.submitted"));
        assertEquals(2.0, value("executor.active"));
        assertEquals(2.0, value("executor.pool.size"));
        assertEquals(1.0, value("executor.pool.core"));
        assertEquals(2.0, value("executor.pool.max"));
        assertEquals(1.0, value("executor.queued"));
        assertEquals(0.0, value("executor.queue.remaining"));
        assertEquals(1.0, value("executor.queue.capacity"));
        assertEquals((double) m.scaleUps(), value("executor.pool.scale", "direction", "up"));
        assertTrue(m.scaleUps() >= 1, m.toString());
        FunctionTimer execution = registry.find("executor").functionTimer();
        assertEquals(2.0, execution.count());
        assertEquals(m.jobDuration().sumSeconds(), execution.totalTime(TimeUnit.SECONDS), 1e-9);
        assertEquals(4.0, registry.find("executor.idle").functionTimer().count(), "two ran, two started");
        TimeGauge longest = registry.find("executor.task.longest").timeGauge();
        assertTrue(longest.value(TimeUnit.NANOSECONDS) >= 0, "a reading, not NaN");
    }

    @Test
    void aTerminatedPoolsMetersAreRemovedAndOtherPoolsStay() throws InterruptedException {
        AdaptivePoolExecutor leaving = AdaptivePoolMetrics.monitor(registry, pools.small("leaving"));
        AdaptivePoolMetrics.monitor(registry, pools.small("staying"));

        leaving.shutdown();
        assertTrue(leaving.awaitTermination(20, TimeUnit.SECONDS));

        eventually("the terminated pool's meters are gone",
                () -> registry.find("executor.pool.size").tags("name", "leaving").meter() == null);
        assertEquals(METERS.size(), registry.getMeters().size(), names(registry));
        assertTrue(registry.getMeters().stream().allMatch(meter -> "staying".equals(meter.getId().getTag("name"))));
    }

    @Test
    void bindingATerminatedPoolLeavesNothing() throws InterruptedException {
        AdaptivePoolExecutor pool = pools.small("gone");
        pool.shutdown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));

        assertSame(pool, AdaptivePoolMetrics.monitor(registry, pool, "app", "shop"));

        assertEquals(List.of(), registry.getMeters());
    }

    @Test
    void theRegistryDoesNotKeepAnUnreferencedPoolAlive() {
        WeakReference<AdaptivePoolExecutor> pool = bindThrowawayPool(registry);

        eventually("the unreferenced pool is collected", () -> {
            System.gc();
            return pool.get() == null;
        });
        assertTrue(Double.isNaN(registry.find("executor.pool.size").gauge().value()));
    }

    /** A pool with no worker (min 0, never used) that nothing else references once this returns. */
    private static WeakReference<AdaptivePoolExecutor> bindThrowawayPool(MeterRegistry registry) {
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("throwaway").minWorkers(0).maxWorkers(1).build();
        AdaptivePoolMetrics.monitor(registry, pool);
        return new WeakReference<>(pool);
    }

    @Test
    void aPoolWithoutTimingsHasNoTimers() {
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("untimed").metricsEnabled(false).build();
        try {
            AdaptivePoolMetrics.monitor(registry, pool);

            assertEquals(METERS.size() - 2, registry.getMeters().size(), names(registry));
            assertTrue(registry.find("executor").meters().isEmpty());
            assertTrue(registry.find("executor.idle").meters().isEmpty());
        } finally {
            pool.shutdownNow();
        }
    }

    private Meter find(TestSupport.Expected e, String pool) {
        Tags tags = e.tagKey() == null ? Tags.of("name", pool) : Tags.of("name", pool, e.tagKey(), e.tagValue());
        return registry.find(e.name()).tags(tags).meter();
    }

    /** The value of the one gauge or function counter named so (with the given extra tag). */
    private double value(String name, String... tag) {
        Meter meter = registry.find(name).tags(tag).meter();
        assertNotNull(meter, name);
        return meter instanceof FunctionCounter c ? c.count() : ((io.micrometer.core.instrument.Gauge) meter).value();
    }

    private static String names(MeterRegistry registry) {
        StringBuilder s = new StringBuilder();
        for (Meter m : registry.getMeters()) {
            s.append(m.getId()).append('\n');
        }
        return s.toString();
    }
}
