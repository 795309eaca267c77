package io.adaptivepool;

import java.util.concurrent.BlockingQueue;

/** What a {@link WorkQueue} needs from the pool that owns it. */
interface QueueOwner {
    /** A queue on its own (tests): nothing is handed off, nothing is counted. */
    QueueOwner NONE = new QueueOwner() {
        @Override
        public boolean handOff(Runnable task) {
            return false;
        }

        @Override
        public void queued() {
        }

        @Override
        public void removed(int tasks) {
        }

        @Override
        public void changed() {
        }
    };

    /**
     * Under the lock, before a task offered through the {@link BlockingQueue} face is queued:
     * true if the owner gave it to an idle worker instead.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the pool takes no more tasks
     */
    boolean handOff(Runnable task);

    /** Under the lock: a task was queued through the {@link BlockingQueue} face. */
    void queued();

    /** Under the lock: tasks were taken out through the {@link BlockingQueue} face. */
    void removed(int tasks);

    /**
     * Outside the lock, after the {@link BlockingQueue} face changed the queue: make sure a worker
     * will run what was put in, and let a shut-down pool whose queue emptied terminate.
     */
    void changed();
}
