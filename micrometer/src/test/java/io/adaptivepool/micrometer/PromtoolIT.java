package io.adaptivepool.micrometer;

import io.adaptivepool.testing.Promtool;

import io.adaptivepool.AdaptivePoolExecutor;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code promtool check metrics} finds nothing to say about what a real PrometheusMeterRegistry renders. */
@Timeout(120)
class PromtoolIT {
    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws InterruptedException {
        release.countDown();
        pools.close();
    }

    @Test
    void checkMetricsAcceptsTheScrape(@TempDir Path dir) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AdaptivePoolExecutor busy = AdaptivePoolMetrics.monitor(registry, pools.small("com.acme.OrderService.start"));
        AdaptivePoolMetrics.monitor(registry, pools.small("quiet \"pool\"\\with odd\nname"));
        TestSupport.activity(busy, release);
        String scrape = registry.scrape();

        Promtool.Result result = Promtool.checkMetrics(scrape, dir);

        assertEquals(0, result.exitCode(), "promtool check metrics failed:\n" + result.output() + "\n" + scrape);
        assertEquals("", result.output().trim(), "promtool check metrics has complaints:\n" + scrape);
    }
}
