package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine's own threads: daemons, no context class loader, nothing inherited from their maker. */
@Timeout(60)
class WatchThreadsTest {
    private static final InheritableThreadLocal<String> CONTEXT = new InheritableThreadLocal<>();

    @Test
    void aThreadCarriesNoInheritableThreadLocalOfTheThreadThatMadeIt() throws InterruptedException {
        assertTrue(WatchThreads.withoutInheritance(), "the tests run on Java 9 or later");
        AtomicReference<String> seen = new AtomicReference<>("not run");
        ThreadGroup group = new ThreadGroup("watch-threads-test");
        CONTEXT.set("the maker's");
        try {
            Thread t = WatchThreads.make(group, () -> seen.set(CONTEXT.get()), "watch-threads-test");
            assertTrue(t.isDaemon(), "a daemon");
            assertNull(t.getContextClassLoader(), "no context class loader");
            assertEquals(group, t.getThreadGroup(), "in the group asked for");
            assertEquals("watch-threads-test", t.getName());
            t.start();
            t.join(TestSupport.PATIENCE.toMillis());
        } finally {
            CONTEXT.remove();
        }
        assertNull(seen.get(), "the maker's inheritable thread-local is not copied");
    }

    @Test
    void withNoGroupTheThreadJoinsTheMakersGroup() {
        Thread t = WatchThreads.make(null, () -> { }, "watch-threads-test");
        assertEquals(Thread.currentThread().getThreadGroup(), t.getThreadGroup());
    }
}
