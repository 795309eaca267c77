package io.adaptivepool.agent;

import io.adaptivepool.agent.bridge.ExecutorsBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge never fails its caller: without a hook, or when the hook fails, it is Executors. */
class ExecutorsBridgeTest {
    @AfterEach
    void uninstall() {
        ExecutorsBridge.uninstall();
    }

    private static void assertJdkCachedPool(ExecutorService e) {
        ThreadPoolExecutor pool = assertInstanceOf(ThreadPoolExecutor.class, e);
        assertEquals(0, pool.getCorePoolSize());
        assertEquals(Integer.MAX_VALUE, pool.getMaximumPoolSize());
        assertEquals(60, pool.getKeepAliveTime(TimeUnit.SECONDS));
        pool.shutdown();
    }

    @Test
    void withoutAHookItIsExecutors() {
        assertJdkCachedPool(ExecutorsBridge.newCachedThreadPool());
        ThreadFactory factory = Executors.defaultThreadFactory();
        ThreadPoolExecutor withFactory = (ThreadPoolExecutor) ExecutorsBridge.newCachedThreadPool(factory);
        assertSame(factory, withFactory.getThreadFactory());
        assertJdkCachedPool(withFactory);
    }

    @Test
    void theHookGetsTheCallersFactoryOrNull() {
        AtomicReference<ThreadFactory> seen = new AtomicReference<>();
        ExecutorService mine = Executors.newSingleThreadExecutor();
        ExecutorsBridge.install((call, args) -> {
            assertEquals("newCachedThreadPool", call);
            seen.set(args.length == 0 ? null : (ThreadFactory) args[0]);
            return mine;
        });
        assertSame(mine, ExecutorsBridge.newCachedThreadPool());
        assertNull(seen.get());
        ThreadFactory factory = Thread::new;
        assertSame(mine, ExecutorsBridge.newCachedThreadPool(factory));
        assertSame(factory, seen.get());
        mine.shutdown();
    }

    @Test
    void aHookThatAnswersNullKeepsTheJdksPool() {
        ExecutorsBridge.install((call, args) -> null);
        assertJdkCachedPool(ExecutorsBridge.newCachedThreadPool());
    }

    @Test
    void aHookThatThrowsKeepsTheJdksPoolAndIsReportedOnce() {
        ExecutorsBridge.install((call, args) -> {
            throw new IllegalStateException("boom");
        });
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertJdkCachedPool(ExecutorsBridge.newCachedThreadPool());
            assertJdkCachedPool(ExecutorsBridge.newCachedThreadPool(Thread::new));
        } finally {
            System.setErr(stderr);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        // one line for both failures (no other test makes the hook throw)
        assertEquals("[adaptive-pool-agent] replacing newCachedThreadPool failed"
                + " (java.lang.IllegalStateException: boom); this and later pools that fail are the JDK's"
                + System.lineSeparator(), out);
    }

    @Test
    void aNullFactoryThrowsAsTheJdkDoes() {
        ExecutorsBridge.install((call, args) -> {
            throw new AssertionError("the hook must not see a null factory");
        });
        assertThrows(NullPointerException.class, () -> ExecutorsBridge.newCachedThreadPool(null));
    }

    @Test
    void theFirstHookStays() {
        assertTrue(ExecutorsBridge.install((call, args) -> null));
        assertFalse(ExecutorsBridge.install((call, args) -> null));
    }
}
