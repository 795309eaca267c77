package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The stall guard's decisions, driven by hand with a made-up clock (the watch thread looks every
 * tick): its timeout follows the pool's pace, a pause of the watch is not a stall, an episode ends
 * only when the queue drains or tasks start at the pool's pace again, every episode is counted and
 * the lines are rate-limited.
 */
class StallDecisionTest {
    private static final long MS = 1_000_000L;
    private static final long TICK = 25 * MS;

    private final StallGuard guard = new StallGuard();
    private long now = 1_000_000 * MS;
    private long started;
    /** Workers not running a task (made by the guard, not yet started): 0 unless a test says so. */
    private int idle;

    private static Settings settings(int max, int stallWorkers, Duration stallTimeout) {
        return new Settings(0, max, 1000, 0.0, Duration.ZERO, Duration.ofSeconds(60), false, stallWorkers, stallTimeout);
    }

    private StallGuard.Event look(int queued, Settings s, int workers, boolean mayAdd) {
        now += TICK;
        return guard.check(now, TICK, queued, started, s, workers, () -> workers - idle, queued > 0 ? 10 * TICK : 0L, mayAdd);
    }

    /** Looks every tick for the given time; returns the first event, or null. */
    private StallGuard.Event lookFor(long nanos, int queued, Settings s, int workers) {
        for (long t = 0; t < nanos; t += TICK) {
            StallGuard.Event e = look(queued, s, workers, true);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    @Test
    void withoutHistoryAStallIsCountedAfterTheFloor() {
        Settings s = settings(4, 8, Duration.ofSeconds(1));
        assertEquals(StallGuard.FLOOR_NANOS, guard.timeoutNanos(now, s));
        assertNull(lookFor(StallGuard.FLOOR_NANOS - TICK, 3, s, 4), "no stall before 100 ms");
        StallGuard.Event e = lookFor(2 * TICK, 3, s, 4);
        assertNotNull(e);
        assertEquals(StallGuard.Kind.BEGIN, e.kind);
        assertEquals(3, e.add, "a worker per queued task");
        assertTrue(e.written);
        assertEquals(1, guard.stalls());
        assertTrue(guard.stalled());
    }

    @Test
    void aPoolWhoseTasksStartFurtherApartGetsALongerTimeoutUpToTheStallTimeout() {
        Settings s = settings(4, 8, Duration.ofSeconds(1));
        long[] gaps = {75 * MS, 150 * MS, 300 * MS, 500 * MS, 500 * MS, 500 * MS};
        for (long gap : gaps) {
            assertNull(lookFor(gap - TICK, 10, s, 4), "a gap of " + gap / MS + " ms, within 4 x the longest so far");
            started += 4; // a batch finishes and the next starts together
            assertNull(look(10, s, 4, true));
        }
        assertEquals(Duration.ofSeconds(1).toNanos(), guard.timeoutNanos(now, s), "4 x 500 ms, within stallTimeout");
        assertEquals(0, guard.stalls());
        assertEquals(StallGuard.FLOOR_NANOS, guard.timeoutNanos(now + 31_000 * MS, s), "the pace is forgotten after 30 s");
    }

    @Test
    void aPoolThatStartsTasksEveryTickIsNeverStalledAndKeepsTheFloor() {
        Settings s = settings(4, 8, Duration.ofSeconds(1));
        for (int i = 0; i < 400; i++) {
            started++;
            assertNull(look(50, s, 4, true));
        }
        assertEquals(StallGuard.FLOOR_NANOS, guard.timeoutNanos(now, s));
        assertEquals(0, guard.stalls());
    }

    @Test
    void aStallTimeoutBelowTheFloorIsKept() {
        Settings s = settings(4, 8, Duration.ofMillis(40));
        assertEquals(40 * MS, guard.timeoutNanos(now, s));
    }

    @Test
    void timeTheWatchDidNotLookIsNotAStall() {
        Settings s = settings(4, 8, Duration.ofSeconds(1));
        assertNull(look(3, s, 4, true));
        now += 2_000 * MS; // a two-second pause: the next look comes late
        assertNull(look(3, s, 4, true));
        assertEquals(0, guard.stalls());
        assertNotNull(lookFor(StallGuard.FLOOR_NANOS + TICK, 3, s, 4), "counted once the watch saw 100 ms");
    }

    @Test
    void theGuardWorkersOwnStartsDoNotEndTheStallButADrainedQueueDoes() {
        Settings s = settings(4, 2, Duration.ofSeconds(1));
        StallGuard.Event begin = lookFor(200 * MS, 5, s, 4);
        assertEquals(2, begin.add, "up to the ceiling, maxWorkers + stallWorkers");
        started += 2; // the two added workers take a task each, then block too
        assertNull(lookFor(StallGuard.FLOOR_NANOS - TICK, 3, s, 6), "their starts are not the pool's pace");
        assertTrue(guard.stalled());
        StallGuard.Event ceiling = lookFor(2 * TICK, 3, s, 6);
        assertEquals(StallGuard.Kind.CEILING, ceiling.kind);
        assertTrue(ceiling.written);
        assertNull(lookFor(StallGuard.CEILING_SPACING_NANOS - 2 * TICK, 3, s, 6), "the ceiling line is spaced");
        StallGuard.Event again = lookFor(2 * TICK, 3, s, 6);
        assertEquals(StallGuard.Kind.CEILING, again.kind, "and repeated while it lasts");
        StallGuard.Event end = look(0, s, 6, true);
        assertEquals(StallGuard.Kind.END, end.kind);
        assertTrue(end.drained);
        assertTrue(end.written, "the end of a logged stall is logged");
        assertFalse(guard.stalled());
        assertEquals(1, guard.stalls());
    }

    /*
     * Seen on CI: the guard's two workers were slow to start on a loaded machine, and the pool was
     * said to be at its ceiling with 4 queued and 3 of 5 busy, when 2 of them were about to start.
     */
    @Test
    void theCeilingLineWaitsUntilEveryWorkerRunsATask() {
        Settings s = settings(4, 2, Duration.ofSeconds(1));
        StallGuard.Event begin = lookFor(200 * MS, 5, s, 4);
        assertEquals(2, begin.add);
        idle = 2; // the added workers' threads have not taken a task yet
        assertNull(lookFor(10 * StallGuard.FLOOR_NANOS, 5, s, 6), "not at the ceiling while a worker is about to start a task");
        idle = 0;
        started += 2;
        StallGuard.Event ceiling = lookFor(StallGuard.FLOOR_NANOS + 2 * TICK, 3, s, 6);
        assertNotNull(ceiling);
        assertEquals(StallGuard.Kind.CEILING, ceiling.kind);
        assertEquals(3, ceiling.queued);
        assertEquals(1, guard.stalls());
    }

    /*
     * Seen under a load average of 38: the guard's workers took seconds to start, the guard added a
     * second wave for the same queued tasks (1118 workers for 600 of them), and the first wave's late
     * starts ended the episode as if they were the pool's pace.
     */
    @Test
    void workersAddedAndNotYetStartedAreCountedForTheQueuedTasks() {
        Settings s = settings(4, 20, Duration.ofSeconds(1));
        StallGuard.Event begin = lookFor(200 * MS, 5, s, 4);
        assertEquals(5, begin.add);
        idle = 5; // none of the five has taken its task yet
        assertNull(lookFor(10 * StallGuard.FLOOR_NANOS, 5, s, 9), "no second wave for the same five tasks");
        started += 3; // three of them start, late
        idle = 2;
        assertNull(lookFor(10 * StallGuard.FLOOR_NANOS, 2, s, 9), "their starts are not the pool's pace, and two are still coming");
        assertTrue(guard.stalled());
        started += 2;
        idle = 0;
        StallGuard.Event more = lookFor(StallGuard.FLOOR_NANOS + 2 * TICK, 3, s, 9);
        assertNotNull(more, "three more tasks behind nine busy workers");
        assertEquals(StallGuard.Kind.ADD, more.kind);
        assertEquals(3, more.add);
        assertEquals(1, guard.stalls());
    }

    @Test
    void aStallEndsWhenTasksStartAtThePoolsPaceAgain() {
        Settings s = settings(4, 1, Duration.ofSeconds(1));
        StallGuard.Event begin = lookFor(200 * MS, 5, s, 4);
        assertEquals(1, begin.add);
        started += 1;
        assertNull(look(4, s, 5, true), "the guard's worker started a task: not the pool's pace");
        StallGuard.Event end = null;
        for (int i = 0; i < 20 && end == null; i++) {
            started++; // the pool's own workers finish and start queued tasks again
            end = look(4, s, 5, true);
        }
        assertNotNull(end);
        assertEquals(StallGuard.Kind.END, end.kind);
        assertFalse(end.drained);
        assertTrue(StallLines.end("p", end).contains("tasks start at the pool's pace again"), StallLines.end("p", end));
    }

    @Test
    void everyStallIsCountedAndTheStartLinesAreRateLimited() {
        Settings s = settings(4, 0, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            StallGuard.Event begin = lookFor(200 * MS, 2, s, 4);
            assertEquals(StallGuard.Kind.BEGIN, begin.kind);
            assertEquals(i == 0, begin.written, "episode " + i);
            assertEquals(0, begin.add, "the guard is off");
            StallGuard.Event end = look(0, s, 4, true);
            assertEquals(i == 0, end.written, "an end line only after a logged start");
        }
        assertEquals(3, guard.stalls());
        now += StallGuard.LOG_SPACING_NANOS;
        StallGuard.Event later = lookFor(200 * MS, 2, s, 4);
        assertTrue(later.written);
        assertEquals(2, later.notLoggedBefore);
        later.describe(4, 4, null);
        assertTrue(StallLines.begin("p", later, false).endsWith("; 2 stalls not logged since the last line"),
                StallLines.begin("p", later, false));
    }

    @Test
    void aStoppingPoolGetsNoWorkerAndItsLineSaysSo() {
        Settings s = settings(4, 8, Duration.ofSeconds(1));
        StallGuard.Event e = null;
        for (long t = 0; t < 200 * MS && e == null; t += TICK) {
            e = look(3, s, 4, false);
        }
        assertEquals(0, e.add);
        e.describe(4, 4, null);
        assertTrue(StallLines.begin("p", e, false).contains("the pool is stopping: no worker added"));
    }

    @Test
    void theStackIsWrittenOnlyOnRequest() {
        Settings s = settings(4, 8, Duration.ofSeconds(1));
        StallGuard.Event e = lookFor(200 * MS, 1, s, 4);
        e.describe(5, 5, Thread.currentThread());
        assertFalse(StallLines.begin("p", e, false).contains("\n"), "one line");
        String withStack = StallLines.begin("p", e, true);
        assertTrue(withStack.contains("; the longest-running worker, " + Thread.currentThread().getName()), withStack);
        assertTrue(withStack.contains("\n\tat "), withStack);
    }
}
