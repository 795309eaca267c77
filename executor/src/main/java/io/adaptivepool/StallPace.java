package io.adaptivepool;

import java.util.concurrent.TimeUnit;

/**
 * A pool's own pace, as the stall guard sees it: the longest gap between two task starts while tasks
 * were queued, over the last 15 to 30 seconds (two buckets of 15 s). A pool whose tasks start every
 * few milliseconds has gaps of one tick; a pool of long tasks that finish together (batches) has
 * gaps as long as its tasks. Read and written by the watch thread only; tested without threads.
 */
final class StallPace {
    static final long BUCKET_NANOS = TimeUnit.SECONDS.toNanos(15);

    private boolean begun;
    private long bucketStart;
    private long current;
    private long previous;

    /** Notes a gap between starts, seen at {@code now}, that ended with a start (not with the guard's help). */
    void sample(long now, long gapNanos) {
        rotate(now);
        current = Math.max(current, gapNanos);
    }

    /** The longest gap of the last 15 to 30 s; 0 when none was seen. */
    long longestGap(long now) {
        rotate(now);
        return Math.max(current, previous);
    }

    private void rotate(long now) {
        if (!begun) {
            begun = true;
            bucketStart = now;
            return;
        }
        long elapsed = now - bucketStart;
        if (elapsed >= 2 * BUCKET_NANOS) {
            previous = 0L;
            current = 0L;
            bucketStart = now;
        } else if (elapsed >= BUCKET_NANOS) {
            previous = current;
            current = 0L;
            bucketStart += BUCKET_NANOS;
        }
    }
}
