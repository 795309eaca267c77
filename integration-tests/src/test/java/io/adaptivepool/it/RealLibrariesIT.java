package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static io.adaptivepool.it.AgentFacts.assertSiteReplaced;
import static io.adaptivepool.it.AgentFacts.assertStallSignals;
import static io.adaptivepool.it.AgentFacts.assertUntouched;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adaptivepool.it.fixtures.GrpcNestedCallApp;
import io.adaptivepool.it.fixtures.GuavaAdapterApp;
import io.adaptivepool.it.fixtures.MinaDisposeApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real, widely used libraries that make cached pools inside, run under the agent with its defaults
 * (only {@code maxWorkers} lowered where a test says so, to stay small): the liveness each library
 * gets from its cached pool must survive the replacement. Each scenario also runs once without the
 * agent, on the JDK's cached pool, to show that it states the cached pool's contract.
 *
 * <ul>
 *   <li>Hand-off: Apache MINA's {@code NioSocketConnector.dispose(true)} executes a last loop on
 *       its own pool and calls {@code shutdownNow()} at once ({@link MinaDisposeApp}).
 *   <li>No starvation: Guava's {@code JdkFutureAdapters.listenInPoolThread} parks one thread of
 *       its static pool per adapted future ({@link GuavaAdapterApp}); gRPC's shared executor runs
 *       server handlers that block on calls to another service of the same server
 *       ({@link GrpcNestedCallApp}).
 * </ul>
 *
 * A stall (tasks queued, none started for the pool's {@code stallTimeout}) must also be signalled:
 * see {@link AgentFacts#assertStallSignals}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealLibrariesIT {
    static final String MINA_SITE = "org.apache.mina.core.service.AbstractIoService.<init>";
    static final String GUAVA_SITE = "com.google.common.util.concurrent.JdkFutureAdapters$ListenableFutureAdapter.<clinit>";
    static final String GRPC_SITE = "io.grpc.internal.GrpcUtil$3.create";
    static final int MINA_ROUNDS = 4;
    /** How long the Guava and gRPC apps wait for their last callback or reply. */
    static final int APP_WAIT_SECONDS = 20;
    /** How long the test waits for the app's verdict: its own wait plus the start of a JVM on a loaded machine. */
    static final Duration VERDICT = Duration.ofSeconds(APP_WAIT_SECONDS + 40);

    @Test
    void minaDisposeRunsTheLastLoopItExecutesJustBeforeShutdownNow() throws Exception {
        try (ChildJvm child = libraryApp(MinaDisposeApp.class, "mina-dispose")
                .agent(METRICS_ON_LOOPBACK).args(String.valueOf(MINA_ROUNDS)).start()) {
            assertSiteReplaced(child, MINA_SITE);
            assertAdaptive(child, "pool");
            assertEquals(MINA_SITE, child.value("pool.name"));
            String lost = awaitValue(child, "lost");
            assertEquals("0", lost, () -> "connectors whose last loop the pool dropped, of " + MINA_ROUNDS
                    + " (their selectors stay open, their processors' threads keep the JVM up): " + lost);
            assertEquals("0", child.value("notIdle"), "the connector loop must have left its worker idle");
            // disposed processors shut their own pools down: nothing keeps the JVM up
            assertEquals(0, child.awaitExit(), child::describe);
        }
    }

    @Test
    void minaDisposeOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = libraryApp(MinaDisposeApp.class, "mina-dispose-jdk")
                .args(String.valueOf(MINA_ROUNDS)).start()) {
            assertUntouched(child, "pool");
            assertEquals("0", awaitValue(child, "lost"), child::describe);
            assertEquals("0", child.value("notIdle"));
            assertEquals(0, child.awaitExit(), child::describe);
        }
    }

    /** 300 adapted futures, far above the default maxWorkers (64 on up to four cores); nothing configured. */
    @Test
    void guavaAdaptersWaitingOnEachOtherDoNotDeadlockAtTheDefaults() throws Exception {
        int futures = 300;
        try (ChildJvm child = libraryApp(GuavaAdapterApp.class, "guava-adapters-defaults")
                .agent(METRICS_ON_LOOPBACK).args(String.valueOf(futures), String.valueOf(APP_WAIT_SECONDS)).start()) {
            assertGuavaCallbacks(child, futures);
        }
    }

    @Test
    void guavaAdaptersWaitingOnEachOtherDoNotDeadlockASmallPool() throws Exception {
        int futures = 40;
        try (ChildJvm child = libraryApp(GuavaAdapterApp.class, "guava-adapters-small")
                .agent(METRICS_ON_LOOPBACK + ",pool.defaults.maxWorkers=4")
                .args(String.valueOf(futures), String.valueOf(APP_WAIT_SECONDS)).start()) {
            assertEquals("4", child.value("pool.max"));
            assertGuavaCallbacks(child, futures);
        }
    }

    @Test
    void guavaAdaptersOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = libraryApp(GuavaAdapterApp.class, "guava-adapters-jdk")
                .args("300", String.valueOf(APP_WAIT_SECONDS)).start()) {
            assertUntouched(child, "pool");
            assertEquals("300", awaitValue(child, "callbacks"), child::describe);
            assertEquals("bye", child.ask("exit"));
            assertEquals(0, child.awaitExit(), child::describe);
        }
    }

    @Test
    void grpcHandlersBlockingOnCallsToTheSameServerDoNotDeadlockTheSharedExecutor() throws Exception {
        int calls = 32;
        try (ChildJvm child = libraryApp(GrpcNestedCallApp.class, "grpc-nested-calls")
                .agent(METRICS_ON_LOOPBACK + ",pool.defaults.maxWorkers=8")
                .args(String.valueOf(calls), String.valueOf(APP_WAIT_SECONDS)).start()) {
            assertSiteReplaced(child, GRPC_SITE);
            assertAdaptive(child, "pool");
            assertEquals(GRPC_SITE, child.value("pool.name"));
            assertEquals("8", child.value("pool.max"));
            String replies = awaitValue(child, "replies");
            assertEquals(String.valueOf(calls), replies, () -> "Front calls answered within " + APP_WAIT_SECONDS
                    + " s (each Front handler blocks on a call to Back; 8 workers): " + replies + " of " + calls
                    + ", failures " + child.valueNow("failures").orElse("?") + "\n" + child.describe());
            assertStallSignals(child, GRPC_SITE);
            assertEquals("bye", child.ask("exit"));
            assertEquals(0, child.awaitExit(), child::describe);
        }
    }

    @Test
    void grpcNestedCallsOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = libraryApp(GrpcNestedCallApp.class, "grpc-nested-calls-jdk")
                .args("32", String.valueOf(APP_WAIT_SECONDS)).start()) {
            assertUntouched(child, "pool");
            assertEquals("32", awaitValue(child, "replies"), child::describe);
            assertEquals("bye", child.ask("exit"));
            assertEquals(0, child.awaitExit(), child::describe);
        }
    }

    private static void assertGuavaCallbacks(ChildJvm child, int futures) throws Exception {
        assertSiteReplaced(child, GUAVA_SITE);
        assertAdaptive(child, "pool");
        assertEquals(GUAVA_SITE, child.value("pool.name"));
        String callbacks = awaitValue(child, "callbacks");
        assertEquals(String.valueOf(futures), callbacks, () -> "callbacks run within " + APP_WAIT_SECONDS
                + " s (each adapted future is completed by the next one's callback): " + callbacks + " of " + futures
                + "\n" + child.describe());
        assertStallSignals(child, GUAVA_SITE);
        assertEquals("bye", child.ask("exit"));
        assertEquals(0, child.awaitExit(), child::describe);
    }

    /** Waits up to {@link #VERDICT} for the app's {@code key=value} line (the app bounds its own wait). */
    private static String awaitValue(ChildJvm child, String key) {
        long deadline = System.nanoTime() + VERDICT.toNanos();
        while (System.nanoTime() < deadline && child.isAlive() && child.valueNow(key).isEmpty()) {
            ChildJvm.pause();
        }
        return child.value(key);
    }

    /** A fixture app with the real libraries on its class path. */
    static ChildJvm.Builder libraryApp(Class<?> main, String name) {
        ChildJvm.Builder builder = ChildJvm.fixture(main).name(name);
        for (Path entry : Env.libraryClasspath()) {
            builder.classpath(entry);
        }
        return builder;
    }
}
