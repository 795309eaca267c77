package io.adaptivepool;

/**
 * The adaptive decisions, and nothing else: how many workers a submission adds, and when an idle
 * worker may retire. It holds no threads and no locks; the pool calls it under its lock, one
 * caller at a time, with the settings of the moment, and tests drive it with a fake
 * {@link Ticker}.
 *
 * <p>Scaling:
 * <ul>
 *   <li>Up, asked by a submission that found no idle worker while workers are below max. Below
 *       min, with no worker at all, with a full queue, or with threshold 0 (eager), the task gets
 *       a worker of its own at once, cooldown or not. Otherwise, when the queue fill ratio is at
 *       or above the threshold and the cooldown since the last threshold step has passed, the
 *       workers double (at least +1), capped at max. Doubling takes 4 to 32 workers in three
 *       steps; the Go original adds 25% per second.
 *   <li>Down, asked by a worker that has been idle for {@code scaleDownIdle}: granted while workers
 *       exceed the floor (min, or 0 when core threads may time out), and spaced by the cooldown
 *       since the last scale event in either direction, so a burst's tail does not collapse the
 *       pool all at once and a fresh scale-up is not undone at once.
 * </ul>
 */
final class ScalingPolicy {
    private final Ticker ticker;

    private boolean scaledUp;
    private long lastScaleUp;
    private boolean scaledAtAll;
    private long lastScaleEvent;

    ScalingPolicy(Ticker ticker) {
        this.ticker = ticker;
    }

    /** What a submission that found no idle worker does with its task. */
    static final class Growth {
        /** Queue the task; start no worker. */
        static final Growth QUEUE = new Growth(false, 0);
        /** Give the task a new worker of its own. */
        static final Growth OWN_WORKER = new Growth(true, 0);

        /** The task gets a new worker of its own, rather than a place in the queue. */
        final boolean ownWorker;
        /** Workers to start for the queued tasks, after queueing this one. */
        final int extraWorkers;

        private Growth(boolean ownWorker, int extraWorkers) {
            this.ownWorker = ownWorker;
            this.extraWorkers = extraWorkers;
        }

        static Growth queueAndAdd(int workers) {
            return new Growth(false, workers);
        }

        @Override
        public String toString() {
            return ownWorker ? "own worker" : extraWorkers == 0 ? "queue" : "queue and add " + extraWorkers;
        }
    }

    /**
     * For a submission that found no idle worker, with {@code workers} workers (counting those
     * still starting) and {@code queued} tasks already waiting.
     */
    Growth onSubmit(Settings s, int workers, int queued) {
        if (workers >= s.maxWorkers) {
            return Growth.QUEUE;
        }
        if (workers < s.minWorkers || workers == 0 || queued >= s.queueCapacity || s.eager()) {
            recordEvent(ticker.read());
            return Growth.OWN_WORKER;
        }
        if (queued < s.thresholdDepth) {
            return Growth.QUEUE;
        }
        long now = ticker.read();
        if (scaledUp && now - lastScaleUp < s.cooldownNanos()) {
            return Growth.QUEUE;
        }
        scaledUp = true;
        lastScaleUp = now;
        recordEvent(now);
        return Growth.queueAndAdd(Math.min(s.maxWorkers - workers, Math.max(1, workers)));
    }

    /** What an idle worker does once its idle time is up. */
    static final class Retirement {
        /** Retire now. */
        static final Retirement RETIRE = new Retirement(0L);
        /** Stay: the pool is at its floor; wait for work without a time limit. */
        static final Retirement STAY = new Retirement(-1L);

        private final long waitNanos;

        private Retirement(long waitNanos) {
            this.waitNanos = waitNanos;
        }

        static Retirement waitMore(long nanos) {
            return new Retirement(Math.max(1L, nanos));
        }

        /** How long to wait for work before asking again; only for {@link #waitMore}. */
        long waitNanos() {
            return waitNanos;
        }

        @Override
        public String toString() {
            return this == RETIRE ? "retire" : this == STAY ? "stay" : "wait " + waitNanos + " ns more";
        }
    }

    /** Asked by a worker idle for the idle time, with {@code workers} workers in the pool. */
    Retirement onIdle(Settings s, int workers) {
        if (workers <= s.floor()) {
            return Retirement.STAY;
        }
        long now = ticker.read();
        long cooldown = s.cooldownNanos();
        if (scaledAtAll) {
            long since = now - lastScaleEvent;
            if (since < cooldown) {
                return Retirement.waitMore(cooldown - since);
            }
        }
        recordEvent(now);
        return Retirement.RETIRE;
    }

    private void recordEvent(long now) {
        scaledAtAll = true;
        lastScaleEvent = now;
    }
}
