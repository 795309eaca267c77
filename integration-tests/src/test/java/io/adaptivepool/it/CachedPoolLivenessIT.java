package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static io.adaptivepool.it.AgentFacts.assertStallSignals;
import static io.adaptivepool.it.AgentFacts.assertUntouched;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adaptivepool.it.fixtures.HandOffApp;
import io.adaptivepool.it.fixtures.ThreadPerConnectionApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain legacy apps that rely, without knowing it, on the liveness of a cached pool, under the
 * agent with its defaults; each also runs on the JDK's cached pool, which gives it.
 *
 * <ul>
 *   <li>Hand-off: a task accepted while a worker is idle is in a thread's hands when
 *       {@code execute} returns, so a {@code shutdownNow()} right after it never drops it.
 *   <li>Long-lived tasks start at once: a thread-per-connection server with more open connections
 *       than {@code maxWorkers} greets every client within a few seconds.
 * </ul>
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CachedPoolLivenessIT {
    static final String FIXTURES = "io.adaptivepool.it.fixtures.";
    static final int HAND_OFF_ROUNDS = 300;
    /** Clients of the thread-per-connection server, all connected at once and kept open. */
    static final int CLIENTS = 100;
    /** How long every client may wait for its greeting: generous, where a bounded pool makes them wait for ever. */
    static final Duration GREETING = Duration.ofSeconds(15);

    @Test
    void executeThenShutdownNowNeverDropsTheTaskAnIdleWorkerWasThereFor() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(HandOffApp.class).name("hand-off")
                .agent(METRICS_ON_LOOPBACK).args(String.valueOf(HAND_OFF_ROUNDS)).start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(90)), child::describe);
            assertAdaptive(child, "pool");
            assertEquals(FIXTURES + "HandOffApp.main", child.value("pool.name"));
            assertEquals("0", child.value("lost"), () -> "tasks lost by execute-then-shutdownNow with an idle worker, in "
                    + child.value("rounds") + " rounds (" + child.value("returnedByShutdownNow")
                    + " of them handed back by shutdownNow)");
            assertEquals(String.valueOf(HAND_OFF_ROUNDS), child.value("rounds"));
        }
    }

    @Test
    void handOffOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(HandOffApp.class).name("hand-off-jdk")
                .args(String.valueOf(HAND_OFF_ROUNDS)).start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(90)), child::describe);
            assertUntouched(child, "pool");
            assertEquals("0", child.value("lost"));
        }
    }

    @Test
    void aThreadPerConnectionServerGreetsMoreClientsThanMaxWorkers() throws Exception {
        String pool = FIXTURES + "ThreadPerConnectionApp.main";
        try (ChildJvm child = ChildJvm.fixture(ThreadPerConnectionApp.class).name("thread-per-connection")
                .agent(METRICS_ON_LOOPBACK + ",pool.defaults.maxWorkers=64").start()) {
            assertAdaptive(child, "pool");
            assertEquals(pool, child.value("pool.name"));
            assertEquals("64", child.value("pool.max"));
            assertAllClientsGreeted(child);
            assertStallSignals(child, pool);
            assertEquals("bye", child.ask("exit"));
        }
    }

    @Test
    void threadPerConnectionOnTheJdkCachedPool() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(ThreadPerConnectionApp.class).name("thread-per-connection-jdk")
                .start()) {
            assertUntouched(child, "pool");
            assertAllClientsGreeted(child);
            assertEquals("bye", child.ask("exit"));
        }
    }

    /**
     * Connects {@value #CLIENTS} clients and keeps them all open; each must be greeted (its task
     * started) within {@link #GREETING} of the last connect, and the server must then be serving
     * them all at once.
     */
    private static void assertAllClientsGreeted(ChildJvm child) throws IOException {
        int port = child.intValue("port");
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            long deadline = System.nanoTime() + GREETING.toNanos();
            int greeted = 0;
            for (Socket client : clients) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                client.setSoTimeout((int) left);
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                try {
                    String line = in.readLine();
                    if (line != null && line.startsWith("hello ")) {
                        greeted++;
                    }
                } catch (SocketTimeoutException waiting) {
                    break;
                }
            }
            int greetedInTime = greeted;
            assertEquals(CLIENTS, greetedInTime, () -> "clients greeted within " + GREETING.toSeconds() + " s: "
                    + greetedInTime + " of " + CLIENTS + " (the rest wait for a worker; connections stay open)\n"
                    + child.describe());
            assertEquals(String.valueOf(CLIENTS), child.ask("serving"), "every connection served at once");
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }
}
