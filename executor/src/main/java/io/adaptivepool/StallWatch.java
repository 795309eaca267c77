package io.adaptivepool;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;

/**
 * One daemon thread for the whole JVM, {@code adaptive-pool-watch}, that looks at every live pool a
 * few times a second: it ticks the {@link CoarseClock} and runs each pool's
 * {@link PoolWatch#tick stall check}. A stall is by nature a time with no event to react to,
 * so this is the one decision of the engine taken on a tick.
 *
 * <p>Pools are held weakly and dropped once terminated; the thread ends when no pool is left (so
 * it never pins a class loader of an application that has undeployed) and starts again with the
 * next pool. It ticks every quarter of the smallest stall timeout of a busy pool (each pool's
 * follows its pace, see {@link StallGuard}), between 10 ms and 250 ms; every 250 ms while no
 * pool has a busy worker or a queued task. It never waits for a pool's lock
 * ({@link PoolWatch}), so a pool whose lock user code holds does not delay the others; nor does it
 * run a pool's thread factory ({@link GuardStarter}) or log handlers ({@link LineWriter}).
 */
final class StallWatch implements Runnable {
    static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final Object LOCK = new Object();
    /** Guarded by LOCK. */
    private static final List<WeakReference<PoolEngine>> POOLS = new ArrayList<>();
    /** Written under LOCK: the running watch, or null (a watch that ends, or dies, clears it). */
    private static volatile Thread thread;

    private StallWatch() {
    }

    /** True on the watch thread. */
    static boolean isWatchThread() {
        return Thread.currentThread() == thread;
    }

    static void register(PoolEngine pool) {
        CoarseClock.tick();
        synchronized (LOCK) {
            POOLS.add(new WeakReference<>(pool));
            if (thread == null) {
                try {
                    Thread t = WatchThreads.make(null, new StallWatch(), "adaptive-pool-watch");
                    t.start();
                    thread = t;
                } catch (Throwable failure) {
                    PoolLog.warning("could not start the adaptive-pool-watch thread: stalls go undetected"
                            + " and queue ages are not kept until the next pool is built", failure);
                }
            }
        }
    }

    /*
     * The watch serves every pool: nothing one pool does (a check that throws, a log handler that
     * throws or blocks on its lines, which the LineWriter writes) may end or hold it. Should it die
     * all the same (an Error where no memory is left), it clears its place, and the next pool built
     * starts a new one.
     */
    @Override
    public void run() {
        try {
            watch();
        } finally {
            synchronized (LOCK) {
                if (thread == Thread.currentThread()) {
                    thread = null;
                }
            }
        }
    }

    private static void watch() {
        List<PoolEngine> live = new ArrayList<>();
        long planned = MAX_TICK_NANOS;
        for (;;) {
            CoarseClock.tick();
            live.clear();
            synchronized (LOCK) {
                for (Iterator<WeakReference<PoolEngine>> it = POOLS.iterator(); it.hasNext(); ) {
                    PoolEngine pool = it.next().get();
                    if (pool == null) {
                        it.remove();
                    } else {
                        live.add(pool);
                    }
                }
                if (live.isEmpty()) {
                    thread = null; // under LOCK with the look: a pool registered from now on starts a new watch
                    return;
                }
            }
            long tick = MAX_TICK_NANOS;
            long now = System.nanoTime();
            for (PoolEngine pool : live) {
                long wanted = tick(pool, now, planned);
                if (wanted < 0L) {
                    forget(pool);
                } else {
                    tick = Math.min(tick, wanted);
                }
            }
            live.clear();
            planned = Math.max(MIN_TICK_NANOS, tick);
            LockSupport.parkNanos(StallWatch.class, planned);
        }
    }

    /** One pool's check; never throws. */
    private static long tick(PoolEngine pool, long now, long planned) {
        try {
            return pool.watch.tick(now, planned);
        } catch (Throwable failure) {
            try {
                String name = pool.name;
                LineWriter.write(Level.WARNING, () -> "pool '" + name + "': the stall check failed", failure);
            } catch (Throwable lost) {
                // contained: the line is lost, the watch goes on for every pool
            }
            return MAX_TICK_NANOS; // a check that keeps failing is logged four times a second at most
        }
    }

    private static void forget(PoolEngine pool) {
        synchronized (LOCK) {
            POOLS.removeIf(ref -> ref.get() == pool);
        }
    }
}
