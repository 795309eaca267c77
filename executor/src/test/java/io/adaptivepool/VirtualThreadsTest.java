package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code Builder.virtualThreads}: workers on virtual threads on Java 21+, a clear refusal before. */
class VirtualThreadsTest {
    private static final int JAVA = Runtime.version().feature();

    @Test
    void beforeJava21TheSetterRefusesNamingTheFieldAndTheVersion() {
        assumeFalse(VirtualThreads.supported(), "this JVM (Java " + JAVA + ") has virtual threads");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdaptivePoolExecutor.builder().virtualThreads(true));
        assertEquals("virtualThreads (true) needs Java 21 or later; this JVM is Java " + JAVA, e.getMessage());
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                () -> VirtualThreads.factory("x-"));
        assertEquals("virtual threads need Java 21 or later; this JVM is Java " + JAVA, u.getMessage());
        AdaptivePoolExecutor.builder().virtualThreads(false); // false is always fine
    }

    @Test
    void supportedExactlyFromJava21() {
        assertEquals(JAVA >= 21, VirtualThreads.supported());
    }

    @Test
    void aThreadFactoryAndVirtualThreadsAreExclusive() {
        assumeTrue(VirtualThreads.supported(), "virtual threads need Java 21 or later; this JVM is Java " + JAVA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdaptivePoolExecutor.builder()
                .virtualThreads(true).threadFactory(Thread::new).build());
        assertEquals("virtualThreads (true) and threadFactory are exclusive: set one", e.getMessage());
    }

    @Test
    void tasksRunOnNamedVirtualWorkersAtMostMaxWorkersAtOnce() throws Exception {
        assumeTrue(VirtualThreads.supported(), "virtual threads need Java 21 or later; this JVM is Java " + JAVA);
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("vt").minWorkers(0).maxWorkers(4)
                .queueCapacity(100).scaleUpThreshold(0.0).virtualThreads(true).build();
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch fourRunning = new CountDownLatch(4);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            List<Future<Thread>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    fourRunning.countDown();
                    release.await();
                    running.decrementAndGet();
                    return Thread.currentThread();
                }));
            }
            assertTrue(fourRunning.await(10, TimeUnit.SECONDS), "four tasks started");
            assertEquals(16, pool.getQueue().size(), "the rest wait in the queue");
            release.countDown();
            for (Future<Thread> f : futures) {
                Thread t = f.get(10, TimeUnit.SECONDS);
                assertTrue((Boolean) Thread.class.getMethod("isVirtual").invoke(t), t + " is virtual");
                assertTrue(t.getName().startsWith("vt-worker-"), t.getName());
            }
            assertEquals(4, peak.get(), "at most maxWorkers tasks at once");
        } finally {
            assertTrue(pool.shutdownGracefully(Duration.ofSeconds(10)).isClean());
        }
    }
}
