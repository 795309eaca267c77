package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scaling decisions alone, on a fake clock: no threads. */
class ScalingPolicyTest {
    private static final long MS = 1_000_000L;

    private long now = 1_000 * MS;
    private final ScalingPolicy policy = new ScalingPolicy(() -> now);

    private static Settings settings(int min, int max, double threshold, long cooldownMillis) {
        return new Settings(min, max, 100, threshold, Duration.ofMillis(cooldownMillis), Duration.ofSeconds(30),
                false, 0, Duration.ofSeconds(1));
    }

    /** What a submission that found no idle worker does, as text: "queue", "own worker", "queue and add N". */
    private String grow(Settings s, int workers, int queued) {
        return policy.onSubmit(s, workers, queued).toString();
    }

    private String retire(Settings s, int workers) {
        return policy.onIdle(s, workers).toString();
    }

    @Test
    void belowTheThresholdTasksQueue() {
        Settings s = settings(1, 32, 0.5, 1000);
        assertEquals("queue", grow(s, 4, 49));
        assertEquals("queue and add 4", grow(s, 4, 50), "at the threshold the workers double");
    }

    @Test
    void growthIsGeometricAndSpacedByTheCooldown() {
        Settings s = settings(1, 32, 0.5, 1000);
        assertEquals("queue and add 4", grow(s, 4, 80));
        assertEquals("queue", grow(s, 8, 80), "inside the cooldown");
        now += 999 * MS;
        assertEquals("queue", grow(s, 8, 80), "still inside the cooldown");
        now += 1 * MS;
        assertEquals("queue and add 8", grow(s, 8, 80));
        now += 1000 * MS;
        assertEquals("queue and add 16", grow(s, 16, 80));
        now += 1000 * MS;
        assertEquals("queue", grow(s, 32, 99), "never above max");
    }

    @Test
    void growthIsCappedAtMax() {
        assertEquals("queue and add 2", grow(settings(1, 10, 0.5, 0), 8, 60));
    }

    @Test
    void belowMinOrWithNoWorkerATaskGetsAWorkerOfItsOwn() {
        assertSame(ScalingPolicy.Growth.OWN_WORKER, policy.onSubmit(settings(0, 10, 0.5, 0), 0, 0));
        assertSame(ScalingPolicy.Growth.OWN_WORKER, policy.onSubmit(settings(4, 10, 0.5, 0), 2, 0));
    }

    @Test
    void aFullQueueAddsAWorkerDespiteTheCooldown() {
        Settings s = settings(1, 32, 0.5, 60_000);
        assertEquals("queue and add 4", grow(s, 4, 50));
        assertEquals("queue", grow(s, 8, 99), "threshold step inside the cooldown");
        assertEquals("own worker", grow(s, 8, 100), "full queue overrides the cooldown");
        assertEquals("own worker", grow(s, 9, 100));
        assertEquals("queue", grow(s, 32, 100), "but never above max");
    }

    @Test
    void thresholdZeroIsEagerAndIgnoresTheCooldown() {
        Settings s = settings(0, 8, 0.0, 60_000);
        assertEquals("own worker", grow(s, 0, 0), "a task would wait: add one");
        assertEquals("own worker", grow(s, 1, 0), "again, cooldown or not");
        assertEquals("queue", grow(s, 8, 5), "max reached");
    }

    @Test
    void thresholdOneScalesOnlyWhenFull() {
        Settings s = settings(1, 8, 1.0, 0);
        assertEquals("queue", grow(s, 1, 99));
        assertEquals("own worker", grow(s, 1, 100));
    }

    @Test
    void idleWorkersRetireDownToMinSpacedByTheCooldown() {
        Settings s = settings(2, 8, 0.5, 500);
        assertEquals("retire", retire(s, 5), "first retirement: no event yet");
        assertEquals("wait " + 500 * MS + " ns more", retire(s, 4), "the next must wait out the cooldown");
        now += 200 * MS;
        assertEquals("wait " + 300 * MS + " ns more", retire(s, 4));
        now += 300 * MS;
        assertEquals("retire", retire(s, 4));
        now += 500 * MS;
        assertEquals("retire", retire(s, 3));
        now += 500 * MS;
        assertEquals("stay", retire(s, 2), "never below min");
        assertEquals("stay", retire(s, 1));
    }

    @Test
    void aScaleUpDelaysTheNextRetirement() {
        Settings s = settings(1, 8, 0.5, 1000);
        assertEquals("queue and add 2", grow(s, 2, 50));
        now += 400 * MS;
        assertEquals("wait " + 600 * MS + " ns more", retire(s, 4));
    }

    @Test
    void coreTimeOutLowersTheFloorToZero() {
        Settings s = settings(2, 8, 0.5, 0);
        assertEquals("stay", retire(s, 2));
        Settings timeOut = s.withCoreMayRetire(true);
        assertEquals("retire", retire(timeOut, 2));
        assertEquals("retire", retire(timeOut, 1));
        assertEquals("stay", retire(timeOut, 0));
    }

    @Test
    void liveChangesApplyToTheNextDecision() {
        Settings s = settings(1, 4, 0.5, 1000);
        assertEquals("queue", grow(s, 4, 90));
        s = s.withMaxWorkers(16);
        assertEquals("queue and add 4", grow(s, 4, 90));
        s = s.withScaleCooldown(Duration.ZERO);
        assertEquals("queue and add 8", grow(s, 8, 90));
        s = s.withScaleUpThreshold(0.95);
        assertEquals("queue", grow(s, 16, 90));
        s = s.withMinWorkers(16);
        assertEquals("stay", retire(s, 16));
    }
}
