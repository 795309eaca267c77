package io.adaptivepool;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;

/**
 * A base for tests whose pools are shut down after each test and whose held tasks wait on
 * {@link #release}, which opens first, so that a failed test leaves no worker behind.
 */
abstract class HeldPoolsTest {
    final TestSupport.Pools pools = new TestSupport.Pools();
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseAndTerminate() {
        release.countDown();
        pools.terminateAll();
    }
}
