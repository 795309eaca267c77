package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static io.adaptivepool.it.AgentFacts.assertSiteReplaced;
import static io.adaptivepool.it.AgentFacts.assertUntouched;
import static io.adaptivepool.it.RealLibrariesIT.libraryApp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.GuavaTimeLimiterApp;
import io.adaptivepool.it.fixtures.JUnitParallelApp;
import io.adaptivepool.it.fixtures.MockWebServerApp;
import io.adaptivepool.it.fixtures.OkHttpCallbacksApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The patterns of {@link StallPatternsIT}, each where a real, widely used library puts it on a
 * cached pool, under the agent's defaults (maxWorkers pinned to 64, the default on up to four
 * cores, so that the sizes mean the same on any machine), each beside the same app on the JDK's
 * cached pool:
 *
 * <ol>
 *   <li>submit all, {@code shutdown()}, {@code awaitTermination()}, with tasks that wait for each
 *       other: JUnit 4's {@code ParallelComputer} ({@link JUnitParallelApp});
 *   <li>a time limiter whose budget is shorter than the stall timeout: Guava's
 *       {@code SimpleTimeLimiter} ({@link GuavaTimeLimiterApp});
 *   <li>async callbacks that block on a follow-up beyond the old ceiling of 576: OkHttp 3's
 *       {@code enqueue} ({@link OkHttpCallbacksApp});
 *   <li>idle keep-alive connections beyond that ceiling: OkHttp's {@code MockWebServer}
 *       ({@link MockWebServerApp}).
 * </ol>
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealStallPatternsIT {
    /** The agent's defaults but maxWorkers, pinned as in {@link StallPatternsIT}. */
    private static final String AGENT = METRICS_ON_LOOPBACK + ",pool.defaults.maxWorkers=64";
    /** How long an app that ends by itself may take: its own waits (at most 25 s) and a slow start. */
    private static final Duration RUN = Duration.ofSeconds(60);
    static final String JUNIT_SITE = "org.junit.experimental.ParallelComputer$1.<init>";
    static final String OKHTTP_SITE = "okhttp3.Dispatcher.executorService";
    static final String MOCK_WEB_SERVER_SITE = "okhttp3.mockwebserver.MockWebServer.start";
    /** Idle keep-alive connections, each holding a worker of the server's pool. */
    private static final int CONNECTIONS = 650;
    /** How long the clients wait for all their answers: a usual read timeout, beyond which one gives up. */
    private static final Duration ANSWER = Duration.ofSeconds(10);

    // Pattern 1: JUnit 4's ParallelComputer

    @Test
    void junitParallelCasesThatMeetAtABarrierAllPass() throws Exception {
        try (ChildJvm child = junit("junit-barrier", "barrier", "100").agent(AGENT).start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertSiteReplaced(child, JUNIT_SITE);
            assertEquals("100", child.value("run"), child::describe);
            assertEquals("100", child.value("passed"), () -> "cases that met the other 99 within 20 s: "
                    + child.value("passed") + " (" + child.value("failures") + ")\n" + child.describe());
        }
    }

    @Test
    void junitParallelCasesThatMeetAtABarrierOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = junit("junit-barrier-jdk", "barrier", "100").start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertEquals("100", child.value("passed"), child::describe);
        }
    }

    /** 200 cases of 3 s each: about the JDK's 3 s (a shut-down pool still gets the stall guard's workers). */
    @Test
    void twoHundredSlowJunitCasesTakeAboutTheJdksTime() throws Exception {
        try (ChildJvm child = junit("junit-slow", "slow", "200", "3000").agent(AGENT).start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertSiteReplaced(child, JUNIT_SITE);
            assertEquals("200", child.value("passed"), child::describe);
            long elapsed = Long.parseLong(child.value("elapsedMs"));
            assertTrue(elapsed < StallPatternsIT.SLOW_TESTS_BOUND_MS, () -> "200 cases of 3 s took " + elapsed + " ms (the JDK's pool: about"
                    + " 3,000)\n" + child.describe());
        }
    }

    @Test
    void twoHundredSlowJunitCasesOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = junit("junit-slow-jdk", "slow", "200", "3000").start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertEquals("200", child.value("passed"), child::describe);
            long elapsed = Long.parseLong(child.value("elapsedMs"));
            assertTrue(elapsed < StallPatternsIT.SLOW_TESTS_BOUND_MS, () -> "200 cases of 3 s took " + elapsed + " ms\n" + child.describe());
        }
    }

    // Pattern 2: Guava's SimpleTimeLimiter

    /** 100, then 600, calls stuck in a socket read; then 20 healthy calls, each with a 500 ms budget: all succeed. */
    @Test
    void guavaTimeLimitersBudgetHoldsBehindCallsStuckInASocketRead() throws Exception {
        for (int stuck : new int[] {100, 600}) {
            try (ChildJvm child = timeLimiter("guava-time-limiter-" + stuck, stuck).agent(AGENT).start()) {
                assertEquals(0, child.awaitExit(RUN), child::describe);
                assertAdaptive(child, "pool");
                assertTimeLimiter(child, stuck);
            }
        }
    }

    @Test
    void guavaTimeLimiterOnTheJdkCachedPool() throws Exception {
        for (int stuck : new int[] {100, 600}) {
            try (ChildJvm child = timeLimiter("guava-time-limiter-jdk-" + stuck, stuck).start()) {
                assertEquals(0, child.awaitExit(RUN), child::describe);
                assertUntouched(child, "pool");
                assertTimeLimiter(child, stuck);
            }
        }
    }

    // Pattern 3: OkHttp 3's async calls

    /** 700 async calls whose callbacks each wait for a follow-up call on the same Dispatcher: all done. */
    @Test
    void okHttpCallbacksThatWaitForAFollowUpBeyondTheOldCeilingFinish() throws Exception {
        try (ChildJvm child = libraryApp(OkHttpCallbacksApp.class, "okhttp-callbacks").agent(AGENT).args("700")
                .start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertAdaptive(child, "pool");
            assertEquals(OKHTTP_SITE, child.value("pool.name"));
            assertCallbacks(child);
        }
    }

    @Test
    void okHttpCallbacksOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = libraryApp(OkHttpCallbacksApp.class, "okhttp-callbacks-jdk").args("700").start()) {
            assertEquals(0, child.awaitExit(RUN), child::describe);
            assertUntouched(child, "pool");
            assertCallbacks(child);
        }
    }

    // Pattern 4: OkHttp's MockWebServer

    /** 650 keep-alive connections, each served by a task of the server's pool: all answered, idle, answered again. */
    @Test
    void mockWebServerServesSixHundredFiftyIdleKeepAliveConnections() throws Exception {
        try (ChildJvm child = libraryApp(MockWebServerApp.class, "mockwebserver-keep-alive").agent(AGENT).start()) {
            assertAdaptive(child, "pool");
            assertEquals(MOCK_WEB_SERVER_SITE, child.value("pool.name"));
            assertKeepAliveConnectionsServed(child);
        }
    }

    @Test
    void mockWebServerOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = libraryApp(MockWebServerApp.class, "mockwebserver-keep-alive-jdk").start()) {
            assertUntouched(child, "pool");
            assertKeepAliveConnectionsServed(child);
        }
    }

    private static ChildJvm.Builder junit(String name, String... args) {
        return libraryApp(JUnitParallelApp.class, name).args(args);
    }

    private static ChildJvm.Builder timeLimiter(String name, int stuck) {
        return libraryApp(GuavaTimeLimiterApp.class, name).args(String.valueOf(stuck), "20");
    }

    private static void assertTimeLimiter(ChildJvm child, int stuck) {
        assertEquals(String.valueOf(stuck), child.value("stuck.held"), () -> "stuck calls in their read\n"
                + child.describe());
        assertEquals("20", child.value("healthy.ok"), () -> "healthy calls within 500 ms behind " + stuck
                + " stuck ones (" + child.value("healthy.elapsedMs") + " ms for all)\n" + child.describe());
        assertEquals(String.valueOf(stuck), child.value("stuck.timedOut"), "stuck calls that hung to their end");
    }

    private static void assertCallbacks(ChildJvm child) {
        assertEquals("700", child.value("done"), () -> "callbacks whose follow-up came back within 20 s\n"
                + child.describe());
        assertEquals("0", child.value("failed"), child::describe);
    }

    /**
     * 650 clients each open a connection and make a request; once all are answered, every
     * connection is idle (its task parked in a read); then each makes a second request.
     */
    private static void assertKeepAliveConnectionsServed(ChildJvm child) throws Exception {
        int port = child.intValue("port");
        List<KeepAliveConnection> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                KeepAliveConnection client = new KeepAliveConnection(port);
                clients.add(client);
                client.send("/first/" + i);
            }
            assertEquals(CONNECTIONS, answered(clients, "/first/"), () -> "first requests answered within "
                    + ANSWER.toSeconds() + " s\n" + child.describe());
            assertEquals(String.valueOf(CONNECTIONS), child.ask("requests"));
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.get(i).send("/again/" + i);
            }
            assertEquals(CONNECTIONS, answered(clients, "/again/"), () -> "idle connections' second requests"
                    + " answered within " + ANSWER.toSeconds() + " s\n" + child.describe());
        } finally {
            for (KeepAliveConnection client : clients) {
                client.close();
            }
        }
        assertEquals("bye", child.ask("exit"));
    }

    /** How many of the clients got their answer to {@code <path><index>} within {@link #ANSWER}. */
    private static int answered(List<KeepAliveConnection> clients, String path) throws Exception {
        long deadline = System.nanoTime() + ANSWER.toNanos();
        int answered = 0;
        for (int i = 0; i < clients.size(); i++) {
            answered += (path + i).equals(clients.get(i).receive(deadline)) ? 1 : 0;
        }
        return answered;
    }
}
