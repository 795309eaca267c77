package io.adaptivepool.prometheus;

import io.adaptivepool.testing.Await;
import io.adaptivepool.testing.Promtool;
import io.adaptivepool.testing.Promtool.Result;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolSaturatedException;
import io.adaptivepool.Saturation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.adaptivepool.prometheus.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Prometheus' own tool checks what this module serves and ships: {@code promtool check metrics}
 * on a real scrape, {@code check rules} and {@code test rules} on the alert rules, {@code check
 * config} on the scrape config, and the dashboard's queries parsed as PromQL.
 *
 * <p>promtool comes with the Debian package {@code prometheus}. Without it the Maven build skips
 * these tests with a warning, unless {@code -Dtools.required=true} (as CI runs it).
 */
@Timeout(120)
class PromtoolIT {
    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final List<MetricsServer> servers = new ArrayList<>();

    @BeforeAll
    static void findPromtool() {
        Promtool.find();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (MetricsServer s : servers) {
            s.close();
        }
        pools.close();
    }

    @Test
    void checkMetricsFindsNothingToSayAboutARealScrape() throws Exception {
        AdaptivePoolExecutor busy = pools.track(AdaptivePoolExecutor.builder().name("com.acme.OrderService.start")
                .minWorkers(1).maxWorkers(2).queueCapacity(1).scaleUpThreshold(0)
                .scaleDownIdle(Duration.ofSeconds(30)).saturation(Saturation.REJECT).build());
        AdaptivePoolExecutor quiet = pools.make("quiet \"pool\"\\with odd\nname", 0, 1, 10);
        // activity on every series: successes, a failure, a saturation rejection, a scale-up
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            busy.execute(() -> {
                running.countDown();
                await(release);
            });
        }
        assertTrue(running.await(20, TimeUnit.SECONDS));
        CompletableFuture<Void> failing = new CompletableFuture<>();
        busy.submit(() -> {
            failing.complete(null);
            throw new IllegalStateException("fails on purpose");
        });
        assertThrows(PoolSaturatedException.class, () -> busy.execute(() -> { }));
        release.countDown();
        eventually("3 tasks processed", () -> busy.metrics().jobsProcessed() == 3);
        MetricsServer server = MetricsServer.builder().host("127.0.0.1").port(0).pools(busy, quiet).start();
        servers.add(server);

        String scrape = Http.get(server.port(), "/metrics").body();
        Exposition parsed = Exposition.parse004(scrape);
        assertEquals(1.0, parsed.value("adaptive_pool_jobs_processed_total", "pool", "com.acme.OrderService.start",
                "outcome", "failure"));
        assertEquals(1.0, parsed.value("adaptive_pool_workers_max", "pool", "quiet \"pool\"\\with odd\nname"));
        assertTrue(parsed.families().containsKey("jvm_threads_current"), "JVM metrics are checked too");
        for (String stallSignal : List.of("adaptive_pool_queue_oldest_age_seconds",
                "adaptive_pool_task_longest_running_seconds", "adaptive_pool_submitters_blocked",
                "adaptive_pool_workers_over_max", "adaptive_pool_stalls_total", "adaptive_pool_stalled")) {
            assertEquals(TestSupport.CONTRACT_FAMILIES.get(stallSignal), parsed.family(stallSignal).type, stallSignal);
            assertTrue(parsed.family(stallSignal).help.length() > 20, stallSignal + " has its HELP");
            for (String pool : List.of("com.acme.OrderService.start", "quiet \"pool\"\\with odd\nname")) {
                assertTrue(parsed.value(stallSignal, "pool", pool) != null, stallSignal + " of " + pool);
            }
        }
        assertEquals((double) busy.metrics().stalls(), parsed.value("adaptive_pool_stalls_total", "pool",
                "com.acme.OrderService.start"));

        Result result = promtool(scrape, "check", "metrics");

        assertEquals(0, result.exitCode(), "promtool check metrics failed:\n" + result.output());
        assertEquals("", result.output().trim(), "promtool check metrics has complaints");
    }

    @Test
    void checkRulesAcceptsTheAlertRules() throws Exception {
        Result result = promtool(null, "check", "rules", ConfigSamples.file(ConfigSamples.RULES).toString());

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS: 7 rules found"), result.output());
    }

    @Test
    void everyAlertFiresOnItsUnitTestAndNoOther() throws Exception {
        Result result = promtool(null, "test", "rules", ConfigSamples.file(ConfigSamples.RULES_TEST).toString());

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
    }

    @Test
    void checkConfigAcceptsTheScrapeConfig() throws Exception {
        Result result = promtool(null, "check", "config", ConfigSamples.file(ConfigSamples.SCRAPE_CONFIG).toString());

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS: 1 rule files found"), result.output());
    }

    @Test
    void checkConfigAcceptsTheTlsAndBasicAuthScrapeConfig() throws Exception {
        Path config = ConfigSamples.file(ConfigSamples.TLS_SCRAPE_CONFIG);

        Result result = promtool(null, "check", "config", config.toString());

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS: 1 rule files found"), result.output());
        String text = ConfigSamples.read(ConfigSamples.TLS_SCRAPE_CONFIG);
        for (String stanza : new String[] {"scheme: https", "ca_file:", "min_version: TLS12", "basic_auth:",
                "password_file:", "metrics_path: /metrics"}) {
            assertTrue(text.contains(stanza), "the sample has " + stanza);
        }
    }

    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
        List<ConfigSamples.Query> queries = ConfigSamples.dashboardQueries(ConfigSamples.dashboard());
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            String expr = ConfigSamples.plainPromQl(queries.get(i).expr());
            rules.append("      - record: dashboard:query_").append(i).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path file = dir.resolve("dashboard-queries.yml");
        Files.writeString(file, rules);

        Result result = promtool(null, "check", "rules", file.toString());

        assertEquals(0, result.exitCode(), "a dashboard query is not valid PromQL:\n" + result.output() + "\n" + rules);
        assertTrue(result.output().contains("SUCCESS: " + queries.size() + " rules found"), result.output());
    }

    // ---- helpers ----

    private static Result promtool(String stdin, String... args) throws IOException, InterruptedException {
        return Promtool.run(stdin, args);
    }

    private static void await(CountDownLatch latch) {
        Await.quietly(latch);
    }
}
