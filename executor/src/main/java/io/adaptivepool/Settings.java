package io.adaptivepool;

import java.time.Duration;

/**
 * Every live setting of one pool, as one immutable value. The pool keeps the current one behind a
 * single volatile reference that submitters, workers, the scaling policy and the stall guard read;
 * a change makes a new value (each {@code with...} method checks its field, and the combination,
 * with the builder's messages) and publishes it under the pool's lock, so no reader ever sees half
 * of a change.
 */
final class Settings {
    final int minWorkers;
    final int maxWorkers;
    final int queueCapacity;
    final double scaleUpThreshold;
    /** The smallest queue depth at or above the threshold: ceil(threshold x capacity). */
    final int thresholdDepth;
    final Duration scaleCooldown;
    final Duration scaleDownIdle;
    final boolean coreMayRetire;
    final int stallWorkers;
    final Duration stallTimeout;
    /**
     * Why minWorkers, maxWorkers and stallWorkers keep their built values (the builder's
     * fixedSize), or null when they may change.
     */
    final String fixedSize;

    Settings(int minWorkers, int maxWorkers, int queueCapacity, double scaleUpThreshold, Duration scaleCooldown,
            Duration scaleDownIdle, boolean coreMayRetire, int stallWorkers, Duration stallTimeout) {
        this(minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, scaleCooldown, scaleDownIdle, coreMayRetire,
                stallWorkers, stallTimeout, null);
    }

    Settings(int minWorkers, int maxWorkers, int queueCapacity, double scaleUpThreshold, Duration scaleCooldown,
            Duration scaleDownIdle, boolean coreMayRetire, int stallWorkers, Duration stallTimeout, String fixedSize) {
        Config.minWorkers(minWorkers);
        Config.maxWorkers(maxWorkers);
        Config.queueCapacity(queueCapacity);
        Config.scaleUpThreshold(scaleUpThreshold);
        Config.notNegative("scaleCooldown", scaleCooldown);
        Config.positive("scaleDownIdle", scaleDownIdle);
        Config.stallWorkers(stallWorkers);
        Config.positive("stallTimeout", stallTimeout);
        this.minWorkers = minWorkers;
        this.maxWorkers = maxWorkers;
        this.queueCapacity = queueCapacity;
        this.scaleUpThreshold = scaleUpThreshold;
        this.thresholdDepth = (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(scaleUpThreshold * queueCapacity));
        this.scaleCooldown = scaleCooldown;
        this.scaleDownIdle = scaleDownIdle;
        this.coreMayRetire = coreMayRetire;
        this.stallWorkers = stallWorkers;
        this.stallTimeout = stallTimeout;
        this.fixedSize = fixedSize;
    }

    /* Refuses a change of a fixed size; the present value is no change, so it passes. */
    private void unchanged(String field, int value, int present) {
        if (fixedSize != null && value != present) {
            throw Config.invalid(field + " (" + value + ") cannot change: " + fixedSize);
        }
    }

    Settings withMinWorkers(int min) {
        Config.minWorkers(min);
        unchanged("minWorkers", min, minWorkers);
        Config.minNotAboveMax(min, maxWorkers, true);
        return new Settings(min, maxWorkers, queueCapacity, scaleUpThreshold, scaleCooldown, scaleDownIdle,
                coreMayRetire, stallWorkers, stallTimeout, fixedSize);
    }

    Settings withMaxWorkers(int max) {
        Config.maxWorkers(max);
        unchanged("maxWorkers", max, maxWorkers);
        Config.minNotAboveMax(minWorkers, max, false);
        return new Settings(minWorkers, max, queueCapacity, scaleUpThreshold, scaleCooldown, scaleDownIdle,
                coreMayRetire, stallWorkers, stallTimeout, fixedSize);
    }

    Settings withQueueCapacity(int capacity) {
        return new Settings(minWorkers, maxWorkers, capacity, scaleUpThreshold, scaleCooldown, scaleDownIdle,
                coreMayRetire, stallWorkers, stallTimeout, fixedSize);
    }

    Settings withScaleUpThreshold(double threshold) {
        return new Settings(minWorkers, maxWorkers, queueCapacity, threshold, scaleCooldown, scaleDownIdle,
                coreMayRetire, stallWorkers, stallTimeout, fixedSize);
    }

    Settings withScaleCooldown(Duration cooldown) {
        return new Settings(minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, cooldown, scaleDownIdle,
                coreMayRetire, stallWorkers, stallTimeout, fixedSize);
    }

    Settings withScaleDownIdle(Duration idle) {
        return new Settings(minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, scaleCooldown, idle,
                coreMayRetire, stallWorkers, stallTimeout, fixedSize);
    }

    Settings withCoreMayRetire(boolean mayRetire) {
        return new Settings(minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, scaleCooldown, scaleDownIdle,
                mayRetire, stallWorkers, stallTimeout, fixedSize);
    }

    Settings withStallWorkers(int extra) {
        Config.stallWorkers(extra);
        unchanged("stallWorkers", extra, stallWorkers);
        return new Settings(minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, scaleCooldown, scaleDownIdle,
                coreMayRetire, extra, stallTimeout, fixedSize);
    }

    Settings withStallTimeout(Duration timeout) {
        return new Settings(minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, scaleCooldown, scaleDownIdle,
                coreMayRetire, stallWorkers, timeout, fixedSize);
    }

    /** Threshold 0: a worker whenever a task would wait and none is idle. */
    boolean eager() {
        return scaleUpThreshold == 0.0;
    }

    /** The fewest workers idle retirement leaves: min, or none when core workers may time out. */
    int floor() {
        return coreMayRetire ? 0 : minWorkers;
    }

    long cooldownNanos() {
        return Config.nanos(scaleCooldown);
    }

    long idleNanos() {
        return Config.nanos(scaleDownIdle);
    }

    long stallTimeoutNanos() {
        return Config.nanos(stallTimeout);
    }
}
