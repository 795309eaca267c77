package io.adaptivepool.prometheus;

import io.adaptivepool.AdaptivePoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the side port answers, over real HTTP on loopback: GET and HEAD on {@code /metrics} and
 * {@code /-/healthy} only, 405 with {@code Allow} for other methods, 404 for other paths, 401
 * before anything else when basic auth is on, and nothing writable.
 */
@Timeout(60)
class SidePortTest {
    private static final List<String> OTHER_METHODS = List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
            "CONNECT", "PROPFIND", "get", "Head", "BREW");
    private static final List<String> OTHER_PATHS = List.of("/", "/metrics/", "/metricsx", "/metrics/x", "//metrics",
            "/metrics/../metrics", "/%6Detrics", "/METRICS", "/-/healthy/", "/-/healthyx", "/-/ready", "/-/reload",
            "/-/quit", "/api/v1/write", "/favicon.ico", "/metrics;jsessionid=1");

    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final List<MetricsServer> servers = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (MetricsServer s : servers) {
            s.close();
        }
        pools.close();
    }

    private MetricsServer started(MetricsServer.Builder builder) throws IOException {
        MetricsServer server = builder.start();
        servers.add(server);
        return server;
    }

    private MetricsServer plainServer() throws IOException {
        return started(MetricsServer.builder().host("127.0.0.1").port(0).jvmMetrics(false)
                .pools(pools.make("side", 1, 2, 4)));
    }

    /** One request on a fresh connection, answered in full. */
    private static Http.Response call(int port, String method, String path, String... headers) throws IOException {
        try (RawHttp c = RawHttp.connect(port, 20_000)) {
            c.send(RawHttp.request(method, path, headers));
            Http.Response r = c.read(method.equals("HEAD"));
            assertNotNull(r, method + " " + path + ": connection closed without an answer");
            return r;
        }
    }

    @Test
    void getAndHeadServeMetricsAndHealth() throws Exception {
        int port = plainServer().port();

        Http.Response metrics = call(port, "GET", "/metrics");
        assertEquals(200, metrics.status());
        assertEquals(1.0, Exposition.parse004(metrics.body()).value("adaptive_pool_workers", "pool", "side"));
        Http.Response health = call(port, "GET", "/-/healthy");
        assertEquals(200, health.status());
        assertEquals("Exporter is Healthy.", health.body());
        Http.Response filtered = call(port, "GET", "/metrics?name[]=adaptive_pool_workers_max");
        assertEquals(List.of("adaptive_pool_workers_max"), List.copyOf(Exposition.parse004(filtered.body()).sampleNames()));
    }

    @Test
    void otherMethodsAre405WithAllowOnBothPaths() throws Exception {
        int port = plainServer().port();
        for (String path : List.of("/metrics", "/-/healthy")) {
            for (String method : OTHER_METHODS) {
                Http.Response r = call(port, method, path);
                String what = method + " " + path;
                assertEquals(405, r.status(), what);
                assertEquals("GET, HEAD", r.header("Allow"), what);
                assertEquals("405 Method Not Allowed\n", r.body(), what);
            }
        }
    }

    @Test
    void otherPathsAre404WhateverTheMethod() throws Exception {
        int port = plainServer().port();
        for (String path : OTHER_PATHS) {
            for (String method : List.of("GET", "HEAD", "POST", "DELETE")) {
                Http.Response r = call(port, method, path);
                String what = method + " " + path;
                assertEquals(404, r.status(), what);
                assertNull(r.header("Allow"), what);
                if (!method.equals("HEAD")) {
                    // ours is "404 Not Found\n"; "//metrics" has no path for the JDK, which answers it itself
                    assertTrue(r.body().contains("404 Not Found"), what + ": " + r.body());
                }
                assertFalse(r.body().contains("adaptive_pool"), what);
            }
        }
    }

    @Test
    void headSendsTheHeadersOfGetAndNoBody() throws Exception {
        int port = plainServer().port();
        for (String[] variant : new String[][] {{"/metrics"}, {"/metrics", "Accept-Encoding: gzip"},
                {"/metrics", "Accept: application/openmetrics-text; version=1.0.0"}, {"/-/healthy"}}) {
            String path = variant[0];
            String[] headers = java.util.Arrays.copyOfRange(variant, 1, variant.length);
            // HEAD then GET on one keep-alive connection: any body byte after the HEAD's headers
            // would be read as the start of the GET's response and break its status line
            try (RawHttp c = RawHttp.connect(port, 20_000)) {
                c.send(RawHttp.request("HEAD", path, headers));
                Http.Response head = c.read(true);
                c.send(RawHttp.request("GET", path, headers));
                Http.Response get = c.read(false);

                String what = String.join(" ", variant);
                assertEquals(200, head.status(), what);
                assertEquals(200, get.status(), what);
                assertEquals(0, head.bytes().length, what);
                assertEquals(get.header("Content-Type"), head.header("Content-Type"), what);
                assertEquals(get.header("Content-Encoding"), head.header("Content-Encoding"), what);
                assertEquals(String.valueOf(get.bytes().length), head.header("Content-Length"), what);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void nothingIsWritable(String method) throws Exception {
        AdaptivePoolExecutor pool = pools.make("fixed", 1, 2, 4);
        MetricsServer server = started(MetricsServer.builder().host("127.0.0.1").port(0).jvmMetrics(false).pools(pool));
        int port = server.port();
        String before = call(port, "GET", "/metrics").body();
        String write = "adaptive_pool_workers_max{pool=\"fixed\"} 64\nadaptive_pool_queue_capacity{pool=\"fixed\"} 1\n";

        for (String path : List.of("/metrics", "/-/healthy", "/", "/api/v1/write", "/-/reload", "/-/quit")) {
            try (RawHttp c = RawHttp.connect(port, 20_000)) {
                c.send(RawHttp.request(method, path, "Content-Type: text/plain", "Content-Length: " + write.length())
                        + write);
                Http.Response r = c.read(false);
                assertEquals(path.equals("/metrics") || path.equals("/-/healthy") ? 405 : 404, r.status(), path);
                assertEquals("close", r.header("Connection"), "a refused request with a body ends its connection");
            }
        }

        assertEquals(2, pool.getMaxWorkers());
        assertEquals(4, pool.getQueueCapacity());
        assertEquals(before, call(port, "GET", "/metrics").body(), "the exposition is as it was");
        assertEquals(200, call(port, "GET", "/-/healthy").status(), "still serving");
    }

    @Test
    void basicAuthAnswers401WithAChallengeBeforeLookingAtPathOrMethod() throws Exception {
        MetricsServer server = started(MetricsServer.builder().host("127.0.0.1").port(0).jvmMetrics(false)
                .basicAuth("prometheus", "s3cret").pools(pools.make("guarded", 1, 1, 1)));
        int port = server.port();
        List<String> refused = new ArrayList<>();
        refused.add(null); // no Authorization header
        refused.add(Http.basic("prometheus", "wrong"));
        refused.add(Http.basic("intruder", "s3cret"));
        refused.add(Http.basic("prometheus", "s3cret2"));
        refused.add(Http.basic("prometheus", ""));
        refused.add(Http.basic("", ""));
        refused.add("Basic " + Base64.getEncoder().encodeToString("prometheus".getBytes(StandardCharsets.UTF_8))); // no ':'
        refused.add("Basic !!!not-base64!!!");
        refused.add("Basic");
        refused.add("Basic ");
        refused.add("Bearer " + Base64.getEncoder().encodeToString("prometheus:s3cret".getBytes(StandardCharsets.UTF_8)));
        refused.add("Digest username=\"prometheus\"");
        refused.add("");

        for (String authorization : refused) {
            for (String method : List.of("GET", "HEAD", "POST", "DELETE")) {
                for (String path : List.of("/metrics", "/-/healthy", "/nope", "/")) {
                    String[] headers = authorization == null ? new String[0] : new String[] {"Authorization: " + authorization};
                    Http.Response r = call(port, method, path, headers);
                    String what = method + " " + path + " with " + authorization;
                    assertEquals(401, r.status(), what);
                    assertEquals(BasicAuth.CHALLENGE, r.header("WWW-Authenticate"), what);
                    assertNull(r.header("Allow"), what);
                    assertFalse(r.body().contains("adaptive_pool") || r.body().contains("Healthy"), what);
                }
            }
        }

        String good = "Authorization: " + Http.basic("prometheus", "s3cret");
        assertEquals(200, call(port, "GET", "/metrics", good).status());
        assertEquals(200, call(port, "HEAD", "/metrics", good).status());
        assertEquals(200, call(port, "GET", "/-/healthy", good).status());
        assertEquals(405, call(port, "POST", "/metrics", good).status());
        assertEquals(404, call(port, "GET", "/nope", good).status());
        String lowerCaseScheme = "Authorization: basic " + Base64.getEncoder().encodeToString(
                "prometheus:s3cret".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, call(port, "GET", "/metrics", lowerCaseScheme).status(), "the scheme is case-insensitive");
    }

    @Test
    void aUserAndPasswordOutsideAsciiAreComparedAsUtf8() throws Exception {
        MetricsServer server = started(MetricsServer.builder().host("127.0.0.1").port(0).jvmMetrics(false)
                .basicAuth("jürgen", "pässwörd:with-colon"));
        String good = "Authorization: Basic " + Base64.getEncoder().encodeToString(
                "jürgen:pässwörd:with-colon".getBytes(StandardCharsets.UTF_8));
        String latin1 = "Authorization: Basic " + Base64.getEncoder().encodeToString(
                "jürgen:pässwörd:with-colon".getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(200, call(server.port(), "GET", "/-/healthy", good).status());
        assertEquals(401, call(server.port(), "GET", "/-/healthy", latin1).status());
    }

    @Test
    @Timeout(120)
    void anUnauthenticatedBodyIsNotReadBeyondTheJdkDrain() throws Exception {
        MetricsServer server = started(MetricsServer.builder().host("127.0.0.1").port(0).jvmMetrics(false)
                .basicAuth("prometheus", "s3cret"));
        long announced = 1L << 30; // 1 GiB announced; the JDK's own BasicAuthenticator would read all of it
        AtomicLong written = new AtomicLong();
        try (RawHttp c = RawHttp.connect(server.port(), 20_000)) {
            c.send(RawHttp.request("POST", "/metrics", "Content-Length: " + announced));
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (written.get() < announced) {
                        c.socket().getOutputStream().write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException closedByTheServer) {
                    // expected: the server answered and closed
                }
            }, "body-writer");
            writer.setDaemon(true);
            writer.start();

            Http.Response r;
            try {
                r = c.read(false);
            } catch (SocketException reset) {
                r = null; // the server's close may reset the connection before the answer is read
            }
            if (r != null) {
                assertEquals(401, r.status());
                assertEquals("close", r.header("Connection"));
            }
            writer.join(60_000);
            assertFalse(writer.isAlive(), "the server closed the connection");
        }
        assertTrue(written.get() < announced / 4, "the body was not read: " + written.get() + " bytes written");
        assertEquals(200, call(server.port(), "GET", "/-/healthy", "Authorization: " + Http.basic("prometheus", "s3cret"))
                .status());
    }
}
