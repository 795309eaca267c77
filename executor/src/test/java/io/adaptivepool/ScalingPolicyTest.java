package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The scaling decisions alone, on a fake clock: no threads. */
class ScalingPolicyTest {
    private static final long MS = 1_000_000L;

    private long now = 1_000 * MS;
    private final Ticker clock = () -> now;

    private ScalingPolicy policy(int min, int max, double threshold, long cooldownMillis) {
        return new ScalingPolicy(clock, min, max, threshold, cooldownMillis * MS);
    }

    @Test
    void belowTheThresholdNothingIsAdded() {
        ScalingPolicy p = policy(1, 32, 0.5, 1000);
        assertEquals(0, p.workersToAdd(4, 0, 49, 100));
        assertEquals(4, p.workersToAdd(4, 0, 50, 100), "at the threshold the workers double");
    }

    @Test
    void anIdleWorkerForEveryQueuedTaskMeansNoGrowth() {
        ScalingPolicy p = policy(1, 32, 0.5, 1000);
        assertEquals(0, p.workersToAdd(8, 61, 60, 100), "61 idle workers for 60 queued and this one");
        assertEquals(8, p.workersToAdd(8, 60, 60, 100), "this task would wait");
    }

    @Test
    void growthIsGeometricAndSpacedByTheCooldown() {
        ScalingPolicy p = policy(1, 32, 0.5, 1000);
        assertEquals(4, p.workersToAdd(4, 0, 80, 100));   // 4 -> 8
        assertEquals(0, p.workersToAdd(8, 0, 80, 100), "inside the cooldown");
        now += 999 * MS;
        assertEquals(0, p.workersToAdd(8, 0, 80, 100), "still inside the cooldown");
        now += 1 * MS;
        assertEquals(8, p.workersToAdd(8, 0, 80, 100));   // 8 -> 16
        now += 1000 * MS;
        assertEquals(16, p.workersToAdd(16, 0, 80, 100)); // 16 -> 32
        now += 1000 * MS;
        assertEquals(0, p.workersToAdd(32, 0, 99, 100), "never above max");
    }

    @Test
    void growthIsCappedAtMax() {
        ScalingPolicy p = policy(1, 10, 0.5, 0);
        assertEquals(2, p.workersToAdd(8, 0, 60, 100));
    }

    @Test
    void fromZeroWorkersTheFirstStepAddsOne() {
        ScalingPolicy p = policy(0, 10, 0.5, 0);
        assertEquals(1, p.workersToAdd(0, 0, 60, 100));
    }

    @Test
    void aFullQueueAddsAWorkerDespiteTheCooldown() {
        ScalingPolicy p = policy(1, 32, 0.5, 60_000);
        assertEquals(4, p.workersToAdd(4, 0, 50, 100));
        assertEquals(0, p.workersToAdd(8, 0, 99, 100), "threshold step inside the cooldown");
        assertEquals(1, p.workersToAdd(8, 0, 100, 100), "full queue overrides the cooldown");
        assertEquals(1, p.workersToAdd(9, 0, 100, 100));
        assertEquals(0, p.workersToAdd(32, 0, 100, 100), "but never above max");
    }

    @Test
    void thresholdZeroIsEagerAndIgnoresTheCooldown() {
        ScalingPolicy p = policy(0, 8, 0.0, 60_000);
        assertEquals(1, p.workersToAdd(0, 0, 0, 100), "a task would wait: add one");
        assertEquals(1, p.workersToAdd(1, 0, 0, 100), "again, cooldown or not");
        assertEquals(0, p.workersToAdd(2, 1, 0, 100), "an idle worker will take it");
        assertEquals(0, p.workersToAdd(8, 0, 5, 100), "max reached");
    }

    @Test
    void thresholdOneScalesOnlyWhenFull() {
        ScalingPolicy p = policy(1, 8, 1.0, 0);
        assertEquals(0, p.workersToAdd(1, 0, 99, 100));
        assertEquals(1, p.workersToAdd(1, 0, 100, 100));
    }

    @Test
    void idleWorkersRetireDownToMinSpacedByTheCooldown() {
        ScalingPolicy p = policy(2, 8, 0.5, 500);
        assertEquals(0, p.retire(5), "first retirement: no event yet");
        long wait = p.retire(4);
        assertEquals(500 * MS, wait, "the next must wait out the cooldown");
        now += 200 * MS;
        assertEquals(300 * MS, p.retire(4));
        now += 300 * MS;
        assertEquals(0, p.retire(4));
        now += 500 * MS;
        assertEquals(0, p.retire(3));
        now += 500 * MS;
        assertEquals(-1, p.retire(2), "never below min");
        assertEquals(-1, p.retire(1));
    }

    @Test
    void aScaleUpDelaysTheNextRetirement() {
        ScalingPolicy p = policy(1, 8, 0.5, 1000);
        assertEquals(2, p.workersToAdd(2, 0, 50, 100));
        now += 400 * MS;
        assertEquals(600 * MS, p.retire(4));
    }

    @Test
    void coreTimeOutLowersTheFloorToZero() {
        ScalingPolicy p = policy(2, 8, 0.5, 0);
        assertEquals(-1, p.retire(2));
        p.setCoreMayRetire(true);
        assertEquals(0, p.retire(2));
        assertEquals(0, p.retire(1));
        assertEquals(-1, p.retire(0));
    }

    @Test
    void liveChangesApplyToTheNextDecision() {
        ScalingPolicy p = policy(1, 4, 0.5, 1000);
        assertEquals(0, p.workersToAdd(4, 0, 90, 100));
        p.setMaxWorkers(16);
        assertEquals(4, p.workersToAdd(4, 0, 90, 100));
        p.setCooldownNanos(0);
        assertEquals(8, p.workersToAdd(8, 0, 90, 100));
        p.setThreshold(0.95);
        assertEquals(0, p.workersToAdd(16, 0, 90, 100));
        p.setMinWorkers(16);
        assertEquals(-1, p.retire(16));
    }
}
