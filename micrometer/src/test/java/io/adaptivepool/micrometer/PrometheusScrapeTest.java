package io.adaptivepool.micrometer;

import io.adaptivepool.AdaptivePoolExecutor;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.adaptivepool.micrometer.TestSupport.METERS;
import static io.adaptivepool.micrometer.TestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a real {@link PrometheusMeterRegistry} renders: every family with its type, labels and one sample per pool. */
@Timeout(60)
class PrometheusScrapeTest {
    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() throws InterruptedException {
        release.countDown();
        pools.close();
    }

    @Test
    void everyMeterIsAFamilyOfItsTypeWithThePoolsLabels() throws InterruptedException {
        AdaptivePoolExecutor pool = AdaptivePoolMetrics.monitor(registry, pools.small("orders"), "app", "shop");
        TestSupport.activity(pool, release);

        Scrape scrape = Scrape.parse(registry.scrape());

        for (TestSupport.Expected e : METERS) {
            assertEquals(e.prometheusType(), scrape.types().get(e.prometheus()), e + " in\n" + registry.scrape());
            String sample = e.type() == io.micrometer.core.instrument.Meter.Type.TIMER ? e.prometheus() + "_count" : e.prometheus();
            Map<String, String> labels = new HashMap<>(Map.of("app", "shop", "name", "orders"));
            if (e.tagKey() != null) {
                labels.put(e.tagKey(), e.tagValue());
            }
            List<Scrape.Sample> found = scrape.find(sample, labels);
            assertEquals(1, found.size(), e.toString());
            assertEquals(labels, found.get(0).labels(), e.toString());
        }
        assertEquals(1.0, scrape.find("executor_rejected_tasks_total", Map.of("reason", "saturated")).get(0).value());
    }

    @Test
    void aTerminatedPoolLeavesTheScrape() throws InterruptedException {
        AdaptivePoolExecutor leaving = AdaptivePoolMetrics.monitor(registry, pools.small("leaving"));
        AdaptivePoolMetrics.monitor(registry, pools.small("staying"));

        leaving.shutdown();
        assertTrue(leaving.awaitTermination(20, TimeUnit.SECONDS));

        eventually("no sample of the terminated pool", () -> !registry.scrape().contains("name=\"leaving\""));
        assertEquals(1, Scrape.parse(registry.scrape()).find("executor_pool_size_threads", Map.of()).size());
    }
}
