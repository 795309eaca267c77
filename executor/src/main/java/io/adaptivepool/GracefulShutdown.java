package io.adaptivepool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** What {@link AdaptivePoolExecutor#shutdownGracefully(Duration)} does, step by step. */
final class GracefulShutdown {
    /** How long the tasks interrupted at the end of the drain may take to return. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private GracefulShutdown() {
    }

    static ShutdownReport run(AdaptivePoolExecutor pool, long timeoutNanos) {
        long start = System.nanoTime();
        pool.shutdown();
        boolean interrupted = false;
        try {
            if (pool.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return new ShutdownReport(new ArrayList<>(), 0, true, Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        int interruptedTasks = pool.engine.stats.totals().busy; // running now, about to be interrupted
        List<Runnable> dropped = pool.shutdownNow();
        for (Runnable task : dropped) {
            if (task instanceof Future) {
                ((Future<?>) task).cancel(false);
            }
        }
        boolean terminated = false;
        try {
            terminated = !interrupted && pool.awaitTermination(GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            terminated = pool.isTerminated();
        }
        return new ShutdownReport(dropped, interruptedTasks, terminated, Duration.ofNanos(System.nanoTime() - start));
    }
}
