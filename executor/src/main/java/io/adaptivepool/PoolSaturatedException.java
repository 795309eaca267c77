package io.adaptivepool;

import java.util.concurrent.RejectedExecutionException;

/**
 * A submission was refused because the pool is saturated: the queue is full, every worker that
 * may exist is running, and the submission's wait (if any) ran out or was interrupted. When the
 * cause was an interrupt, the submitting thread's interrupt flag is set again before this is
 * thrown.
 *
 * <p>The refused task was never accepted: it is not queued, will not run, and is counted in
 * {@link PoolMetrics#jobsRejected()}.
 */
public class PoolSaturatedException extends RejectedExecutionException {
    private static final long serialVersionUID = 1L;

    public PoolSaturatedException(String message) {
        super(message);
    }
}
