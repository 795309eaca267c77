package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stalls: tasks queued and none started for the stall timeout. Detected, counted and logged
 * always; with stallWorkers above 0 the pool adds workers for the queued tasks, up to that many
 * above max, and they leave once the queue is empty.
 */
@Timeout(60)
class StallGuardTest {
    private static final Duration STALL = Duration.ofMillis(200);

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final CountDownLatch release = new CountDownLatch(1);
    private AdaptivePoolExecutor pool;

    @BeforeEach
    void captureLog() {
        Logger.getLogger(AdaptivePoolExecutor.class.getName()).addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger(AdaptivePoolExecutor.class.getName()).removeHandler(capture);
        release.countDown();
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    private boolean logged(String text) {
        return log.stream().anyMatch(line -> line.contains(text));
    }

    /** Every worker submits to its own pool and waits: without the guard, a permanent deadlock. */
    @Test
    void submitAndWaitFromEveryWorkerCompletesWithTheGuard() {
        pool = AdaptivePoolExecutor.builder().name("nested").minWorkers(1).maxWorkers(2).queueCapacity(100)
                .stallWorkers(16).stallTimeout(STALL).build();
        List<Future<Integer>> outer = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final int n = i;
            outer.add(pool.submit(() -> pool.submit(() -> n * 10).get() + 1));
        }
        int sum = 0;
        for (Future<Integer> f : outer) {
            sum += TestSupportFutures.get(f);
        }
        assertEquals(288, sum);
        PoolMetrics m = pool.metrics();
        assertTrue(m.stalls() >= 1, m.toString());
        assertTrue(m.peakWorkers() <= 2 + 16, m.toString());
        assertEquals(0, m.nestedRunsInline(), "no task ran in a waiting thread");
        TestSupport.await("the workers above max leave once the queue is empty", () -> pool.metrics().workersOverMax() == 0);
        TestSupport.await("the stall is logged", () -> logged("WARNING pool 'nested' stalled: "));
        assertTrue(logged("the stall guard added "), log.toString());
        TestSupport.await("the end of the stall is logged", () -> logged("INFO pool 'nested' stall over after "));
    }

    /** A thread per connection: long-lived tasks beyond max start within about a stall timeout. */
    @Test
    void longLivedTasksBeyondMaxStartWithTheGuardUpToItsCeiling() {
        pool = AdaptivePoolExecutor.builder().name("per-connection").minWorkers(0).maxWorkers(2).scaleUpThreshold(0.0)
                .queueCapacity(100).stallWorkers(3).stallTimeout(STALL).build();
        AtomicInteger running = new AtomicInteger();
        for (int i = 0; i < 7; i++) {
            pool.execute(() -> {
                running.incrementAndGet();
                TestSupport.awaitLatch(release);
            });
        }
        TestSupport.await("max + stallWorkers tasks running", () -> running.get() == 5, () -> pool.metrics().toString());
        PoolMetrics m = pool.metrics();
        assertEquals(5, m.workers(), m.toString());
        assertEquals(3, m.workersOverMax(), m.toString());
        assertEquals(2, m.queueDepth(), "the ceiling holds: two still wait");
        Duration floor = Duration.ofNanos(StallGuard.FLOOR_NANOS); // no pace yet: the floor, within STALL
        assertTrue(m.oldestQueuedAge().compareTo(floor) >= 0, m.toString());
        assertTrue(m.longestRunning().compareTo(floor) >= 0, m.toString());
        TestSupport.await("the ceiling is logged", () -> logged("WARNING pool 'per-connection' is at its stall ceiling: 2 tasks queued"));
        assertTrue(logged("5 workers (5 busy), ceiling maxWorkers 2 + stallWorkers 3 = 5"), log.toString());
        assertEquals(1, pool.metrics().stalls(), "one episode: the guard's own workers starting tasks did not end it");
        assertTrue(pool.metrics().stalled());
        assertFalse(logged("stall over"), "not over while tasks stay queued: " + log);
        release.countDown();
        TestSupport.await("all done", () -> pool.metrics().jobsProcessed() == 7);
        TestSupport.await("back within max", () -> pool.getPoolSize() <= 2, () -> pool.metrics().toString());
        assertEquals(0, pool.metrics().workersOverMax());
    }

    @Test
    void withTheGuardOffAStallIsCountedAndLoggedButNoWorkerIsAdded() {
        pool = AdaptivePoolExecutor.builder().name("off").minWorkers(1).maxWorkers(1).stallTimeout(STALL).build();
        CountDownLatch started = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            TestSupport.awaitLatch(release);
        });
        TestSupport.awaitLatch(started);
        CountDownLatch second = new CountDownLatch(1);
        pool.execute(second::countDown);
        TestSupport.await("a stall counted", () -> pool.metrics().stalls() == 1);
        PoolMetrics m = pool.metrics();
        assertEquals(1, m.workers());
        assertEquals(1, m.queueDepth());
        assertEquals(0, m.workersOverMax());
        TestSupport.await("the stall is logged", () -> logged("WARNING pool 'off' stalled: 1 tasks queued"));
        assertTrue(logged("the stall guard is off"), log.toString());
        assertFalse(logged("the longest-running worker"), "no stack unless asked: " + log);
        release.countDown();
        TestSupport.awaitLatch(second);
        TestSupport.await("the end is logged", () -> logged("INFO pool 'off' stall over after "));
        assertTrue(logged(": the queue has drained; 1 workers (0 above max 1), 0 queued"), log.toString());
        assertEquals(1, pool.metrics().stalls(), "one episode");
    }

    @Test
    void aBusyPoolThatKeepsStartingTasksIsNotStalled() {
        pool = AdaptivePoolExecutor.builder().name("busy").minWorkers(1).maxWorkers(1).queueCapacity(10_000)
                .stallTimeout(STALL).build();
        int n = 160;
        for (int i = 0; i < n; i++) {
            pool.execute(() -> TestSupport.parkMillis(5)); // 0.8 s of queue, a task start every 5 ms
        }
        TestSupport.await("all done", () -> pool.metrics().jobsProcessed() == n);
        assertEquals(0, pool.metrics().stalls(), pool.metrics().toString());
    }

    @Test
    void stallSettingsAreValidatedAndLive() {
        pool = AdaptivePoolExecutor.builder().name("live").build();
        assertEquals(0, pool.getStallWorkers());
        assertEquals(Duration.ofSeconds(1), pool.getStallTimeout());
        pool.setStallWorkers(10);
        pool.setStallTimeout(Duration.ofMillis(300));
        assertEquals(10, pool.getStallWorkers());
        assertEquals(Duration.ofMillis(300), pool.getStallTimeout());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> pool.setStallWorkers(-1));
        assertEquals("stallWorkers (-1) must be >= 0", bad.getMessage());
        bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> pool.setStallTimeout(Duration.ZERO));
        assertEquals("stallTimeout (0ms) must be > 0", bad.getMessage());
        assertEquals(10, pool.getStallWorkers(), "a refused change leaves the setting as it was");
    }
}
