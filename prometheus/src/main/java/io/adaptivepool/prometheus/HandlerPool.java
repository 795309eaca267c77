package io.adaptivepool.prometheus;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor a {@link MetricsServer} gives its {@code com.sun.net.httpserver.HttpServer}: bounded
 * threads, a bounded queue, and a deadline on every exchange.
 *
 * <p>Why deadlines: the JDK server's dispatcher hands a connection to the executor as soon as its
 * first byte arrives, and the task then reads the request line and headers with blocking reads;
 * it later writes the answer with blocking writes. A client that sends its request a byte at a
 * time, or never reads the answer, would hold a handler thread for as long as it likes, and a
 * few such clients would starve every scrape. The JDK's own bounds for this
 * ({@code sun.net.httpserver.maxReqTime} / {@code maxRspTime}) are JVM-wide system properties,
 * read once, and off by default; this class bounds its own server only.
 *
 * <p>Deadlines: an exchange must have read its request head within {@link Limits#requestMillis}
 * of starting on a thread ({@link #requestRead()}, called by the handler, marks that point), and
 * must then have answered within {@link Limits#responseMillis}. Past a deadline the watchdog
 * interrupts the thread: the socket channel the JDK reads and writes through is interruptible, so
 * the blocked read or write fails at once, the JDK closes the connection, and the thread is free.
 *
 * <p>Interrupt safety: a deadline interrupts only the exchange it belongs to. The exchange and the
 * watchdog agree under the exchange's monitor: the watchdog interrupts only while the exchange
 * still owns its thread, and the exchange gives its thread up (then clears any interrupt) before
 * the thread can run another one.
 *
 * <p>Overload: at most {@link Limits#threads} threads (started on demand, ended after a minute
 * idle) and {@link Limits#queue} waiting exchanges; beyond that the executor refuses, and the
 * JDK's dispatcher closes that connection (it catches the refusal). Nothing is unbounded.
 */
final class HandlerPool implements Executor {
    private final ThreadPoolExecutor threads;
    private final ScheduledThreadPoolExecutor watchdog;
    private final long requestMillis;
    private final long responseMillis;
    private final ThreadLocal<Exchange> current = new ThreadLocal<Exchange>();
    private final AtomicLong expired = new AtomicLong();
    /** Exchanges handed to {@link #execute} and not finished: queued or running. */
    private final AtomicInteger inFlight = new AtomicInteger();

    HandlerPool(int serverId, Limits limits) {
        this.requestMillis = limits.requestMillis;
        this.responseMillis = limits.responseMillis;
        WaitQueue queue = new WaitQueue(limits.queue);
        threads = new ThreadPoolExecutor(0, limits.threads, Limits.THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                queue, new DaemonThreads("adaptive-pool-metrics-http-" + serverId + "-", true), queue);
        watchdog = new ScheduledThreadPoolExecutor(1, new DaemonThreads("adaptive-pool-metrics-watchdog-" + serverId, false));
        watchdog.setRemoveOnCancelPolicy(true); // a finished exchange leaves no timer behind
        watchdog.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        watchdog.setKeepAliveTime(Limits.THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        watchdog.allowCoreThreadTimeOut(true); // it stays while a deadline is pending
    }

    /**
     * Runs one exchange of the JDK server, under the request deadline.
     *
     * @throws RejectedExecutionException when the threads and the queue are full, or after shutdown
     */
    @Override
    public void execute(Runnable exchange) {
        inFlight.incrementAndGet();
        try {
            threads.execute(new Exchange(exchange));
        } catch (RuntimeException refused) {
            inFlight.decrementAndGet();
            throw refused;
        }
    }

    /**
     * Called by the handler on an exchange's thread once the request head has been read: the
     * response deadline replaces the request deadline.
     */
    void requestRead() {
        Exchange e = current.get();
        if (e != null) {
            e.arm(responseMillis);
        }
    }

    /** Exchanges interrupted by a deadline since the start. */
    long expired() {
        return expired.get();
    }

    /** Exchanges queued or running now. */
    int inFlight() {
        return inFlight.get();
    }

    /** Exchanges waiting for a handler thread now. */
    int waiting() {
        return threads.getQueue().size();
    }

    /** Handler threads alive now. */
    int threadCount() {
        return threads.getPoolSize();
    }

    /** Runs what is queued (on connections the stopped server has closed), then ends the threads. */
    void shutdown() {
        threads.shutdown();
        watchdog.shutdownNow();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(timeout, unit);
    }

    void shutdownNow() {
        threads.shutdownNow();
        watchdog.shutdownNow();
    }

    /** One exchange and its deadline. */
    private final class Exchange implements Runnable {
        private final Runnable task;
        /** The thread running the task, or null before and after. Guarded by this. */
        private Thread runner;
        /** The pending deadline. Guarded by this. */
        private ScheduledFuture<?> deadline;

        Exchange(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            synchronized (this) {
                runner = Thread.currentThread();
            }
            current.set(this);
            arm(requestMillis);
            try {
                task.run();
            } finally {
                synchronized (this) {
                    runner = null;
                    if (deadline != null) {
                        deadline.cancel(false);
                        deadline = null;
                    }
                }
                current.remove();
                inFlight.decrementAndGet();
                Thread.interrupted(); // a deadline that fired as the task ended must not reach the next one
            }
        }

        /** Replaces the pending deadline with one {@code millis} from now. */
        synchronized void arm(long millis) {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
            if (runner == null) {
                return;
            }
            try {
                deadline = watchdog.schedule(new Runnable() {
                    @Override
                    public void run() {
                        expire();
                    }
                }, millis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // the server is closing: it closes every connection, which ends this exchange anyway
            }
        }

        synchronized void expire() {
            if (runner != null) {
                expired.incrementAndGet();
                runner.interrupt();
            }
        }
    }

    /**
     * The wait queue, which makes the executor start a thread (up to its maximum) rather than queue
     * when no thread is idle, and queue only when the maximum runs; as Tomcat's {@code TaskQueue}.
     * A plain bounded queue would do the reverse (queue first, grow only when full); and a core
     * size equal to the maximum would start a new thread for each scrape until the maximum runs,
     * even with the others idle.
     */
    private final class WaitQueue extends LinkedBlockingQueue<Runnable> implements RejectedExecutionHandler {
        private static final long serialVersionUID = 1L;

        WaitQueue(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(Runnable r) {
            if (inFlight.get() > threads.getPoolSize() && threads.getPoolSize() < threads.getMaximumPoolSize()) {
                return false; // every thread is busy and one more may start: the executor starts it
            }
            return super.offer(r);
        }

        /** The executor could not start a thread after {@link #offer} declined (the maximum was reached meanwhile). */
        @Override
        public void rejectedExecution(Runnable r, ThreadPoolExecutor executor) {
            if (executor.isShutdown() || !super.offer(r)) {
                throw new RejectedExecutionException("metrics server busy: " + executor.getPoolSize()
                        + " handler threads and " + size() + " waiting exchanges");
            }
        }
    }

    /** Daemon threads named {@code prefix + N} (or {@code prefix} alone when not numbered). */
    private static final class DaemonThreads implements ThreadFactory {
        private final String prefix;
        private final boolean numbered;
        private final AtomicInteger count = new AtomicInteger();

        DaemonThreads(String prefix, boolean numbered) {
            this.prefix = prefix;
            this.numbered = numbered;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, numbered ? prefix + count.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        }
    }
}
