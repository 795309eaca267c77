package io.adaptivepool.agent;

import io.adaptivepool.testing.Await;

import io.adaptivepool.AdaptivePoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
            Await.until("a log line", () -> !log.isEmpty());
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

    @Test
    void withTlsAndBasicAuthTheLineSaysSoAndOnlyTheRightCredentialsGetIn(@TempDir Path dir) throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "store-secret");
        Files.writeString(dir.resolve("store.password"), "store-secret\n");
        String args = "metrics.auth.user=prom,metrics.auth.passwordEnv=PROM_PASSWORD,metrics.tls.keystore=" + keystore
                + ",metrics.tls.passwordFile=" + dir.resolve("store.password");
        Map<String, String> env = Map.of("PROM_PASSWORD", "s3cret");
        AgentConfig config = AgentConfig.load(args, new Properties(), env);
        SidePort side = new SidePort("127.0.0.1", 0, false, () -> SidePortSecurity.resolve(config, env), log::add);
        side.add(pool("secured"));
        side.start();
        started.add(side);
        int port = side.boundPort();
        assertEquals(List.of("serving metrics on https://127.0.0.1:" + port + "/metrics (TLS 1.2+, basic auth user \"prom\")"),
                log, "loopback: no warning");

        HttpClient client = HttpClient.newBuilder().sslContext(TestKeystores.trusting(keystore, "store-secret"))
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI metrics = URI.create("https://localhost:" + port + "/metrics");
        String basic = "Basic " + Base64.getEncoder().encodeToString("prom:s3cret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> good = client.send(HttpRequest.newBuilder(metrics).header("Authorization", basic)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, good.statusCode());
        assertTrue(good.body().contains("adaptive_pool_workers_max{pool=\"secured\",} 3.0"), good.body());
        HttpResponse<String> none = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
    }

    @Test
    void refusedKeyMaterialBindsNothingAndIsOneLine() throws Exception {
        SidePort.Security refused = () -> {
            throw new SidePortSecurity.Refused("metrics.tls.keystore=/etc/missing.p12: no such file");
        };
        SidePort side = new SidePort("127.0.0.1", 0, true, refused, log::add);
        IOException e = assertThrows(IOException.class, side::start);
        assertEquals("metrics.tls.keystore=/etc/missing.p12: no such file", e.getMessage());
        assertEquals(-1, side.boundPort());

        new SidePort("127.0.0.1", 0, true, refused, log::add).startInBackground();
        Await.until("a log line", () -> !log.isEmpty());
        assertEquals(List.of("metrics.tls.keystore=/etc/missing.p12: no such file; running without the metrics server"),
                log);
    }

    @Test
    void aPortOpenToTheNetworkIsWarnedAbout() throws Exception {
        SidePortSecurity none = SidePortSecurity.NONE;
        InetAddress any = InetAddress.getByName("0.0.0.0");
        assertEquals("warning: metrics on 0.0.0.0:9412 are served without authentication to every host that can reach"
                + " this one; set metrics.auth.user with metrics.auth.passwordFile or metrics.auth.passwordEnv, or"
                + " metrics.host=127.0.0.1 (see docs/agent-security.md)", SidePort.exposureWarning(any, "0.0.0.0:9412", none));
        assertEquals("warning: metrics on [::]:9412 are served without authentication to every host that can reach"
                + " this one; set metrics.auth.user with metrics.auth.passwordFile or metrics.auth.passwordEnv, or"
                + " metrics.host=127.0.0.1 (see docs/agent-security.md)",
                SidePort.exposureWarning(InetAddress.getByName("::"), "[::]:9412", none));
        assertNull(SidePort.exposureWarning(InetAddress.getByName("127.0.0.1"), "127.0.0.1:9412", none));
        assertNull(SidePort.exposureWarning(InetAddress.getByName("::1"), "[::1]:9412", none));

        Map<String, String> env = Map.of("P", "x");
        SidePortSecurity auth = SidePortSecurity.resolve(
                AgentConfig.load("metrics.auth.user=prom,metrics.auth.passwordEnv=P", new Properties(), env), env);
        assertEquals("warning: basic auth on 10.1.2.3:9412 is over plain HTTP, so the password crosses the network in"
                + " clear; set metrics.tls.keystore (see docs/agent-security.md)",
                SidePort.exposureWarning(InetAddress.getByName("10.1.2.3"), "10.1.2.3:9412", auth));
    }
}
