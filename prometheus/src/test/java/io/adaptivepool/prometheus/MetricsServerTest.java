package io.adaptivepool.prometheus;

import io.adaptivepool.AdaptivePoolExecutor;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static io.adaptivepool.prometheus.TestSupport.CONTRACT_FAMILIES;
import static io.adaptivepool.prometheus.TestSupport.eventually;
import static io.adaptivepool.prometheus.TestSupport.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The side-port server over real HTTP on loopback, on ports chosen by the system. */
@Timeout(60)
class MetricsServerTest {
    private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final List<String> JVM_FAMILIES = List.of("jvm_memory_bytes_used", "jvm_threads_current",
            "jvm_gc_collection_seconds", "jvm_classes_currently_loaded", "process_cpu_seconds_total",
            "jvm_buffer_pool_used_bytes", "jvm_memory_pool_bytes_used");

    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final List<MetricsServer> servers = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (MetricsServer s : servers) {
            s.close();
        }
        pools.close();
    }

    private MetricsServer.Builder loopback() {
        return MetricsServer.builder().host("127.0.0.1").port(0);
    }

    private MetricsServer started(MetricsServer.Builder builder) throws IOException {
        MetricsServer server = builder.start();
        servers.add(server);
        return server;
    }

    @Test
    void aScrapeIsStrictlyValidTextAndFollowsThePools() throws Exception {
        AdaptivePoolExecutor pool = pools.make("http-pool", 1, 2, 8);
        runAndWait(pool, 3);
        MetricsServer server = started(loopback().jvmMetrics(false).pools(pool));
        assertNotEquals(0, server.port());

        Http.Response response = Http.get(server.port(), "/metrics");

        assertEquals(200, response.status());
        assertEquals(TEXT_004, response.header("Content-Type"));
        Exposition text = Exposition.parse004(response.body());
        assertEquals(CONTRACT_FAMILIES.keySet(), text.families().keySet(), "pool metrics only, JVM metrics off");
        for (var e : CONTRACT_FAMILIES.entrySet()) {
            assertEquals(e.getValue(), text.family(e.getKey()).type, e.getKey());
        }
        assertEquals(3.0, text.value("adaptive_pool_jobs_submitted_total", "pool", "http-pool"));
        assertEquals(3.0, text.value("adaptive_pool_jobs_processed_total", "pool", "http-pool", "outcome", "success"));
        assertEquals(0.0, text.value("adaptive_pool_jobs_processed_total", "pool", "http-pool", "outcome", "failure"));
        assertEquals(3.0, text.value("adaptive_pool_job_duration_seconds_count", "pool", "http-pool"));
        assertEquals(3.0, text.value("adaptive_pool_queue_wait_seconds_bucket", "pool", "http-pool", "le", "+Inf"));
        assertEquals(1.0, text.value("adaptive_pool_workers_min", "pool", "http-pool"));
        assertEquals(2.0, text.value("adaptive_pool_workers_max", "pool", "http-pool"));
        assertEquals(8.0, text.value("adaptive_pool_queue_capacity", "pool", "http-pool"));

        runAndWait(pool, 2);
        Exposition later = Exposition.parse004(Http.get(server.port(), "/metrics").body());
        assertEquals(5.0, later.value("adaptive_pool_jobs_processed_total", "pool", "http-pool", "outcome", "success"),
                "read at scrape time");
    }

    @Test
    void openMetricsWhenTheAcceptHeaderAsksForIt() throws Exception {
        MetricsServer server = started(loopback().pools(pools.make("om", 1, 1, 1)));

        Http.Response response = Http.get(server.port(), "/metrics",
                "Accept", "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5");

        assertEquals(200, response.status());
        assertEquals(OPENMETRICS, response.header("Content-Type"));
        assertTrue(response.body().endsWith("# EOF\n"));
        Exposition om = Exposition.parseOpenMetrics(response.body());
        assertEquals("counter", om.family("adaptive_pool_jobs_submitted").type);
        assertEquals(0.0, om.value("adaptive_pool_jobs_submitted_total", "pool", "om"));
        assertEquals("info", om.family("jvm").type, "JVM metrics in OpenMetrics too (jvm_info)");
    }

    @Test
    void gzipWhenTheClientAcceptsIt() throws Exception {
        MetricsServer server = started(loopback().jvmMetrics(false).pools(pools.make("zipped", 1, 1, 1)));

        Http.Response response = Http.get(server.port(), "/metrics", "Accept-Encoding", "gzip");

        assertEquals(200, response.status());
        assertEquals("gzip", response.header("Content-Encoding"));
        Exposition text = Exposition.parse004(gunzip(response.bytes()));
        assertEquals(1.0, text.value("adaptive_pool_workers", "pool", "zipped"));
    }

    @Test
    void jvmMetricsArePresentWhenEnabledAndAbsentWhenNot() throws Exception {
        AdaptivePoolExecutor pool = pools.make("jvm", 1, 1, 1);
        MetricsServer withJvm = started(loopback().pools(pool));
        MetricsServer without = started(loopback().jvmMetrics(false).pools(pool));

        Exposition on = Exposition.parse004(Http.get(withJvm.port(), "/metrics").body());
        Exposition off = Exposition.parse004(Http.get(without.port(), "/metrics").body());

        for (String family : JVM_FAMILIES) {
            assertTrue(on.families().containsKey(family), family + " served when JVM metrics are on");
        }
        assertTrue(on.families().keySet().containsAll(CONTRACT_FAMILIES.keySet()));
        assertTrue(on.value("jvm_threads_current") > 0);
        for (String family : off.families().keySet()) {
            assertTrue(family.startsWith("adaptive_pool_"), family + " served although JVM metrics are off");
        }
    }

    @Test
    void theDefaultRegistryIsNeverTouched() throws Exception {
        AdaptivePoolExecutor pool = pools.make("private", 1, 1, 1);
        MetricsServer server = started(loopback().pools(pool));

        assertNotSame(CollectorRegistry.defaultRegistry, server.registry());
        Exposition defaults = scrape(CollectorRegistry.defaultRegistry);
        for (String family : defaults.families().keySet()) {
            assertFalse(family.startsWith("jvm_") || family.startsWith("process_"), family + " in the default registry");
        }
        assertTrue(defaults.samples("adaptive_pool_workers").isEmpty());
        assertTrue(Exposition.parse004(Http.get(server.port(), "/metrics").body()).families().containsKey("jvm_threads_current"));
    }

    @Test
    void theHealthPathAnswers() throws Exception {
        MetricsServer server = started(loopback().jvmMetrics(false));

        Http.Response response = Http.get(server.port(), "/-/healthy");

        assertEquals(200, response.status());
        assertEquals("Exporter is Healthy.", response.body());
    }

    @Test
    void basicAuthRefusesWrongCredentialsWith401AndAcceptsTheRightOnes() throws Exception {
        MetricsServer server = started(loopback().jvmMetrics(false).basicAuth("prometheus", "s3cret")
                .pools(pools.make("guarded", 1, 1, 1)));
        int port = server.port();

        Http.Response none = Http.get(port, "/metrics");
        assertEquals(401, none.status());
        // JDK 14+ adds ', charset="UTF-8"'
        assertTrue(none.header("WWW-Authenticate").startsWith("Basic realm=\"adaptive-pool metrics\""),
                none.header("WWW-Authenticate"));
        assertFalse(none.body().contains("adaptive_pool"));
        assertEquals(401, Http.get(port, "/metrics", "Authorization", Http.basic("prometheus", "wrong")).status());
        assertEquals(401, Http.get(port, "/metrics", "Authorization", Http.basic("someone", "s3cret")).status());
        assertEquals(401, Http.get(port, "/metrics", "Authorization", Http.basic("prometheus", "s3cret-and-more")).status());
        assertEquals(401, Http.get(port, "/-/healthy").status());

        Http.Response ok = Http.get(port, "/metrics", "Authorization", Http.basic("prometheus", "s3cret"));
        assertEquals(200, ok.status());
        assertEquals(1.0, Exposition.parse004(ok.body()).value("adaptive_pool_workers", "pool", "guarded"));
    }

    @Test
    void aTakenPortFailsWithAMessageNamingHostAndPort() throws Exception {
        MetricsServer first = started(loopback().jvmMetrics(false));
        AdaptivePoolExecutor pool = pools.make("never-served", 1, 1, 1);

        BindException e = assertThrows(BindException.class,
                () -> started(MetricsServer.builder().host("127.0.0.1").port(first.port()).pools(pool)));

        assertEquals("cannot bind metrics server to 127.0.0.1:" + first.port() + ": Address already in use", e.getMessage());
        assertEquals(200, Http.get(first.port(), "/-/healthy").status(), "the first server still serves");
    }

    @Test
    void anAddressThatIsNotLocalFailsWithAMessageNamingIt() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a local interface; binding it sends nothing
        BindException e = assertThrows(BindException.class,
                () -> started(MetricsServer.builder().host("192.0.2.1").port(0).jvmMetrics(false)));

        assertTrue(e.getMessage().startsWith("cannot bind metrics server to 192.0.2.1:0: "), e.getMessage());
    }

    @Test
    @Timeout(90)
    void closeLeavesNoThreadBehindAndFreesThePort() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        MetricsServer server = loopback().pools(pools.make("closing", 1, 1, 1)).start();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, Http.get(server.port(), "/metrics").status());
        }
        Set<Thread> serverThreads = new HashSet<>(Thread.getAllStackTraces().keySet());
        serverThreads.removeAll(before);
        serverThreads.removeIf(t -> t.getName().startsWith("closing-worker")); // the pool's own worker
        assertFalse(serverThreads.isEmpty(), "the server runs threads");
        for (Thread t : serverThreads) {
            assertTrue(t.isDaemon(), t.getName() + " is not a daemon thread");
        }

        server.close();
        server.close(); // idempotent

        eventually("every server thread has ended: " + serverThreads, () -> serverThreads.stream().noneMatch(Thread::isAlive));
        assertTrue(scrape(server.registry()).samples("adaptive_pool_workers").isEmpty(), "close() lets go of the pools");
        MetricsServer again = started(MetricsServer.builder().host("127.0.0.1").port(server.port()).jvmMetrics(false));
        assertEquals(server.port(), again.port());
        assertEquals(200, Http.get(again.port(), "/-/healthy").status());
    }

    @Test
    void poolsAddedToARunningServerAreServedUntilRemoved() throws Exception {
        MetricsServer server = started(loopback().jvmMetrics(false));
        assertTrue(Exposition.parse004(Http.get(server.port(), "/metrics").body()).families().isEmpty());

        AdaptivePoolExecutor late = pools.make("late", 1, 1, 1);
        assertEquals("late", server.addPool(late));
        assertEquals("late", server.addPool(late));
        assertEquals(1.0, Exposition.parse004(Http.get(server.port(), "/metrics").body())
                .value("adaptive_pool_workers", "pool", "late"));

        assertTrue(server.removePool(late));
        assertFalse(server.removePool(late));
        assertTrue(Exposition.parse004(Http.get(server.port(), "/metrics").body()).families().isEmpty());
    }

    @Test
    void theStaticStartServesEveryPoolOnEveryInterface() throws Exception {
        AdaptivePoolExecutor a = pools.make("static-a", 1, 1, 1);
        AdaptivePoolExecutor b = pools.make("static-b", 1, 1, 1);
        MetricsServer server = MetricsServer.start(0, a, b);
        servers.add(server);

        assertEquals("0.0.0.0", server.host());
        assertNotEquals(0, server.port());
        Exposition text = Exposition.parse004(Http.get(server.port(), "/metrics").body()); // over loopback
        assertEquals(1.0, text.value("adaptive_pool_workers", "pool", "static-a"));
        assertEquals(1.0, text.value("adaptive_pool_workers", "pool", "static-b"));
        assertTrue(text.families().containsKey("jvm_threads_current"), "JVM metrics are on by default");
    }

    @Test
    void builderRefusesBadValuesNamingThem() {
        MetricsServer.Builder b = MetricsServer.builder();
        assertEquals("port (-1) must be in [0, 65535]",
                assertThrows(IllegalArgumentException.class, () -> b.port(-1)).getMessage());
        assertEquals("port (65536) must be in [0, 65535]",
                assertThrows(IllegalArgumentException.class, () -> b.port(65536)).getMessage());
        assertEquals("host (null) must not be empty",
                assertThrows(IllegalArgumentException.class, () -> b.host(null)).getMessage());
        assertEquals("host (\" \") must not be empty",
                assertThrows(IllegalArgumentException.class, () -> b.host(" ")).getMessage());
        assertEquals("basicAuth user must not be empty",
                assertThrows(IllegalArgumentException.class, () -> b.basicAuth("", "pw")).getMessage());
        assertEquals("basicAuth user (a:b) must not contain ':'",
                assertThrows(IllegalArgumentException.class, () -> b.basicAuth("a:b", "pw")).getMessage());
        assertEquals("basicAuth password must not be empty",
                assertThrows(IllegalArgumentException.class, () -> b.basicAuth("user", null)).getMessage());
        assertEquals("pools", assertThrows(NullPointerException.class,
                () -> b.pools((AdaptivePoolExecutor[]) null)).getMessage());
        assertEquals("pools[1]", assertThrows(NullPointerException.class,
                () -> b.pools(pools.make("p", 1, 1, 1), null)).getMessage());
        assertEquals("port (70000) must be in [0, 65535]",
                assertThrows(IllegalArgumentException.class, () -> MetricsServer.start(70000)).getMessage());
        assertEquals(9412, MetricsServer.DEFAULT_PORT);
    }

    private static void runAndWait(AdaptivePoolExecutor pool, int tasks) {
        long before = pool.metrics().jobsProcessed();
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> { });
        }
        eventually(tasks + " tasks processed", () -> pool.metrics().jobsProcessed() == before + tasks);
    }

    private static String gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
