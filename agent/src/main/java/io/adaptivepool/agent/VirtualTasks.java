package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;

/**
 * The replacement of {@code Executors.newVirtualThreadPerTaskExecutor()}: an adaptive pool whose
 * workers are virtual threads, bounded by its {@code maxWorkers} and queue, where each task still
 * gets a virtual thread of its own, as before: a worker starts the task's thread and waits for it,
 * so no thread-local is carried from one task to the next. A worker interrupted (by
 * {@code shutdownNow}) passes the interrupt on to its task; what the task throws is thrown on the
 * worker, where the pool counts it as failed (a {@code submit}'s future holds it).
 */
final class VirtualTasks extends DelegatedExecutor {
    private final ThreadFactory taskThreads;

    VirtualTasks(AdaptivePoolExecutor pool, ThreadFactory taskThreads) {
        super(pool);
        this.taskThreads = taskThreads;
    }

    @Override
    Runnable wrap(Runnable task) {
        return new OwnThread(task, taskThreads);
    }

    @Override
    <T> Callable<T> wrap(Callable<T> task) {
        return new OwnThreadCall<>(task, taskThreads);
    }

    @Override
    Runnable unwrap(Runnable task) {
        return task instanceof OwnThread ? ((OwnThread) task).task : task;
    }

    /** Runs a task on a thread of its own and waits for it there; throws what it threw. */
    static final class OwnThread implements Runnable {
        final Runnable task;
        private final ThreadFactory threads;
        private volatile Throwable failure;

        OwnThread(Runnable task, ThreadFactory threads) {
            this.task = task;
            this.threads = threads;
        }

        @Override
        public void run() {
            Thread thread = threads.newThread(new Runnable() {
                @Override
                public void run() {
                    try {
                        task.run();
                    } catch (Throwable t) {
                        failure = t;
                    }
                }
            });
            thread.start();
            boolean interrupted = false;
            for (;;) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    thread.interrupt();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure;
            if (t != null) {
                throw OwnThread.<RuntimeException>sneaky(t);
            }
        }

        @SuppressWarnings("unchecked")
        static <E extends Throwable> E sneaky(Throwable t) throws E {
            throw (E) t;
        }

        @Override
        public String toString() {
            return String.valueOf(task);
        }
    }

    /** A callable run by {@link OwnThread}: its result, or what it threw. */
    static final class OwnThreadCall<T> implements Callable<T> {
        private final Callable<T> task;
        private final ThreadFactory threads;
        private T result;

        OwnThreadCall(Callable<T> task, ThreadFactory threads) {
            this.task = task;
            this.threads = threads;
        }

        @Override
        public T call() {
            new OwnThread(new Runnable() {
                @Override
                public void run() {
                    try {
                        result = task.call();
                    } catch (Exception e) {
                        throw OwnThread.<RuntimeException>sneaky(e);
                    }
                }
            }, threads).run();
            return result; // written before the task's thread ended, read after join: visible
        }
    }
}
