package io.adaptivepool.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged jar in a child JVM: flooded from many client threads, then stopped with SIGTERM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JobServerIT {
    private static final int MAX_WORKERS = 4;
    private static final int CLIENTS = 32;
    private static final int REQUESTS = 1200;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final StringBuffer output = new StringBuffer();
    private final CountDownLatch listening = new CountDownLatch(1);
    private Process process;
    private Thread reader;
    private int port;

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void floodGets503sEveryAcceptedJobCompletesThreadsStayBoundedAndSigtermDrains() throws Exception {
        start("--max-workers", String.valueOf(MAX_WORKERS), "--queue", "20");
        String before = get("/metrics");
        long peakBefore = Scrape.count(before, "jvm_threads_peak");

        // Flood: 32 threads, 1200 requests of 20 ms jobs; half fail fast (wait=0), half wait up to 100 ms.
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger refusedWithoutRetryAfter = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < REQUESTS; i = next.getAndIncrement()) {
                        HttpResponse<String> r = post(i % 2 == 0 ? "/jobs?ms=20&wait=0" : "/jobs?ms=20");
                        if (r.statusCode() == 202) {
                            accepted.incrementAndGet();
                        } else if (r.statusCode() == 503) {
                            refused.incrementAndGet();
                            if (!"1".equals(r.headers().firstValue("Retry-After").orElse(null))) {
                                refusedWithoutRetryAfter.incrementAndGet();
                            }
                        } else {
                            other.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(90, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(REQUESTS, accepted.get() + refused.get(), "other answers: " + other.get());
        assertTrue(refused.get() > 0, "a flood of a 4-worker pool with a queue of 20 must be refused sometimes");
        assertTrue(accepted.get() > 0);
        assertEquals(0, refusedWithoutRetryAfter.get(), "every 503 carries Retry-After");

        // Every accepted job completes: the pool's own counters, read over /metrics.
        String metrics = awaitMetrics(m -> Scrape.count(m, "adaptive_pool_jobs_processed_total{pool=\"jobs\",outcome=\"success\"}")
                == accepted.get());
        assertEquals(accepted.get(), Scrape.count(metrics, "adaptive_pool_jobs_submitted_total{pool=\"jobs\"}"));
        assertEquals(0, Scrape.count(metrics, "adaptive_pool_jobs_processed_total{pool=\"jobs\",outcome=\"failure\"}"));
        assertEquals(refused.get(), Scrape.count(metrics, "adaptive_pool_jobs_rejected_total{pool=\"jobs\",reason=\"saturated\"}"));

        // Threads stayed bounded: at most the pools' extra workers (and a little JVM noise) above the start.
        long peakAfter = Scrape.count(metrics, "jvm_threads_peak");
        long bound = peakBefore + (MAX_WORKERS - 1) + (JobServer.HTTP_MAX_WORKERS - 1) + 10;
        System.out.printf("flood: %d requests from %d clients: %d accepted, %d refused; peak threads %d before, %d after%n",
                REQUESTS, CLIENTS, accepted.get(), refused.get(), peakBefore, peakAfter);
        assertTrue(peakAfter <= bound, "peak threads " + peakAfter + " > " + bound + " after " + REQUESTS + " requests");
        assertTrue(Scrape.count(metrics, "adaptive_pool_workers{pool=\"jobs\"}") <= MAX_WORKERS);

        // SIGTERM with jobs still running: they finish, nothing is dropped, the report is printed.
        for (int i = 0; i < 3; i++) {
            assertEquals(202, post("/jobs?ms=400&wait=5000").statusCode());
        }
        sigterm();
        int total = accepted.get() + 3;
        String out = output.toString();
        assertTrue(out.contains("http-server: stopping; draining jobs for up to 10 s"), out);
        assertTrue(out.contains("SHUTDOWN accepted=" + total + " completed=" + total + " interrupted=0 dropped=0 clean=true"), out);
        assertEquals(143, process.exitValue(), "128 + SIGTERM");
    }

    @Test
    void sigtermWithAShortDrainListsTheDroppedJobs() throws Exception {
        start("--max-workers", "1", "--queue", "5", "--drain-seconds", "0");
        assertEquals(202, post("/jobs?ms=30000").statusCode());
        awaitMetrics(m -> Scrape.count(m, "adaptive_pool_workers_busy{pool=\"jobs\"}") == 1);
        for (int i = 0; i < 2; i++) {
            assertEquals(202, post("/jobs?ms=30000").statusCode());
        }
        sigterm();
        String out = output.toString();
        assertTrue(out.contains("http-server: dropped 2 jobs that never started: job #2 (30000 ms), job #3 (30000 ms)"), out);
        assertTrue(out.contains("SHUTDOWN accepted=3 completed=0 interrupted=1 dropped=2 clean=false"), out);
    }

    private void start(String... args) throws Exception {
        String jar = System.getProperty("example.jar", "target/http-server.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar, "--port", "0"));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            Pattern url = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                    Matcher m = url.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                        listening.countDown();
                    }
                }
            } catch (java.io.IOException ended) {
                // the child is gone
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        assertTrue(listening.await(30, TimeUnit.SECONDS), "server did not start: " + output);
    }

    /**
     * Sends SIGTERM and waits for the child to exit and its last output to be read. Through the
     * ProcessHandle: {@code Process.destroy()} sends the same signal but also closes our end of the
     * child's output, and the report would be lost.
     */
    private void sigterm() throws InterruptedException {
        assertTrue(process.toHandle().destroy(), "SIGTERM sent");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server exits after SIGTERM: " + output);
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    private HttpResponse<String> post(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    private String awaitMetrics(java.util.function.Predicate<String> condition) throws Exception {
        return Await.answer(Duration.ofSeconds(30), Duration.ofMillis(50), () -> get("/metrics"), condition,
                metrics -> "condition not met within 30 s:\n" + metrics);
    }
}
