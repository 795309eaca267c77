package io.adaptivepool;

import static io.adaptivepool.TestSupport.await;
import static io.adaptivepool.TestSupport.awaitLatch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A live change of the cooldown reaches idle workers that the scaling policy has already told to
 * wait: they ask the policy again, with the settings of the moment, when woken.
 */
class LiveCooldownTest {
    private AdaptivePoolExecutor pool;

    @AfterEach
    void shutDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoweredCooldownReachesWorkersAlreadyToldToWait() {
        AtomicInteger policyReads = new AtomicInteger();
        pool = AdaptivePoolExecutor.builder().name("live-cooldown").minWorkers(1).maxWorkers(4).queueCapacity(100)
                .scaleUpThreshold(0.0).scaleCooldown(Duration.ofHours(1)).scaleDownIdle(Duration.ofMillis(20))
                .ticker(() -> {
                    policyReads.incrementAndGet();
                    return System.nanoTime();
                })
                .build();
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch wave = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                started.countDown();
                awaitLatch(wave);
            });
        }
        awaitLatch(started);
        int before = policyReads.get();
        wave.countDown();
        // each idle worker above min asks the policy once its 20 ms are up: told to wait an hour
        await("4 idle workers told to wait", () -> policyReads.get() - before >= 4);
        assertEquals(0, pool.metrics().scaleDowns());

        pool.setScaleCooldown(Duration.ofMillis(30));
        await("1 worker left", () -> pool.getPoolSize() == 1, () -> pool.metrics().toString());
        assertEquals(3, pool.metrics().scaleDowns());
    }
}
