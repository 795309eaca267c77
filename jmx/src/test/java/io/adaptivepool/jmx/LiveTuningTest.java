package io.adaptivepool.jmx;

import static io.adaptivepool.jmx.JmxTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolSaturatedException;
import io.adaptivepool.Saturation;
import io.adaptivepool.jmx.JmxTestSupport.Cleanup;
import io.adaptivepool.jmx.JmxTestSupport.Gate;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Each writable attribute, changed through an MXBean proxy on the platform MBean server while the
 * pool runs, changes what the pool does next.
 */
@Timeout(60)
class LiveTuningTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Cleanup cleanup = new Cleanup();
    private String poolName;

    @BeforeEach
    void name(TestInfo info) {
        poolName = "live-" + info.getTestMethod().get().getName();
    }

    @AfterEach
    void tearDown() {
        cleanup.run();
    }

    private AdaptivePoolExecutor.Builder builder() {
        return AdaptivePoolExecutor.builder().name(poolName).scaleDownIdle(Duration.ofHours(1));
    }

    private AdaptivePoolMXBean register(AdaptivePoolExecutor pool) {
        cleanup.pool(pool);
        ObjectName name = AdaptivePoolJmx.register(pool);
        assertTrue(server.isRegistered(name), name + " registered");
        return JMX.newMXBeanProxy(server, name, AdaptivePoolMXBean.class);
    }

    @Test
    void raisingMaxWorkersUnderSaturationStartsWorkersAndLoweringItRetiresThem() {
        AdaptivePoolExecutor pool = builder().minWorkers(1).maxWorkers(1).queueCapacity(5)
                .saturation(Saturation.REJECT).build();
        AdaptivePoolMXBean bean = register(pool);
        Gate gate = cleanup.gate();
        pool.execute(gate.task());
        gate.awaitStarted(1);
        for (int i = 0; i < 5; i++) {
            pool.execute(gate.task());
        }
        assertFalse(pool.tryExecute(gate.task()), "saturated: queue full, workers at max");
        assertEquals(1, bean.getWorkers());
        assertEquals(5, bean.getQueueDepth());

        bean.setMaxWorkers(4);

        assertEquals(4, bean.getMaxWorkers());
        assertEquals(4, pool.getMaxWorkers());
        await("4 workers, all busy", () -> bean.getWorkers() == 4 && bean.getBusyWorkers() == 4,
                () -> pool.metrics().toString());
        gate.awaitStarted(4); // a worker counts as busy once it took its task, a moment before the task runs
        assertEquals(4, gate.started.get(), "four held tasks running, no more");
        assertEquals(2, bean.getQueueDepth());
        assertEquals(4, bean.getPeakWorkers());
        assertEquals(3, bean.getScaleUps());

        bean.setMaxWorkers(2);

        assertEquals(2, pool.getMaxWorkers());
        assertEquals(4, bean.getWorkers(), "busy workers finish their task before they retire");
        gate.release();
        await("all 6 tasks processed", () -> bean.getJobsProcessed() == 6);
        await("the 2 extra workers retired", () -> bean.getWorkers() == 2, () -> pool.metrics().toString());
        assertEquals(2, bean.getScaleDowns());

        Gate again = cleanup.gate();
        for (int i = 0; i < 5; i++) {
            pool.execute(again.task());
        }
        again.awaitStarted(2);
        assertEquals(2, pool.getPoolSize(), "under load again, no more than the lowered max");
        assertEquals(2, bean.getWorkers());
        assertEquals(3, bean.getQueueDepth());
        again.release();
        await("all 11 tasks processed", () -> bean.getJobsProcessed() == 11);
    }

    @Test
    void shrinkingQueueCapacityRefusesNewTasksAndLosesNoQueuedOne() {
        AdaptivePoolExecutor pool = builder().minWorkers(1).maxWorkers(1).queueCapacity(10)
                .saturation(Saturation.REJECT).build();
        AdaptivePoolMXBean bean = register(pool);
        Gate gate = cleanup.gate();
        AtomicInteger ran = new AtomicInteger();
        Runnable counted = ran::incrementAndGet;
        pool.execute(gate.task());
        gate.awaitStarted(1);
        for (int i = 0; i < 8; i++) {
            pool.execute(counted);
        }
        assertTrue(pool.tryExecute(counted), "room for a 9th queued task at capacity 10");
        assertEquals(9, bean.getQueueDepth());

        bean.setQueueCapacity(3);

        assertEquals(3, bean.getQueueCapacity());
        assertEquals(3, pool.getQueueCapacity());
        assertEquals(9, bean.getQueueDepth(), "shrinking drops no queued task");
        assertFalse(pool.tryExecute(counted));
        PoolSaturatedException refused = assertThrows(PoolSaturatedException.class, () -> pool.execute(counted));
        assertTrue(refused.getMessage().contains("queue full (9/3)"), refused.getMessage());
        assertEquals(2, bean.getJobsRejected());
        assertEquals(10, bean.getJobsSubmitted());

        gate.release();
        await("every accepted task processed", () -> bean.getJobsProcessed() == 10);
        assertEquals(9, ran.get(), "every queued task ran");
        assertEquals(0, bean.getQueueDepth());
        assertEquals(0, pool.metrics().jobsDropped());
        assertTrue(pool.tryExecute(counted), "accepted again once the depth is under the new capacity");
        await("the last task processed", () -> bean.getJobsProcessed() == 11);
    }

    @Test
    void raisingQueueCapacityLetsABlockedSubmitterIn() throws Exception {
        AdaptivePoolExecutor pool = builder().minWorkers(1).maxWorkers(1).queueCapacity(1)
                .saturation(Saturation.BLOCK).build();
        AdaptivePoolMXBean bean = register(pool);
        Gate gate = cleanup.gate();
        pool.execute(gate.task());
        gate.awaitStarted(1);
        pool.execute(gate.task());
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> pool.execute(gate.task()));
        await("the third submission blocks for room", () -> pool.getQueue().size() == 1
                && pool.metrics().blockedSubmitters() == 1);
        assertFalse(blocked.isDone());

        bean.setQueueCapacity(2);

        blocked.get(JmxTestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(2, bean.getQueueDepth());
        assertEquals(0, bean.getJobsRejected());
        gate.release();
        await("all 3 tasks processed", () -> bean.getJobsProcessed() == 3);
    }

    @Test
    void raisingMinWorkersStartsWorkersAndLoweringItLetsIdleOnesRetire() {
        AdaptivePoolExecutor pool = builder().minWorkers(1).maxWorkers(4).scaleCooldown(Duration.ZERO)
                .scaleDownIdle(Duration.ofMillis(100)).build();
        AdaptivePoolMXBean bean = register(pool);
        await("the first worker", () -> bean.getWorkers() == 1);

        bean.setMinWorkers(3);

        assertEquals(3, pool.getMinWorkers());
        assertEquals(3, pool.getPoolSize(), "the missing workers are started at once");
        await("3 workers alive", () -> bean.getWorkers() == 3);

        bean.setMinWorkers(1);

        assertEquals(1, bean.getMinWorkers());
        await("the idle workers above the new minimum retire", () -> bean.getWorkers() == 1,
                () -> pool.metrics().toString());
        assertEquals(2, bean.getScaleDowns());
    }

    @Test
    void theNextScaleUpFollowsANewThreshold() {
        AdaptivePoolExecutor pool = builder().minWorkers(1).maxWorkers(4).queueCapacity(10)
                .scaleUpThreshold(1.0).scaleCooldown(Duration.ZERO).saturation(Saturation.REJECT).build();
        AdaptivePoolMXBean bean = register(pool);
        Gate gate = cleanup.gate();
        pool.execute(gate.task());
        gate.awaitStarted(1);
        for (int i = 0; i < 5; i++) {
            pool.execute(gate.task());
        }
        assertEquals(1, pool.getPoolSize(), "a half-full queue is below threshold 1.0");

        bean.setScaleUpThreshold(0.2);

        assertEquals(0.2, pool.getScaleUpThreshold());
        pool.execute(gate.task());
        assertEquals(2, pool.getPoolSize(), "queue at 5/10 >= 0.2: the workers double");
        pool.execute(gate.task());
        assertEquals(4, pool.getPoolSize(), "no cooldown: the next submission doubles again");
        await("4 busy workers", () -> bean.getBusyWorkers() == 4);
        assertEquals(3, bean.getScaleUps());
        gate.release();
        await("all 8 tasks processed", () -> bean.getJobsProcessed() == 8);
    }

    @Test
    void theNextScaleUpFollowsANewCooldown() {
        AdaptivePoolExecutor pool = builder().minWorkers(1).maxWorkers(8).queueCapacity(10)
                .scaleUpThreshold(0.2).scaleCooldown(Duration.ofHours(1)).saturation(Saturation.REJECT).build();
        AdaptivePoolMXBean bean = register(pool);
        Gate gate = cleanup.gate();
        pool.execute(gate.task());
        gate.awaitStarted(1);
        pool.execute(gate.task());
        pool.execute(gate.task());
        assertEquals(1, pool.getPoolSize(), "1 of 10 queued: below threshold 0.2");
        pool.execute(gate.task());
        assertEquals(2, pool.getPoolSize(), "2 of 10 queued: the first threshold step");
        for (int i = 0; i < 3; i++) {
            pool.execute(gate.task());
        }
        assertEquals(2, pool.getPoolSize(), "further steps wait for the one-hour cooldown");
        assertEquals(3600_000L, bean.getScaleCooldownMillis());

        bean.setScaleCooldownMillis(0);

        assertEquals(Duration.ZERO, pool.getScaleCooldown());
        pool.execute(gate.task());
        assertEquals(4, pool.getPoolSize(), "without cooldown the next submission doubles the workers");
        await("4 busy workers", () -> bean.getBusyWorkers() == 4);
        gate.release();
        await("all 8 tasks processed", () -> bean.getJobsProcessed() == 8);
    }

    @Test
    void idleWorkersRetireOnceTheIdleTimeIsShortened() {
        AdaptivePoolExecutor pool = builder().minWorkers(1).maxWorkers(3).scaleUpThreshold(0.0)
                .scaleCooldown(Duration.ZERO).build();
        AdaptivePoolMXBean bean = register(pool);
        Gate gate = cleanup.gate();
        for (int i = 1; i <= 3; i++) {
            pool.execute(gate.task());
            gate.awaitStarted(i);
        }
        assertEquals(3, bean.getWorkers());
        gate.release();
        await("all 3 tasks processed and the workers idle",
                () -> bean.getJobsProcessed() == 3 && bean.getBusyWorkers() == 0);
        assertEquals(3, bean.getWorkers(), "idle for less than an hour: nobody retires");
        assertEquals(0, bean.getScaleDowns());

        bean.setScaleDownIdleMillis(50);

        assertEquals(Duration.ofMillis(50), pool.getScaleDownIdle());
        await("the idle workers above the minimum retire", () -> bean.getWorkers() == 1,
                () -> pool.metrics().toString());
        assertEquals(2, bean.getScaleDowns());
    }
}
