package io.adaptivepool.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a task sees of the thread it runs on: the context class loader of the application that
 * built the pool and submits to it, on every worker, whichever path made the worker (issue 22,
 * item 7: the adaptive pool's stall guard makes workers on a thread of its own).
 */
class ConformanceWorkerContextTest extends ConformanceBase {

    @BothPools
    void everyTaskRunsWithTheContextClassLoaderOfTheApplicationThatSubmitsIt(PoolKind kind) throws Exception {
        ClassLoader app = new URLClassLoader(new URL[0], getClass().getClassLoader());
        List<ClassLoader> seen = new CopyOnWriteArrayList<>();
        CountDownLatch firstRuns = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        AtomicReference<ThreadPoolExecutor> made = new AtomicReference<>();
        Thread application = new Thread(() -> {
            ThreadPoolExecutor pool = pool(kind, PoolSpec.of(1, 1, 10).stallWorkers(4));
            made.set(pool);
            pool.execute(() -> {
                seen.add(Thread.currentThread().getContextClassLoader());
                blocker(firstRuns).run();
            });
            pool.execute(() -> {
                seen.add(Thread.currentThread().getContextClassLoader());
                secondRan.countDown();
            });
        }, "application");
        application.setContextClassLoader(app);
        application.setDaemon(true);
        application.start();
        application.join(PATIENCE.toMillis());
        awaitLatch(firstRuns);
        if (kind == PoolKind.ADAPTIVE) {
            // the stall guard runs the queued task on a worker of its own while the first one blocks;
            // the JDK's pool runs it once the first is done
            awaitLatch(secondRan);
        }
        gate.countDown();
        awaitLatch(secondRan);
        assertEquals(List.of(app, app), seen, "the context class loader each task saw, in " + made.get());
    }
}
