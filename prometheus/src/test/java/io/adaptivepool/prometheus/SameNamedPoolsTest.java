package io.adaptivepool.prometheus;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two pools of one name are told apart the same way in JMX and in Prometheus (one rule: {@code PoolNames}). */
class SameNamedPoolsTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final CollectorRegistry registry = new CollectorRegistry();
    private final List<AdaptivePoolExecutor> pools = new ArrayList<>();

    @AfterEach
    void shutDown() throws InterruptedException {
        for (AdaptivePoolExecutor pool : pools) {
            pool.shutdownGracefully(Duration.ofSeconds(5));
        }
    }

    private AdaptivePoolExecutor pool(String name) {
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name(name).minWorkers(0).maxWorkers(1).build();
        pools.add(pool);
        return pool;
    }

    @Test
    void jmxAndPrometheusNameTwoPoolsOfOneNameAlike() {
        AdaptivePoolExecutor first = pool("orders");
        AdaptivePoolExecutor second = pool("orders");

        List<String> jmxNames = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (AdaptivePoolExecutor pool : List.of(first, second)) {
            ObjectName name = AdaptivePoolJmx.register(pool, server);
            jmxNames.add(name.getKeyProperty("name"));
            labels.add(AdaptivePoolCollector.register(pool, registry));
        }

        assertEquals(List.of("orders", "orders#2"), jmxNames);
        assertEquals(jmxNames, labels);
        assertEquals(jmxNames, scrapedPoolLabels(), "the scrape shows the same two names");
    }

    private List<String> scrapedPoolLabels() {
        List<String> labels = new ArrayList<>();
        for (MetricFamilySamples family : java.util.Collections.list(registry.metricFamilySamples())) {
            if (family.name.equals("adaptive_pool_workers")) {
                for (MetricFamilySamples.Sample sample : family.samples) {
                    labels.add(sample.labelValues.get(sample.labelNames.indexOf("pool")));
                }
            }
        }
        return labels;
    }
}
