package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class SidePortTest {
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<SidePort> started = new ArrayList<>();
    private final List<AdaptivePoolExecutor> pools = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        started.forEach(SidePort::close);
        for (AdaptivePoolExecutor p : pools) {
            p.shutdownNow();
            assertTrue(p.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private SidePort start(boolean jvm) throws IOException {
        SidePort port = new SidePort("127.0.0.1", 0, jvm, log::add);
        port.start();
        started.add(port);
        return port;
    }

    private AdaptivePoolExecutor pool(String name) {
        AdaptivePoolExecutor p = AdaptivePoolExecutor.builder().name(name).minWorkers(0).maxWorkers(3).build();
        pools.add(p);
        return p;
    }

    private static String get(int port, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        assertEquals(200, c.getResponseCode());
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servesPoolsAddedBeforeAndAfterTheStartAndTheJvm() throws IOException {
        SidePort side = new SidePort("127.0.0.1", 0, true, log::add);
        side.add(pool("before"));
        side.start();
        started.add(side);
        side.add(pool("after"));
        int port = side.boundPort();
        assertEquals(List.of("serving metrics on http://127.0.0.1:" + port + "/metrics (plain HTTP, no auth)"), log);
        String body = get(port, "/metrics");
        assertTrue(body.contains("adaptive_pool_workers_max{pool=\"before\",} 3.0"), body);
        assertTrue(body.contains("adaptive_pool_workers_max{pool=\"after\",} 3.0"), body);
        assertTrue(body.contains("\njvm_threads_current "), "JVM metrics");
        assertTrue(body.contains("\nprocess_cpu_seconds_total "), "process metrics");
        assertTrue(get(port, "/-/healthy").contains("Healthy"));
    }

    @Test
    void jvmMetricsCanBeLeftOut() throws IOException {
        SidePort side = start(false);
        side.add(pool("only"));
        String body = get(side.boundPort(), "/metrics");
        assertTrue(body.contains("adaptive_pool_workers{pool=\"only\",} 0.0"), body);
        assertFalse(body.contains("jvm_"), body);
    }

    @Test
    void itsThreadsAreDaemonThreads() throws IOException {
        SidePort side = start(true);
        get(side.boundPort(), "/metrics");
        List<Thread> mine = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("adaptive-pool-agent-metrics") || t.getName().equals("HTTP-Dispatcher")) {
                mine.add(t);
            }
        }
        assertFalse(mine.isEmpty());
        for (Thread t : mine) {
            assertTrue(t.isDaemon(), t.getName());
        }
    }

    @Test
    void aTakenPortIsNamedWithTheHost() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            SidePort side = new SidePort("127.0.0.1", port, true, log::add);
            IOException e = assertThrows(IOException.class, side::start);
            assertEquals("metrics server cannot bind 127.0.0.1:" + port + " (Address already in use)", e.getMessage());
        }
    }

    @Test
    void inTheBackgroundATakenPortIsOneLineAndTheAppRunsOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            new SidePort("127.0.0.1", port, true, log::add).startInBackground();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (log.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("metrics server cannot bind 127.0.0.1:" + port
                    + " (Address already in use); running without the metrics server"), log);
        }
    }

    @Test
    void anUnknownHostIsNamed() {
        SidePort side = new SidePort("no-such-host.invalid", 0, true, log::add);
        IOException e = assertThrows(IOException.class, side::start);
        assertEquals("metrics server cannot bind no-such-host.invalid:0 (unknown host)", e.getMessage());
    }
}
