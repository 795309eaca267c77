package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The builder's taskDecorator: once per task, at submission, on the submitting thread, for every way in. */
@Timeout(60)
class TaskDecoratorTest {
    /** The context a decorator carries: what a logging MDC or a trace span is to a real service. */
    private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

    private final List<Thread> decoratedOn = new CopyOnWriteArrayList<>();
    private final AtomicInteger decorations = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private AdaptivePoolExecutor pool;

    /** Captures the submitter's CONTEXT and restores it around the task, as an MDC decorator does. */
    private final UnaryOperator<Runnable> carryContext = task -> {
        decorations.incrementAndGet();
        decoratedOn.add(Thread.currentThread());
        String captured = CONTEXT.get();
        return () -> {
            CONTEXT.set(captured);
            try {
                task.run();
            } finally {
                CONTEXT.remove();
            }
        };
    };

    @AfterEach
    void tearDown() {
        release.countDown();
        CONTEXT.remove();
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    private AdaptivePoolExecutor pool(UnaryOperator<Runnable> decorator) {
        pool = AdaptivePoolExecutor.builder().name("decorated").minWorkers(1).maxWorkers(1).queueCapacity(4)
                .taskDecorator(decorator).build();
        return pool;
    }

    @Test
    void everyWayInDecoratesOnceOnTheSubmittingThreadAndTheTaskSeesTheSubmittersContext() throws Exception {
        pool(carryContext);
        CONTEXT.set("request-7");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(3);
        Runnable record = () -> {
            seen.add(CONTEXT.get());
            ran.countDown();
        };
        Callable<String> read = CONTEXT::get;

        pool.execute(record);
        pool.execute(record, Duration.ofSeconds(5));
        assertTrue(pool.tryExecute(record));
        String submitted = pool.submit(read).get(10, TimeUnit.SECONDS);
        String submittedWithWait = pool.submit(read, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        String submittedRunnable = pool.submit(() -> seen.add(CONTEXT.get()), "done").get(10, TimeUnit.SECONDS);
        List<Future<String>> all = pool.invokeAll(List.of(read, read));
        String any = pool.invokeAny(List.of(read));
        List<Future<String>> allTimed = pool.invokeAll(List.of(read), 10, TimeUnit.SECONDS);
        String anyTimed = pool.invokeAny(List.of(read), 10, TimeUnit.SECONDS);

        TestSupport.awaitLatch(ran);
        assertEquals(List.of("request-7", "request-7", "request-7", "request-7"), seen);
        assertEquals("request-7", submitted);
        assertEquals("request-7", submittedWithWait);
        assertEquals("done", submittedRunnable);
        for (Future<String> f : all) {
            assertEquals("request-7", f.get());
        }
        assertEquals("request-7", any);
        assertEquals("request-7", allTimed.get(0).get(), "a timed invokeAll decorates its tasks too");
        assertEquals("request-7", anyTimed);
        assertEquals(11, decorations.get(), "one decoration per task");
        assertTrue(decoratedOn.stream().allMatch(t -> t == Thread.currentThread()), "decorated on " + decoratedOn);
        assertEquals(11, pool.metrics().jobsSubmitted());
    }

    @Test
    void aCallerRunsTaskRunsItsWrapperInTheCaller() {
        pool = AdaptivePoolExecutor.builder().name("caller-runs").minWorkers(1).maxWorkers(1).queueCapacity(1)
                .saturation(Saturation.CALLER_RUNS).taskDecorator(carryContext).build();
        pool.execute(TestSupport.blockOn(release));
        TestSupport.await("the worker holds the blocking task", () -> pool.metrics().busyWorkers() == 1);
        pool.execute(TestSupport.blockOn(release)); // fills the queue
        CONTEXT.set("caller");
        List<String> seen = new ArrayList<>();

        pool.execute(() -> seen.add(Thread.currentThread().getName() + " " + CONTEXT.get()));

        assertEquals(List.of(Thread.currentThread().getName() + " caller"), seen);
        assertEquals(3, decorations.get());
    }

    @Test
    void aSubmittedTaskThatThrowsIsCountedFailedThroughTheWrapper() throws Exception {
        pool(carryContext);

        Future<Object> f = pool.submit(() -> {
            throw new IllegalStateException("boom");
        });

        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertEquals("boom", e.getCause().getMessage());
        TestSupport.await("the failure counted", () -> pool.metrics().jobsFailed() == 1);
        assertEquals(1, pool.metrics().jobsProcessed());
    }

    @Test
    void shutdownNowReturnsTheFuturesOfSubmittedTasksAndTheWrappersOfExecutedOnes() {
        pool(carryContext);
        pool.execute(TestSupport.blockOn(release));
        TestSupport.await("the worker holds the blocking task", () -> pool.metrics().busyWorkers() == 1);
        Future<?> queuedFuture = pool.submit(() -> { });
        Runnable queuedRunnable = () -> { };
        pool.execute(queuedRunnable);

        List<Runnable> dropped = pool.shutdownNow();

        assertEquals(2, dropped.size(), dropped.toString());
        assertSame(queuedFuture, dropped.get(0), "the Future itself, so a caller can cancel it");
        assertTrue(dropped.get(1) != queuedRunnable, "an executed task is queued as its wrapper");
    }

    @Test
    void shutdownGracefullyCancelsTheDroppedFuturesOfDecoratedTasks() throws Exception {
        pool(carryContext);
        pool.execute(TestSupport.blockOn(new CountDownLatch(1))); // held until interrupted
        TestSupport.await("the worker holds the blocking task", () -> pool.metrics().busyWorkers() == 1);
        Future<?> queued = pool.submit(() -> { });

        ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(50));

        assertEquals(1, report.droppedTasks().size());
        assertTrue(queued.isCancelled(), "no caller waits for ever on a dropped Future");
    }

    @Test
    void aDecoratorReturningNullRefusesTheTaskWithAClearErrorAndThePoolAcceptsNothing() {
        pool(task -> null);

        NullPointerException e = assertThrows(NullPointerException.class, () -> pool.execute(() -> { }));
        assertThrows(NullPointerException.class, () -> pool.submit(() -> "x"));

        assertTrue(e.getMessage().startsWith("taskDecorator returned null for "), e.getMessage());
        assertEquals(0, pool.metrics().jobsSubmitted());
        assertEquals(0, pool.metrics().jobsRejected());
    }

    @Test
    void aDecoratorThatThrowsRefusesTheTaskWithItsException() {
        IllegalStateException boom = new IllegalStateException("no context");
        pool(task -> {
            throw boom;
        });

        assertSame(boom, assertThrows(IllegalStateException.class, () -> pool.execute(() -> { })));
        assertEquals(0, pool.metrics().jobsSubmitted());
    }

    @Test
    void aWrapperThatSkipsOrFailsBeforeTheTaskFailsTheFutureInsteadOfLeavingItPending() {
        IllegalStateException early = new IllegalStateException("wrapper failed");
        AtomicInteger n = new AtomicInteger();
        pool(task -> n.incrementAndGet() == 1 ? () -> { } : () -> {
            throw early;
        });

        Future<String> skipped = pool.submit(() -> "never");
        Future<String> failed = pool.submit(() -> "never");

        ExecutionException e1 = assertThrows(ExecutionException.class, () -> skipped.get(10, TimeUnit.SECONDS));
        assertEquals("the taskDecorator's wrapper returned without running the task", e1.getCause().getMessage());
        ExecutionException e2 = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertSame(early, e2.getCause());
    }

    @Test
    void aNullDecoratorIsRefusedByTheBuilder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdaptivePoolExecutor.builder().taskDecorator(null));

        assertEquals("taskDecorator must not be null", e.getMessage());
    }

    @Test
    void withoutADecoratorTheTaskRunsAsSubmitted() throws Exception {
        pool = AdaptivePoolExecutor.builder().name("plain").minWorkers(1).maxWorkers(1).build();
        CONTEXT.set("request-7");

        assertEquals(null, pool.submit(CONTEXT::get).get(10, TimeUnit.SECONDS), "no context crosses without a decorator");
    }
}
