package io.adaptivepool.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads every sample of config-samples/agent with the real parser, so that none goes stale. */
class AgentConfigSamplesTest {
    private static final Path SAMPLES = Paths.get(System.getProperty("config.samples.dir", "../config-samples/agent"));

    private static AgentConfig sample(String name) {
        Path file = SAMPLES.resolve(name);
        assertTrue(Files.isRegularFile(file), "missing sample " + file.toAbsolutePath());
        AgentConfig config = AgentConfig.load("config=" + file, new Properties(), Map.of());
        assertEquals(List.of(), config.problems(), "problems in " + name);
        assertTrue(config.enabled());
        return config;
    }

    @Test
    void everySampleIsTestedHere() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            assertEquals(List.of("batch-job.properties", "per-pool-overrides.properties", "web-service.properties"),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    @Test
    void webService() {
        AgentConfig config = sample("web-service.properties");
        assertEquals(List.of("com.acme.", "org.apache.http.", "com.zaxxer.hikari."), config.include());
        assertEquals(List.of("com.acme.generated."), config.exclude());
        PoolSettings d = config.defaults();
        assertEquals(200, d.maxWorkers);
        assertEquals(5000, d.queueCapacity);
        assertEquals(Duration.ofSeconds(2), d.maxSubmitWait);
        assertEquals(Duration.ofSeconds(60), d.scaleDownIdle);
        assertEquals(100, d.stallWorkers);
        assertEquals(Duration.ofMillis(500), d.stallTimeout);
        assertEquals(9412, config.metricsPort());
        assertTrue(config.metricsEnabled());
        assertEquals("0.0.0.0", config.metricsHost());
        assertTrue(config.jmxEnabled());
        assertFalse(config.strict());
    }

    @Test
    void batchJob() {
        AgentConfig config = sample("batch-job.properties");
        PoolSettings d = config.defaults();
        assertEquals(32, d.maxWorkers);
        assertEquals(1000, d.queueCapacity);
        assertEquals(Duration.ofSeconds(5), d.scaleDownIdle);
        assertEquals(null, d.maxSubmitWait);
        assertEquals(PoolSettings.BUILT_IN.stallWorkers, d.stallWorkers, "the agent's stall guard, unchanged");
        assertFalse(config.metricsEnabled());
        assertTrue(config.strict());
    }

    @Test
    void perPoolOverrides() {
        AgentConfig config = sample("per-pool-overrides.properties");
        assertEquals(64, config.defaults().maxWorkers);
        PoolSettings orders = config.settingsFor("com.acme.orders.OrderService.start", "com.acme.orders.OrderService.start");
        assertEquals(128, orders.maxWorkers);
        assertEquals(10_000, orders.queueCapacity);
        PoolSettings reports = config.settingsFor("com.acme.reports.ReportRenderer.<init>#4",
                "com.acme.reports.ReportRenderer.<init>");
        assertEquals(4, reports.maxWorkers);
        assertEquals(0.5, reports.scaleUpThreshold);
        assertEquals("REJECT", reports.saturation);
        assertEquals(Duration.ofSeconds(2), reports.scaleCooldown);
        assertEquals(0, reports.stallWorkers, "the stall guard off for CPU-bound work");
        assertEquals(PoolSettings.BUILT_IN.stallTimeout, reports.stallTimeout);
        PoolSettings audit = config.settingsFor("com.acme.audit.AuditLog.<clinit>", "com.acme.audit.AuditLog.<clinit>");
        assertEquals(2, audit.minWorkers);
        assertEquals(Duration.ofMinutes(5), audit.scaleDownIdle);
        assertEquals(16, config.settingsFor("com.acme.tenants.TenantPools.create#2",
                "com.acme.tenants.TenantPools.create").maxWorkers);
        assertEquals(64, config.settingsFor("com.acme.tenants.TenantPools.create",
                "com.acme.tenants.TenantPools.create").maxWorkers);
        assertEquals(2000, config.settingsFor("com.acme.Other.run", "com.acme.Other.run").queueCapacity);
        assertEquals(PoolSettings.BUILT_IN.stallWorkers, orders.stallWorkers);
    }
}
