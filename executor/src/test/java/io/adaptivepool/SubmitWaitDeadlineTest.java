package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A submission's wait for room is one wait, bounded by one deadline for the whole call: when it
 * waited, was then given a worker of its own whose thread could not start, and must wait again,
 * it waits only for what is left of its {@code maxWait}, not for the whole of it again.
 */
@Timeout(60)
class SubmitWaitDeadlineTest extends HeldPoolsTest {
    private static final long WAIT_MS = 2_000;
    /** When, into the submitter's wait, max is raised and the worker it then reserves fails to start. */
    private static final long RAISE_AFTER_MS = 1_500;

    @Test
    void aWaitThatResumesAfterAFailedWorkerStartEndsByTheCallsOwnDeadline() throws InterruptedException {
        AtomicBoolean failStarts = new AtomicBoolean();
        ThreadFactory plain = r -> new Thread(r, "submit-deadline-worker");
        ThreadFactory factory = r -> {
            if (failStarts.get()) {
                throw new IllegalStateException("no thread for now");
            }
            return plain.newThread(r);
        };
        AdaptivePoolExecutor pool = pools.keep(AdaptivePoolExecutor.builder().name("submit-deadline")
                .minWorkers(1).maxWorkers(1).queueCapacity(1).scaleUpThreshold(1.0).scaleCooldown(Duration.ZERO)
                .saturation(Saturation.BLOCK).threadFactory(factory).build());
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            Await.quietly(release);
        });
        TestSupport.awaitLatch(started);
        pool.execute(() -> { }); // the queue's one place
        failStarts.set(true);

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicLong tookNanos = new AtomicLong();
        long begin = System.nanoTime();
        Thread submitter = new Thread(() -> {
            try {
                pool.execute(() -> { }, Duration.ofMillis(WAIT_MS));
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                tookNanos.set(System.nanoTime() - begin);
            }
        }, "submit-deadline-submitter");
        submitter.setDaemon(true);
        submitter.start();
        TestSupport.await("the submitter waiting for room", () -> pool.metrics().blockedSubmitters() == 1);
        TestSupport.await("most of the submitter's wait to pass",
                () -> System.nanoTime() - begin >= TimeUnit.MILLISECONDS.toNanos(RAISE_AFTER_MS));
        long failuresBefore = pool.metrics().threadFactoryFailures();

        pool.setMaxWorkers(2); // wakes the submitter, which reserves a worker that cannot start

        submitter.join(TestSupport.PATIENCE.toMillis());
        assertTrue(thrown.get() instanceof PoolSaturatedException, "refused for want of room: " + thrown.get());
        assertTrue(pool.metrics().threadFactoryFailures() > failuresBefore, "a worker start failed meanwhile");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(tookNanos.get());
        assertTrue(tookMs >= WAIT_MS, "waited its maxWait: " + tookMs + " ms");
        // a second full wait would end at RAISE_AFTER_MS + WAIT_MS or later
        assertTrue(tookMs < RAISE_AFTER_MS + WAIT_MS, "waited past its own deadline: " + tookMs + " ms");
        assertEquals(1, pool.getQueue().size());
    }
}
