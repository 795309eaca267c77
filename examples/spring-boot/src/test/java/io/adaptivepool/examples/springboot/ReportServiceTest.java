package io.adaptivepool.examples.springboot;

import io.adaptivepool.testing.Promtool;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import io.adaptivepool.jmx.AdaptivePoolMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import javax.management.JMX;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Boots the service on a random port and talks to it over real HTTP (and to its MXBeans over JMX). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "adaptive-pool.pools.jobs.max-workers=2", "adaptive-pool.pools.jobs.queue-capacity=2",
        "adaptive-pool.pools.reports.max-workers=2", "adaptive-pool.pools.reports.queue-capacity=2",
        "spring.jmx.enabled=true"}) // @SpringBootTest turns JMX off, whatever application.yml says
@AutoConfigureObservability // @SpringBootTest turns metrics export (and so the Prometheus endpoint) off otherwise
@Timeout(60)
class ReportServiceTest {
    private static final List<String> POOLS = List.of("jobs", "reports");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final CountDownLatch release = new CountDownLatch(1);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("jobs")
    AdaptivePoolExecutor jobs;

    @Autowired
    @Qualifier("reports")
    AdaptivePoolExecutor reports;

    /** The context, and so the pools, serve every test: each leaves them idle for the next. */
    @AfterEach
    void releaseBlockedTasks() {
        release.countDown();
        for (AdaptivePoolExecutor pool : List.of(jobs, reports)) {
            within20s("pool " + pool.getName() + " idle", () -> pool.metrics().busyWorkers() == 0 && pool.metrics().queueDepth() == 0);
        }
    }

    @Test
    void aReportIsRenderedOnTheReportsPoolWithTheRequestsMdc() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/reports/42")).header("X-Request-Id", "req-7"));

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("report 42 by reports-worker-"), response.body());
        assertTrue(response.body().endsWith(" for request req-7\n"), response.body());
    }

    @Test
    void theAsyncJobsRunOnTheJobsPool() {
        assertSame(jobs, context.getBean("applicationTaskExecutor"));
    }

    @Test
    void theEndpointShowsAndTunesThePools() throws Exception {
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/actuator/adaptivepools")));
        int before = reports.getQueueCapacity();
        HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/actuator/adaptivepools/reports"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"queueCapacity\": 3}")));
        reports.setQueueCapacity(before);

        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"jobs\":{") && read.body().contains("\"reports\":{"), read.body());
        assertEquals(200, write.statusCode(), write.body());
        assertTrue(write.body().contains("\"queueCapacity\":3"), write.body());
    }

    @Test
    void aJobIsAcceptedAndRunsOnTheJobsPool() throws Exception {
        PoolMetrics before = jobs.metrics();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/jobs?n=10")).POST(HttpRequest.BodyPublishers.noBody()));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(before.jobsSubmitted() + 1, jobs.metrics().jobsSubmitted());
        within20s("the job processed", () -> jobs.metrics().jobsProcessed() == before.jobsProcessed() + 1);
    }

    @Test
    void theScrapeShowsBothPools() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/prometheus")));

        assertEquals(200, response.statusCode());
        for (String pool : POOLS) {
            for (String family : List.of("executor_pool_size_threads", "executor_completed_tasks_total",
                    "executor_queue_capacity_tasks", "executor_rejected_tasks_total", "executor_seconds_count")) {
                assertTrue(response.body().lines().anyMatch(l -> l.startsWith(family + "{") && l.contains("name=\"" + pool + "\"")),
                        family + " of " + pool + " in\n" + response.body());
            }
        }
    }

    /** The micrometer module checks the scrape of its oldest Micrometer; this is the scrape of Spring Boot's. */
    @Test
    void promtoolAcceptsThePoolFamiliesOfTheScrape(@TempDir Path dir) throws Exception {
        String scrape = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))).body();
        String pools = scrape.lines() // Spring's and the JVM's own families draw lint complaints of their own
                .filter(l -> l.startsWith("executor") || l.startsWith("# HELP executor") || l.startsWith("# TYPE executor"))
                .collect(Collectors.joining("\n", "", "\n"));

        Promtool.Result result = Promtool.checkMetrics(pools, dir);

        assertEquals(0, result.exitCode(), "promtool check metrics failed:\n" + result.output() + "\n" + pools);
        assertEquals("", result.output().trim(), "promtool check metrics has complaints:\n" + pools);
    }

    @Test
    void bothPoolsAreMXBeansOnThePlatformServer() {
        for (AdaptivePoolExecutor pool : List.of(jobs, reports)) {
            AdaptivePoolMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    AdaptivePoolJmx.objectName(pool.getName()), AdaptivePoolMXBean.class);

            assertEquals(pool.getName(), bean.getName());
            assertEquals(pool.getMaxWorkers(), bean.getMaxWorkers());
        }
    }

    @Test
    void aSaturatedReportsPoolAnswers503() throws Exception {
        saturate(reports);

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/reports/1")));

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void aSaturatedJobsPoolAnswers503AfterItsBoundedWait() throws Exception {
        saturate(jobs);

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/jobs")).POST(HttpRequest.BodyPublishers.noBody()));

        assertEquals(503, response.statusCode(), response.body());
    }

    /** Fills every worker and the queue with tasks that wait for {@link #release}. */
    private void saturate(AdaptivePoolExecutor pool) {
        within20s("pool " + pool.getName() + " saturated", () -> {
            PoolMetrics m = pool.metrics();
            if (m.busyWorkers() == pool.getMaxWorkers() && m.queueDepth() == pool.getQueueCapacity()) {
                return true;
            }
            pool.tryExecute(this::awaitRelease); // may be refused while a new worker is still taking its task
            return false;
        });
    }

    /** Polls {@code condition} every 10 ms for up to 20 s, then fails with {@code what}. */
    private static void within20s(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within 20 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
