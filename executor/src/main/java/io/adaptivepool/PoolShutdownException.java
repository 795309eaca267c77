package io.adaptivepool;

import java.util.concurrent.RejectedExecutionException;

/**
 * A submission was refused because the pool has been shut down. The task was never accepted: it
 * will not run and is counted in {@link PoolMetrics#jobsRejected()}.
 */
public class PoolShutdownException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    public PoolShutdownException(String message) {
        super(message);
    }
}
