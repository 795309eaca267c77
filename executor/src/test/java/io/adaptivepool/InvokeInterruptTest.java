package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.Await;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An {@code invokeAll} or {@code invokeAny}, timed or not, interrupted in BLOCK mode while it waits
 * for room to submit its second task: the caller gets InterruptedException, and the first task,
 * already queued, is cancelled and never runs (invokeAll: "upon ... interruption, tasks that have
 * not completed are cancelled").
 */
@Timeout(60)
class InvokeInterruptTest extends HeldPoolsTest {
    private interface Invoke {
        void call(AdaptivePoolExecutor pool, List<Callable<String>> tasks) throws Exception;
    }

    @Test
    void untimedInvokeAll() throws InterruptedException {
        interruptWhileWaitingForRoom("invokeAll", AdaptivePoolExecutor::invokeAll);
    }

    @Test
    void untimedInvokeAny() throws InterruptedException {
        interruptWhileWaitingForRoom("invokeAny", AdaptivePoolExecutor::invokeAny);
    }

    @Test
    void timedInvokeAll() throws InterruptedException {
        interruptWhileWaitingForRoom("timed-invokeAll", (pool, tasks) -> pool.invokeAll(tasks, 1, TimeUnit.HOURS));
    }

    @Test
    void timedInvokeAny() throws InterruptedException {
        interruptWhileWaitingForRoom("timed-invokeAny", (pool, tasks) -> pool.invokeAny(tasks, 1, TimeUnit.HOURS));
    }

    private void interruptWhileWaitingForRoom(String name, Invoke invoke) throws InterruptedException {
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("invoke-interrupt-" + name)
                .minWorkers(1).maxWorkers(1).queueCapacity(1).saturation(Saturation.BLOCK).build());
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            Await.quietly(release);
        });
        TestSupport.awaitLatch(started);
        AtomicInteger ran = new AtomicInteger();
        Callable<String> task = () -> {
            ran.incrementAndGet();
            return "ran";
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                invoke.call(pool, Arrays.asList(task, task));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "invoke-interrupt-caller");
        caller.setDaemon(true);
        caller.start();
        TestSupport.await("the second task waiting for room", () -> pool.metrics().blockedSubmitters() == 1
                && pool.getQueue().size() == 1);

        caller.interrupt();
        caller.join(TestSupport.PATIENCE.toMillis());

        assertTrue(thrown.get() instanceof InterruptedException, name + " threw " + thrown.get());
        release.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(TestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(0, ran.get(), "the queued task was cancelled before it ran");
    }
}
