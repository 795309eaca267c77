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
        assertEquals(200, d.get(Setting.MAX_WORKERS));
        assertEquals(5000, d.get(Setting.QUEUE_CAPACITY));
        assertEquals(Duration.ofSeconds(2), d.get(Setting.MAX_SUBMIT_WAIT));
        assertEquals(Duration.ofSeconds(60), d.get(Setting.SCALE_DOWN_IDLE));
        assertEquals(100, d.get(Setting.STALL_WORKERS));
        assertEquals(Duration.ofMillis(500), d.get(Setting.STALL_TIMEOUT));
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
        assertEquals(32, d.get(Setting.MAX_WORKERS));
        assertEquals(1000, d.get(Setting.QUEUE_CAPACITY));
        assertEquals(Duration.ofSeconds(5), d.get(Setting.SCALE_DOWN_IDLE));
        assertEquals(null, d.get(Setting.MAX_SUBMIT_WAIT));
        assertEquals(PoolSettings.BUILT_IN.get(Setting.STALL_WORKERS), d.get(Setting.STALL_WORKERS), "the agent's stall guard, unchanged");
        assertFalse(config.metricsEnabled());
        assertTrue(config.strict());
    }

    @Test
    void perPoolOverrides() {
        AgentConfig config = sample("per-pool-overrides.properties");
        assertEquals(64, config.defaults().get(Setting.MAX_WORKERS));
        PoolSettings orders = config.settingsFor("com.acme.orders.OrderService.start", "com.acme.orders.OrderService.start");
        assertEquals(128, orders.get(Setting.MAX_WORKERS));
        assertEquals(10_000, orders.get(Setting.QUEUE_CAPACITY));
        PoolSettings reports = config.settingsFor("com.acme.reports.ReportRenderer.<init>#4",
                "com.acme.reports.ReportRenderer.<init>");
        assertEquals(4, reports.get(Setting.MAX_WORKERS));
        assertEquals(0.5, reports.get(Setting.SCALE_UP_THRESHOLD));
        assertEquals("REJECT", reports.get(Setting.SATURATION).name());
        assertEquals(Duration.ofSeconds(2), reports.get(Setting.SCALE_COOLDOWN));
        assertEquals(0, reports.get(Setting.STALL_WORKERS), "the stall guard off for CPU-bound work");
        assertEquals(PoolSettings.BUILT_IN.get(Setting.STALL_TIMEOUT), reports.get(Setting.STALL_TIMEOUT));
        PoolSettings audit = config.settingsFor("com.acme.audit.AuditLog.<clinit>", "com.acme.audit.AuditLog.<clinit>");
        assertEquals(2, audit.get(Setting.MIN_WORKERS));
        assertEquals(Duration.ofMinutes(5), audit.get(Setting.SCALE_DOWN_IDLE));
        assertEquals(16, config.settingsFor("com.acme.tenants.TenantPools.create#2",
                "com.acme.tenants.TenantPools.create").get(Setting.MAX_WORKERS));
        assertEquals(64, config.settingsFor("com.acme.tenants.TenantPools.create",
                "com.acme.tenants.TenantPools.create").get(Setting.MAX_WORKERS));
        assertEquals(2000, config.settingsFor("com.acme.Other.run", "com.acme.Other.run").get(Setting.QUEUE_CAPACITY));
        assertEquals(PoolSettings.BUILT_IN.get(Setting.STALL_WORKERS), orders.get(Setting.STALL_WORKERS));
    }
}
