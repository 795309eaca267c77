package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskRing#removeIf}: the filter answers for queued positions, and a filter that changes
 * the ring while it is asked removes only copies of what it matched, no more of each than it matched.
 */
class TaskRingRemoveIfTest {

    private final Runnable a = () -> { };
    private final Runnable b = () -> { };
    private final Runnable c = () -> { };

    private static TaskRing ringOf(Runnable... tasks) {
        TaskRing ring = new TaskRing(4); // small, so that the tasks wrap around
        ring.add(tasks[0], 0L);
        ring.poll();
        for (int k = 0; k < tasks.length; k++) {
            ring.add(tasks[k], 10L + k);
        }
        return ring;
    }

    @Test
    void aTaskQueuedTwiceLosesOnlyThePositionTheFilterMatched() {
        TaskRing ring = ringOf(a, b, a, c, a);
        AtomicInteger seen = new AtomicInteger();

        int removed = ring.removeIf(t -> t == a && seen.getAndIncrement() == 1);

        assertEquals(1, removed);
        assertArrayEquals(new Runnable[] {a, b, c, a}, ring.toArray());
        assertEquals(4, ring.size());
        assertEquals(a, ring.poll());
        assertEquals(10L, ring.lastStamp(), "the kept tasks keep their stamps");
        assertEquals(b, ring.poll());
        assertEquals(11L, ring.lastStamp());
        assertEquals(c, ring.poll());
        assertEquals(13L, ring.lastStamp());
        assertEquals(a, ring.poll());
        assertEquals(14L, ring.lastStamp());
    }

    @Test
    void aFilterThatThrowsRemovesNothing() {
        TaskRing ring = ringOf(a, b, c);

        assertThrows(IllegalStateException.class, () -> ring.removeIf(t -> {
            if (t == c) {
                throw new IllegalStateException("filter");
            }
            return true;
        }));

        assertArrayEquals(new Runnable[] {a, b, c}, ring.toArray());
    }

    @Test
    void aFilterThatQueuesMoreCopiesRemovesOnlyAsManyCopiesAsItMatched() {
        TaskRing ring = ringOf(a, b, a);
        AtomicInteger seen = new AtomicInteger();

        int removed = ring.removeIf(t -> {
            if (seen.getAndIncrement() == 0) {
                ring.add(a, 20L); // the pool's lock is reentrant: a filter can queue through the pool
            }
            return t == a;
        });

        assertEquals(2, removed, "the two copies it matched");
        assertArrayEquals(new Runnable[] {b, a}, ring.toArray(), "the copy queued meanwhile stays");
    }

    @Test
    void aFilterThatTakesOutWhatItMatchesCountsOnlyWhatIsStillThere() {
        TaskRing ring = ringOf(a, b, c, b);
        AtomicInteger seen = new AtomicInteger();

        int removed = ring.removeIf(t -> {
            if (seen.getAndIncrement() == 0) {
                ring.poll(); // a, taken by a worker meanwhile
            }
            return t == a || t == b;
        });

        assertEquals(2, removed, "a was gone already: only the two copies of b");
        assertArrayEquals(new Runnable[] {c}, ring.toArray());
        assertEquals(1, ring.size());
    }
}
