package io.adaptivepool.benchmarks.burst;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The "legacy application" of the burst comparison: it makes its pool the way old code does, with
 * {@code Executors.newCachedThreadPool()}. Run plainly, that is a thread per concurrent task; run
 * under {@code -javaagent:adaptive-pool-agent.jar}, the agent rewrites this call site into a
 * bounded adaptive pool named {@code io.adaptivepool.benchmarks.burst.LegacyApp.newPool}.
 */
final class LegacyApp {
    private LegacyApp() {
    }

    static ExecutorService newPool() {
        return Executors.newCachedThreadPool();
    }
}
