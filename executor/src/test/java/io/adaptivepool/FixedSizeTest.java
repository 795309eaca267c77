package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code Builder.fixedSize}: the size settings keep their built values; the other knobs stay live. */
class FixedSizeTest {
    private static final String REASON = "pool 'single' runs one task at a time";

    private AdaptivePoolExecutor pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            TestSupport.terminate(pool);
        }
    }

    private static AdaptivePoolExecutor single() {
        return AdaptivePoolExecutor.builder().name("single").minWorkers(0).maxWorkers(1).queueCapacity(10)
                .fixedSize(REASON).build();
    }

    static Stream<Arguments> sizeChanges() {
        return Stream.of(
                change("setMaxWorkers(2)", p -> p.setMaxWorkers(2), "maxWorkers (2) cannot change: " + REASON),
                change("setMaximumPoolSize(4)", p -> p.setMaximumPoolSize(4), "maxWorkers (4) cannot change: " + REASON),
                change("setMinWorkers(1)", p -> p.setMinWorkers(1), "minWorkers (1) cannot change: " + REASON),
                change("setCorePoolSize(1)", p -> p.setCorePoolSize(1), "minWorkers (1) cannot change: " + REASON),
                change("setStallWorkers(1)", p -> p.setStallWorkers(1), "stallWorkers (1) cannot change: " + REASON),
                change("setMaxWorkers(0)", p -> p.setMaxWorkers(0), "maxWorkers (0) must be >= 1"));
    }

    private static Arguments change(String what, Consumer<AdaptivePoolExecutor> change, String message) {
        return Arguments.of(what, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizeChanges")
    void aChangeOfTheSizeIsRefusedWithTheReasonAndChangesNothing(String what, Consumer<AdaptivePoolExecutor> change,
            String message) {
        pool = single();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.accept(pool));
        assertEquals(message, e.getMessage());
        assertEquals(0, pool.getMinWorkers());
        assertEquals(1, pool.getMaxWorkers());
        assertEquals(0, pool.getStallWorkers());
    }

    @Test
    void thePresentValuesPassAndTheOtherKnobsStayLive() {
        pool = single();
        pool.setMinWorkers(0);
        pool.setMaxWorkers(1);
        pool.setMaximumPoolSize(1);
        pool.setStallWorkers(0);
        pool.setQueueCapacity(20);
        pool.setScaleUpThreshold(0.0);
        assertEquals(20, pool.getQueueCapacity());
        assertEquals(0.0, pool.getScaleUpThreshold());
        assertEquals(1, pool.getMaxWorkers());
    }

    @Test
    void afterARefusedRaiseTheSecondTaskWaitsForTheOneWorker() {
        pool = single();
        assertThrows(IllegalArgumentException.class, () -> pool.setMaxWorkers(2));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        pool.execute(TestSupport.blockOn(release));
        pool.execute(secondRan::countDown);
        TestSupport.await("the first task running, the second queued", () -> {
            PoolMetrics m = pool.metrics();
            return m.busyWorkers() == 1 && m.queueDepth() == 1;
        }, () -> pool.metrics().toString());
        assertEquals(1, pool.metrics().workers(), pool.metrics().toString());
        assertEquals(1, secondRan.getCount(), "the second task cannot start while the first holds the one worker");
        release.countDown();
        TestSupport.awaitLatch(secondRan);
    }

    @Test
    void withoutAFixedSizeTheSizeStaysLive() {
        pool = AdaptivePoolExecutor.builder().name("free").minWorkers(0).maxWorkers(1).build();
        pool.setMaxWorkers(2);
        assertEquals(2, pool.getMaxWorkers());
    }
}
