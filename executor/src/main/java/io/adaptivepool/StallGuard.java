package io.adaptivepool;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One pool's stall detection: tasks are queued and none has started for the pool's stall timeout.
 * Each such episode is counted and logged; with {@code stallWorkers} above 0, the pool then adds
 * workers for the queued tasks, within max first and up to {@code stallWorkers} above it (the
 * guard), so that tasks which wait on other tasks of the pool, or long-lived tasks, cannot starve
 * the queue. The workers added above max leave as soon as the queue is empty.
 *
 * <p>Called by the watch thread only ({@link PoolWatch#tick}): {@link #check} under the pool's
 * lock; {@link StallLines} writes its events outside it. The decisions take the clock as an
 * argument and are tested without threads.
 */
final class StallGuard {
    /*
     * The timeout follows the pool's pace. A fixed timeout is either too long for a caller with a
     * time budget (a call queued behind 100 blocked workers waits a whole second for its worker) or
     * too short for a pool of long tasks that finish together. So the timeout is four times the
     * longest gap between starts seen while tasks were queued (StallPace), at least FLOOR_NANOS and a
     * tenth of the configured stallTimeout, at most stallTimeout: with the default 1 s, a pool whose
     * tasks start every few milliseconds stalls after 100 ms without a start; batches of 500 ms tasks
     * after the full second. A pool set to an hour keeps at least six minutes. A pool with no
     * history yet gets the floor: a burst of short tasks that keep finishing never goes that long
     * without a start, and a wrong guess costs a few workers above max, for as long as tasks stay
     * queued.
     *
     * The clock of a stall is the time since the last start or since the oldest queued task
     * arrived, whichever is later, and starts no earlier than the watch's first look at a non-empty
     * queue: while no pool is busy the watch looks only every 250 ms, and tasks are stamped with its
     * coarse clock, so an earlier start would count a wait the tasks did not have. Time the watch
     * did not look (a GC pause, a starved machine: its tick came late) does not count: nothing could
     * start then either.
     *
     * An episode ends when the queue has drained, or when tasks start at the pool's pace again:
     * starts beyond those of the workers the guard added, no gap of a timeout since, and a timeout
     * passed since the guard last added workers. The workers the guard adds start tasks by
     * themselves; that is not the pool's own pace, and once they block too nothing else starts.
     */

    /** The least time between two logged stall starts of one pool. */
    static final long LOG_SPACING_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The least time between two lines of one pool at its ceiling (repeated while it lasts). */
    static final long CEILING_SPACING_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The shortest stall timeout the pace may give. */
    static final long FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Timeout = this many times the longest gap between starts of the pool's recent past. */
    static final int PACE_FACTOR = 4;
    /** The pace shortens the timeout to a tenth of stallTimeout at most (1 s: 100 ms; an hour: 6 minutes). */
    static final long SHORTEST_FRACTION = 10;

    enum Kind { BEGIN, ADD, CEILING, END }

    private final StallPace pace = new StallPace();

    // the watch thread's alone
    private boolean checked;
    private long lastCheckAt;
    private long lastStarted = -1L;
    private long lastProgressAt;
    private int lastQueued;
    private boolean inStall;
    private long episodeStart;
    private long lastAddAt;
    private long expectedStarted;
    private boolean episodeLogged;
    private boolean loggedOnce;
    private long lastLoggedAt;
    private int notLogged;
    private boolean ceilingLogged;
    private long lastCeilingLineAt;

    // read by snapshots
    private volatile long stalls;
    private volatile boolean stalled;

    /** Stall episodes so far. */
    long stalls() {
        return stalls;
    }

    /** True from the start of an episode until it is over. */
    boolean stalled() {
        return stalled;
    }

    /** The stall timeout now: the pool's pace, at least a tenth of stallTimeout and 100 ms, at most stallTimeout. */
    long timeoutNanos(long now, Settings s) {
        long configured = s.stallTimeoutNanos();
        long floor = Math.max(FLOOR_NANOS, configured / SHORTEST_FRACTION);
        long byPace = Math.max(floor, PACE_FACTOR * Math.min(pace.longestGap(now), Long.MAX_VALUE / 8));
        return Math.min(configured, byPace);
    }

    /** Something to say, and how many workers to add, decided under the pool's lock. */
    static final class Event {
        final Kind kind;
        final long stalledNanos;
        final long timeoutNanos;
        final int queued;
        final long oldestQueuedNanos;
        final int add;
        final Settings settings;
        /** BEGIN: -1 when the line is not written, else how many starts were not logged before it. */
        final int notLoggedBefore;
        /** END: whether the line is written, and why the stall is over. */
        final boolean drained;
        final boolean written;
        int workers;
        int busy;
        Thread busiest;
        /** Taken by the first call of {@link #busiestStack()}. */
        private Thread.State busiestState;
        private StackTraceElement[] busiestStack;

        Event(Kind kind, long stalledNanos, long timeoutNanos, int queued, long oldestQueuedNanos, int add,
                Settings settings, int notLoggedBefore, boolean drained, boolean written) {
            this.kind = kind;
            this.stalledNanos = stalledNanos;
            this.timeoutNanos = timeoutNanos;
            this.queued = queued;
            this.oldestQueuedNanos = oldestQueuedNanos;
            this.add = add;
            this.settings = settings;
            this.notLoggedBefore = notLoggedBefore;
            this.drained = drained;
            this.written = written;
        }

        /** The pool after the workers were added, for the line. */
        void describe(int workersAfter, int busyNow, Thread busiestWorker) {
            this.workers = workersAfter;
            this.busy = busyNow;
            this.busiest = busiestWorker;
        }

        /**
         * The busiest worker's stack (empty if none), taken on the first call and then kept: the
         * watch takes it as it hands the line to the writer, before the guard's workers start and
         * free the stalled ones.
         */
        StackTraceElement[] busiestStack() {
            if (busiestStack == null) {
                busiestState = busiest == null ? null : busiest.getState();
                busiestStack = busiest == null ? new StackTraceElement[0] : busiest.getStackTrace();
            }
            return busiestStack;
        }

        /** The busiest worker's state when its stack was taken. */
        Thread.State busiestState() {
            busiestStack();
            return busiestState;
        }

        int overMax() {
            return Math.max(0, workers - settings.maxWorkers);
        }
    }

    /**
     * One look, a few times a second: null when nothing is to be done or said, else what to log and
     * how many workers to add.
     *
     * @param tickNanos the watch's planned spacing of looks (a later look means it was paused)
     * @param busy how many workers run a task now (asked only at the ceiling: it counts them all)
     * @param mayAdd false once the pool stops (shutdownNow): no worker is added then
     */
    Event check(long now, long tickNanos, int queued, long started, Settings s, int workers, IntSupplier busy,
            long oldestQueuedNanos, boolean mayAdd) {
        if (checked && now - lastCheckAt > 2 * tickNanos) {
            long unseen = now - lastCheckAt - tickNanos;
            lastProgressAt = Math.min(now, lastProgressAt + unseen);
            lastAddAt = Math.min(now, lastAddAt + unseen);
        }
        checked = true;
        lastCheckAt = now;
        if (started != lastStarted) {
            if (!inStall && lastQueued > 0 && lastStarted >= 0) {
                pace.sample(now, now - lastProgressAt);
            }
            lastStarted = started;
            lastProgressAt = now;
        }
        boolean wasEmpty = lastQueued == 0;
        lastQueued = queued;
        long timeout = timeoutNanos(now, s);
        if (queued == 0 || wasEmpty) {
            lastProgressAt = now; // the clock starts when the watch first sees tasks queued
        }
        if (queued == 0) {
            return inStall ? end(now, timeout, queued, oldestQueuedNanos, s, true) : null;
        }
        long waited = Math.min(now - lastProgressAt, oldestQueuedNanos);
        if (!inStall) {
            return waited < timeout ? null
                    : begin(now, waited, timeout, queued, started, s, workers, free(workers, busy), oldestQueuedNanos, mayAdd);
        }
        if (started - expectedStarted > 0 && waited < timeout && now - lastAddAt >= timeout) {
            return end(now, timeout, queued, oldestQueuedNanos, s, false);
        }
        if (waited < timeout) {
            return null;
        }
        /*
         * Workers that run no task count against the queued tasks, for adding and for the ceiling: a
         * worker the guard added whose thread has not yet taken a task (slow to start on a loaded
         * machine) will start one of them. Counted as if absent, the guard added a second wave for
         * the same tasks (1118 workers for 600 stuck calls, seen under a load average of 38), and the
         * first wave's late starts, beyond what the guard expected, read as the pool's own pace: the
         * episode ended with tasks queued, and those starts' gaps stretched the timeout. At the
         * ceiling only when every worker runs a task: until then queued tasks do not wait for one
         * to finish.
         */
        int free = free(workers, busy);
        int add = room(queued, free, s, workers, mayAdd);
        if (add > 0) {
            added(now, started, free, add);
            return new Event(Kind.ADD, now - episodeStart, timeout, queued, oldestQueuedNanos, add, s, -1, false, false);
        }
        if (s.stallWorkers > 0 && workers >= s.maxWorkers + s.stallWorkers
                && (!ceilingLogged || now - lastCeilingLineAt >= CEILING_SPACING_NANOS)
                && free == 0) {
            ceilingLogged = true;
            lastCeilingLineAt = now;
            return new Event(Kind.CEILING, now - episodeStart, timeout, queued, oldestQueuedNanos, 0, s, -1, false, true);
        }
        return null;
    }

    private Event begin(long now, long waited, long timeout, int queued, long started, Settings s, int workers,
            int free, long oldestQueuedNanos, boolean mayAdd) {
        inStall = true;
        stalled = true;
        stalls++;
        episodeStart = now - waited;
        ceilingLogged = false;
        int add = room(queued, free, s, workers, mayAdd);
        added(now, started, free, add);
        int skipped = -1;
        if (!loggedOnce || now - lastLoggedAt >= LOG_SPACING_NANOS) {
            loggedOnce = true;
            lastLoggedAt = now;
            episodeLogged = true;
            skipped = notLogged;
            notLogged = 0;
        } else {
            episodeLogged = false;
            notLogged++;
        }
        return new Event(Kind.BEGIN, waited, timeout, queued, oldestQueuedNanos, add, s, skipped, false, skipped >= 0);
    }

    /** The free workers and those added now will start tasks: their starts are not the pool's pace. */
    private void added(long now, long started, int free, int add) {
        lastAddAt = now;
        expectedStarted = started + free + add;
        if (add > 0) {
            lastProgressAt = now; // the added workers get a timeout of their own to start tasks
        }
    }

    private Event end(long now, long timeout, int queued, long oldestQueuedNanos, Settings s, boolean drained) {
        inStall = false;
        stalled = false;
        boolean written = episodeLogged;
        episodeLogged = false;
        return new Event(Kind.END, now - episodeStart, timeout, queued, oldestQueuedNanos, 0, s, 0, drained, written);
    }

    /** Workers running no task (made and not yet started, or between two tasks): each will take a queued one. */
    private static int free(int workers, IntSupplier busy) {
        return Math.max(0, workers - busy.getAsInt());
    }

    /** Workers the guard may add now: one per queued task that no free worker will take, up to its ceiling. */
    private static int room(int queued, int free, Settings s, int workers, boolean mayAdd) {
        if (!mayAdd || s.stallWorkers == 0) {
            return 0;
        }
        return (int) Math.max(0L, Math.min((long) queued - free, (long) s.maxWorkers + s.stallWorkers - workers));
    }
}
