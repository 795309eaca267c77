package io.adaptivepool.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.jmx.AdaptivePoolJmx;
import io.adaptivepool.testing.Await;
import io.adaptivepool.jmx.AdaptivePoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobServerTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private JobServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private JobServer start(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--port";
        all[1] = "0";
        System.arraycopy(args, 0, all, 2, args.length);
        server = JobServer.start(JobServer.Options.parse(all));
        return server;
    }

    private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badQueryValuesAnswer400NamingTheParameterAndTheValue() throws Exception {
        start();
        assertBad("/jobs?ms=abc", "query parameter ms (abc) is not a whole number of milliseconds");
        assertBad("/jobs?ms=60001", "query parameter ms (60001) must be between 0 and 60000 milliseconds");
        assertBad("/jobs", "missing query parameter ms (milliseconds, 0 to 60000)");
        assertBad("/jobs?ms=5&wait=-1", "query parameter wait (-1) must be between 0 and 10000 milliseconds");
        assertBad("/jobs?ms=5&ms=6", "query parameter ms given more than once");
        assertBad("/jobs?ms=5&priority=high", "unknown query parameter 'priority'; expected ms, wait");
    }

    private void assertBad(String pathAndQuery, String message) throws Exception {
        HttpResponse<String> r = send("POST", pathAndQuery);
        assertEquals(400, r.statusCode(), pathAndQuery);
        assertEquals(message + "\n", r.body());
    }

    @Test
    void wrongMethodsAnswer405WithAllow() throws Exception {
        start();
        HttpResponse<String> r = send("GET", "/jobs?ms=1");
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
        r = send("POST", "/metrics");
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void healthAndMetrics() throws Exception {
        start("--max-workers", "3", "--queue", "7");
        HttpResponse<String> health = send("GET", "/health");
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());

        assertEquals(202, send("POST", "/jobs?ms=0").statusCode());
        HttpResponse<String> metrics = send("GET", "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = metrics.body();
        assertEquals(3, Scrape.count(text, "adaptive_pool_workers_max{pool=\"jobs\"}"));
        assertEquals(7, Scrape.count(text, "adaptive_pool_queue_capacity{pool=\"jobs\"}"));
        assertEquals(JobServer.HTTP_MAX_WORKERS, Scrape.count(text, "adaptive_pool_workers_max{pool=\"http\"}"));
        assertEquals(1, Scrape.count(text, "adaptive_pool_jobs_submitted_total{pool=\"jobs\"}"));
        assertTrue(Scrape.count(text, "jvm_threads_current") > 0);
    }

    @Test
    void saturatedAnswers503WithRetryAfterAndShutdownReportsWhatWasDropped() throws Exception {
        start("--max-workers", "1", "--queue", "1", "--drain-seconds", "0");
        HttpResponse<String> first = send("POST", "/jobs?ms=30000");
        assertEquals(202, first.statusCode());
        assertEquals("accepted job #1 (30000 ms)\n", first.body());
        awaitBusyJobsWorkers(1); // job #1 runs, so the queue is empty again

        assertEquals(202, send("POST", "/jobs?ms=20000").statusCode()); // queued
        HttpResponse<String> refused = send("POST", "/jobs?ms=10&wait=0");
        assertEquals(503, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        assertEquals("busy: pool 'jobs' is saturated: queue full (1/1), workers at max (1)\n", refused.body());

        String report = server.stop();
        server = null;
        assertTrue(report.contains("http-server: dropped 1 job that never started: job #2 (20000 ms)"), report);
        assertTrue(report.contains("http-server: interrupted 1 job still running at the deadline"), report);
        assertTrue(report.contains("SHUTDOWN accepted=2 completed=0 interrupted=1 dropped=1 clean=false"), report);
    }

    private void awaitBusyJobsWorkers(long busy) throws Exception {
        Await.answer(Await.PATIENCE, Duration.ofMillis(20),
                () -> Scrape.count(send("GET", "/metrics").body(), "adaptive_pool_workers_busy{pool=\"jobs\"}"),
                seen -> seen == busy, seen -> "busy jobs workers: " + seen + ", expected " + busy);
    }

    @Test
    void poolsAreTunableLiveOverJmxAndLeaveWhenTheServerStops() throws Exception {
        start("--max-workers", "2");
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = AdaptivePoolJmx.objectName("jobs");
        AdaptivePoolMXBean jobs = JMX.newMXBeanProxy(platform, name, AdaptivePoolMXBean.class);
        assertEquals(2, jobs.getMaxWorkers());

        jobs.setMaxWorkers(5);
        assertEquals(5, Scrape.count(send("GET", "/metrics").body(), "adaptive_pool_workers_max{pool=\"jobs\"}"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> jobs.setMaxWorkers(0));
        assertEquals("maxWorkers (0) must be >= 1", bad.getMessage());
        assertEquals(5, jobs.getMaxWorkers(), "a rejected write changes nothing");
        assertTrue(platform.isRegistered(AdaptivePoolJmx.objectName("http")));

        server.stop();
        server = null;
        assertFalse(platform.isRegistered(name), "the bean leaves with its pool");
    }

    @Test
    void badOptionsNameTheOptionAndTheValue() {
        assertEquals("--port (65536) must be between 0 and 65535",
                assertThrows(IllegalArgumentException.class, () -> JobServer.Options.parse(new String[] {"--port", "65536"})).getMessage());
        assertEquals("--max-workers (x) is not a whole number",
                assertThrows(IllegalArgumentException.class, () -> JobServer.Options.parse(new String[] {"--max-workers", "x"})).getMessage());
        assertEquals("unknown option '--threads'",
                assertThrows(IllegalArgumentException.class, () -> JobServer.Options.parse(new String[] {"--threads"})).getMessage());
    }
}
