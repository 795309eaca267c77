package io.adaptivepool.prometheus;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.testing.LogCapture;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The module's warnings reach java.util.logging under the loggers the docs name
 * ({@code io.adaptivepool.prometheus.PoolCollector}, {@code io.adaptivepool.prometheus.MetricsServer}).
 */
@Timeout(60)
class LogLinesTest {
    private final TestSupport.Pools pools = new TestSupport.Pools();
    private MetricsServer server;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        pools.close();
    }

    @Test
    void aPoolExportedUnderARepeatNameIsLoggedByTheCollectorsLogger() {
        CollectorRegistry registry = new CollectorRegistry();
        AdaptivePoolExecutor first = pools.make("log-dup", 0, 1, 1);
        AdaptivePoolExecutor second = pools.make("log-dup", 0, 1, 1);
        try (LogCapture log = LogCapture.of("io.adaptivepool.prometheus.PoolCollector")) {
            AdaptivePoolCollector.register(first, registry);
            assertEquals(List.of(), log.containing("'log-dup'"), "the first of the name is not logged");

            AdaptivePoolCollector.register(second, registry);

            List<LogRecord> lines = log.containing("'log-dup'");
            assertEquals(1, lines.size(), lines::toString);
            assertEquals(Level.WARNING, lines.get(0).getLevel());
            assertEquals("another pool named 'log-dup' is already exported; this one is exported as pool=\"log-dup#2\"",
                    lines.get(0).getMessage());
        }
    }

    @Test
    void aCollectorThatFailsAScrapeIsLoggedByTheServersLogger() throws Exception {
        server = MetricsServer.builder().host("127.0.0.1").port(0).jvmMetrics(false).start();
        IllegalStateException failure = new IllegalStateException("collector broke");
        new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                throw failure;
            }
        }.register(server.registry());
        try (LogCapture log = LogCapture.of("io.adaptivepool.prometheus.MetricsServer")) {
            assertEquals(500, Http.get(server.port(), "/metrics").status());

            List<LogRecord> lines = log.containing("a collector failed");
            assertEquals(1, lines.size(), lines::toString);
            assertEquals(Level.WARNING, lines.get(0).getLevel());
            assertEquals("metrics server: a collector failed; answering 500", lines.get(0).getMessage());
            assertSame(failure, lines.get(0).getThrown());
        }
    }
}
