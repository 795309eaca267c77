package io.adaptivepool;

/**
 * The adaptive decisions, and nothing else: when to add workers and when an idle worker may
 * retire. It holds no threads and no locks; the pool calls it under its own monitor, one caller at
 * a time, and tests drive it with a fake {@link Ticker}.
 *
 * <p>Scaling:
 * <ul>
 *   <li>Up, checked by the submission that would otherwise queue behind busy workers. A full queue
 *       adds one worker at once, cooldown or not. A threshold of 0 is eager: one worker whenever a
 *       task would wait. Otherwise, when the queue fill ratio is at or above the threshold and the
 *       cooldown since the last threshold step has passed, the workers double (at least +1), capped
 *       at max. Doubling takes 4 to 32 workers in three steps; the Go original adds 25% per second.
 *   <li>Down, asked by a worker that has been idle for {@code scaleDownIdle}: granted while workers
 *       exceed the floor (min, or 0 when core threads may time out), and spaced by the cooldown
 *       since the last scale event in either direction, so a burst's tail does not collapse the
 *       pool all at once and a fresh scale-up is not undone at once.
 * </ul>
 */
final class ScalingPolicy {
    private final Ticker ticker;

    private int minWorkers;
    private int maxWorkers;
    private double threshold;
    private long cooldownNanos;
    private boolean coreMayRetire;

    private boolean scaledUp;
    private long lastScaleUp;
    private boolean scaledAtAll;
    private long lastScaleEvent;

    ScalingPolicy(Ticker ticker, int minWorkers, int maxWorkers, double threshold, long cooldownNanos) {
        this.ticker = ticker;
        this.minWorkers = minWorkers;
        this.maxWorkers = maxWorkers;
        this.threshold = threshold;
        this.cooldownNanos = cooldownNanos;
    }

    void setMinWorkers(int minWorkers) {
        this.minWorkers = minWorkers;
    }

    void setMaxWorkers(int maxWorkers) {
        this.maxWorkers = maxWorkers;
    }

    void setThreshold(double threshold) {
        this.threshold = threshold;
    }

    void setCooldownNanos(long cooldownNanos) {
        this.cooldownNanos = cooldownNanos;
    }

    void setCoreMayRetire(boolean coreMayRetire) {
        this.coreMayRetire = coreMayRetire;
    }

    /**
     * How many workers to add for a submission that finds {@code queued} tasks waiting, with
     * {@code idle} of {@code workers} idle and room for {@code capacity} tasks. Zero means queue it.
     */
    int workersToAdd(int workers, int idle, int queued, int capacity) {
        if (workers >= maxWorkers) {
            return 0;
        }
        if (queued >= capacity) {
            recordEvent(ticker.read());
            return 1; // full-queue override: never wait while a worker could be added
        }
        if (idle > queued) {
            return 0; // an idle worker will take it at once
        }
        if (threshold == 0.0) {
            recordEvent(ticker.read());
            return 1; // eager
        }
        if (queued < threshold * capacity) {
            return 0;
        }
        long now = ticker.read();
        if (scaledUp && now - lastScaleUp < cooldownNanos) {
            return 0;
        }
        scaledUp = true;
        lastScaleUp = now;
        recordEvent(now);
        return Math.min(maxWorkers - workers, Math.max(1, workers));
    }

    /**
     * Asked by a worker that has been idle for the idle time. Returns 0 to let it retire now,
     * -1 when it must stay (at the floor), or the nanoseconds to keep waiting for work before
     * asking again (cooldown).
     */
    long retire(int workers) {
        int floor = coreMayRetire ? 0 : minWorkers;
        if (workers <= floor) {
            return -1;
        }
        long now = ticker.read();
        if (scaledAtAll) {
            long since = now - lastScaleEvent;
            if (since < cooldownNanos) {
                return cooldownNanos - since;
            }
        }
        recordEvent(now);
        return 0;
    }

    private void recordEvent(long now) {
        scaledAtAll = true;
        lastScaleEvent = now;
    }
}
