package io.adaptivepool;

import java.util.concurrent.ThreadPoolExecutor;

/**
 * The handler {@link AdaptivePoolExecutor#getRejectedExecutionHandler()} answers while none is
 * set: an {@link ThreadPoolExecutor.AbortPolicy}, as ThreadPoolExecutor's default is, that throws
 * this pool's exceptions. Setting it back restores the default refusals, with their messages.
 */
final class DefaultRejection extends ThreadPoolExecutor.AbortPolicy {
    /*
     * One instance for every pool: Submission keeps null for "no handler set", and
     * setRejectedExecutionHandler turns this instance back into null
     * (ConformanceRejectionTest.theDefaultHandlerIsAnAbortPolicyAndSettingItBackKeepsTheDefault).
     */
    static final DefaultRejection INSTANCE = new DefaultRejection();

    private DefaultRejection() {
    }

    /**
     * @throws PoolShutdownException if {@code executor} is shut down
     * @throws PoolSaturatedException otherwise
     */
    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
        String pool = executor instanceof AdaptivePoolExecutor
                ? "pool '" + ((AdaptivePoolExecutor) executor).getName() + "'" : String.valueOf(executor);
        if (executor.isShutdown()) {
            throw new PoolShutdownException(pool + " is shut down; task refused");
        }
        throw new PoolSaturatedException(pool + " refused the task");
    }
}
