package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.ShutdownReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Drains the pools when the application stops: stops their intake together, then gives them
 * {@code adaptive-pool.shutdown-timeout} in all to finish their queued and running tasks, and logs
 * each pool's {@link ShutdownReport} (INFO when clean, WARN when tasks were interrupted or dropped).
 */
final class PoolShutdown implements SmartLifecycle {
    /*
     * Phase: lifecycles stop from the highest phase down. The web server stops taking requests at
     * DEFAULT_PHASE - 1024 (graceful shutdown) and stops at DEFAULT_PHASE - 2048; the pools go after
     * it, so the requests it let finish could still hand work to them.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
    private static final Log log = LogFactory.getLog(PoolShutdown.class);

    private final AdaptivePools pools;
    private volatile boolean running;

    PoolShutdown(AdaptivePools pools) {
        this.pools = pools;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + pools.shutdownTimeout().toNanos();
        for (AdaptivePoolExecutor pool : pools.asMap().values()) {
            pool.shutdown();
        }
        for (AdaptivePoolExecutor pool : pools.asMap().values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            ShutdownReport report = pool.shutdownGracefully(left);
            if (report.isClean()) {
                log.info("adaptive pool '" + pool.getName() + "' stopped: " + report);
            } else {
                log.warn("adaptive pool '" + pool.getName() + "' stopped after " + AdaptivePoolProperties.PREFIX
                        + ".shutdown-timeout (" + pools.shutdownTimeout() + "): " + report);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
