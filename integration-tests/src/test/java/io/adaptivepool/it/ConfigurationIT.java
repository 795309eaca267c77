package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static io.adaptivepool.it.AgentFacts.assertUntouched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.HelloPoolApp;
import io.adaptivepool.it.fixtures.JdkCallerApp;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Where configuration comes from and what it selects, seen from a real app. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigurationIT {
    static final String POOL = "io.adaptivepool.it.fixtures.HelloPoolApp.main";

    private static ChildJvm.Builder hello(String name) {
        return ChildJvm.fixture(HelloPoolApp.class).name(name);
    }

    @Test
    void perPoolSettingsOverrideTheDefaults() throws Exception {
        try (ChildJvm child = hello("per-pool")
                .agent(METRICS_ON_LOOPBACK + ",pool.defaults.maxWorkers=4,pool." + POOL + ".maxWorkers=7").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "pool");
            assertEquals("7", child.value("pool.max"));
        }
    }

    @Test
    void agentArgumentsWinOverSystemPropertiesOverEnvironmentOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, "pool.defaults.maxWorkers=11\npool.defaults.queueCapacity=11\n");
        try (ChildJvm child = hello("precedence-args")
                .jvmArgs("-Dadaptivepool.pool.defaults.maxWorkers=5")
                .env("ADAPTIVEPOOL_POOL_DEFAULTS_MAXWORKERS", "6")
                .agent(METRICS_ON_LOOPBACK + ",config=" + file + ",pool.defaults.maxWorkers=3").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertEquals("3", child.value("pool.max"));
        }
        try (ChildJvm child = hello("precedence-sysprop")
                .jvmArgs("-Dadaptivepool.pool.defaults.maxWorkers=5")
                .env("ADAPTIVEPOOL_POOL_DEFAULTS_MAXWORKERS", "6")
                .agent(METRICS_ON_LOOPBACK + ",config=" + file).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertEquals("5", child.value("pool.max"));
        }
        try (ChildJvm child = hello("precedence-env")
                .env("ADAPTIVEPOOL_POOL_DEFAULTS_MAXWORKERS", "6")
                .agent(METRICS_ON_LOOPBACK + ",config=" + file).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertEquals("6", child.value("pool.max"));
        }
        try (ChildJvm child = hello("precedence-file").agent(METRICS_ON_LOOPBACK + ",config=" + file).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertEquals("11", child.value("pool.max"));
        }
    }

    @Test
    void excludedCallersAndADisabledAgentLeaveThePoolAlone() throws Exception {
        try (ChildJvm child = hello("exclude")
                .agent(METRICS_ON_LOOPBACK + ",exclude=io.adaptivepool.it.fixtures.").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertUntouched(child, "pool");
            assertEquals("true", child.value("ran"));
        }
        try (ChildJvm child = hello("include-other").agent(METRICS_ON_LOOPBACK + ",include=com.acme.").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertUntouched(child, "pool");
        }
        try (ChildJvm child = hello("include-fixtures")
                .agent(METRICS_ON_LOOPBACK + ",include=io.adaptivepool.it.").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "pool");
        }
        try (ChildJvm child = hello("disabled").agent("enabled=false").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertUntouched(child, "pool");
            assertEquals("true", child.value("ran"));
        }
    }

    @Test
    void theBuiltInDefaultsReplaceThePoolWithTheDocumentedBound() throws Exception {
        try (ChildJvm child = hello("defaults").agent(METRICS_ON_LOOPBACK).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "pool");
            assertEquals(POOL, child.value("pool.name"));
            int defaultMax = Math.max(64, 16 * Runtime.getRuntime().availableProcessors());
            assertEquals(defaultMax, child.intValue("pool.max"), "maxWorkers defaults to max(64, 16 x cores)");
            assertEquals("true", child.value("terminated"));
            assertTrue(child.agentLines().stream().noneMatch(l -> l.contains("unknown") || l.contains("invalid")),
                    child::describe);
        }
    }

    @Test
    void aHealthyRunWritesNothingToStderrButTheAgentsOwnLines() throws Exception {
        try (ChildJvm child = hello("clean-stderr").agent(METRICS_ON_LOOPBACK).args("serve").start()) {
            assertEquals("true", child.value("ran"));
            AgentFacts.metricsPort(child);
            assertEquals("bye", child.ask("exit"));
            assertEquals(0, child.awaitExit(), child::describe);
            List<String> foreign =
                    child.stderrLines().stream().filter(l -> !l.startsWith(ChildJvm.AGENT_PREFIX)).toList();
            assertEquals(List.of(), foreign, "the app's stderr gained lines that are not the agent's");
        }
    }

    @Test
    void jdkInternalCallersAreLeftAloneUnlessIncluded() throws Exception {
        String site = "jdk.internal.net.http.HttpClientImpl.<init>";
        try (ChildJvm child = ChildJvm.fixture(JdkCallerApp.class).name("jdk-caller-default")
                .agent(METRICS_ON_LOOPBACK).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertEquals("true", child.value("ran"));
            assertTrue(child.agentLines().stream().noneMatch(l -> l.contains("jdk.internal")), child::describe);
        }
        try (ChildJvm child = ChildJvm.fixture(JdkCallerApp.class).name("jdk-caller-included")
                .agent(METRICS_ON_LOOPBACK + ",include=jdk.internal.net.http.").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertEquals("true", child.value("ran"));
            String replaced = "pool " + site + ": Executors.newCachedThreadPool(factory) is an adaptive pool";
            child.awaitAgentLine(l -> l.contains(replaced), "replacing the HttpClient's default executor");
        }
    }

    /**
     * Every agent sample in config-samples/agent loads in strict mode (so none goes stale: an
     * unknown key or a bad value would stop the start), and does what it says to the fixture's
     * pool: replaced with the sample's {@code pool.defaults.maxWorkers} when its {@code include} and
     * {@code exclude} cover the fixture, left alone when they do not. The side port is moved to
     * loopback by the agent arguments, which win over the file.
     */
    @TestFactory
    Stream<DynamicTest> everyConfigSampleLoadsStrictly() throws Exception {
        List<Path> samples;
        assertTrue(Files.isDirectory(Env.configSamples()), "no config-samples folder at " + Env.configSamples());
        try (Stream<Path> files = Files.list(Env.configSamples())) {
            samples = files.filter(p -> p.getFileName().toString().endsWith(".properties")).sorted().toList();
        }
        assertFalse(samples.isEmpty(), "no agent .properties samples in " + Env.configSamples());
        return samples.stream().map(sample -> DynamicTest.dynamicTest(sample.getFileName().toString(), () -> {
            Properties settings = new Properties();
            try (Reader in = Files.newBufferedReader(sample, StandardCharsets.UTF_8)) {
                settings.load(in);
            }
            try (ChildJvm child = hello("sample-" + sample.getFileName())
                    .agent("strict=true,config=" + sample + "," + METRICS_ON_LOOPBACK).start()) {
                assertEquals(0, child.awaitExit(), child::describe);
                assertEquals("true", child.value("ran"));
                if (covers(settings, POOL)) {
                    assertAdaptive(child, "pool");
                    String max = settings.getProperty("pool.defaults.maxWorkers");
                    if (max != null) {
                        assertEquals(max.trim(), child.value("pool.max"));
                    }
                } else {
                    assertUntouched(child, "pool");
                }
            }
        }));
    }

    /** Whether the sample's include/exclude prefixes select the caller of {@code site}. */
    private static boolean covers(Properties settings, String site) {
        List<String> include = prefixes(settings.getProperty("include", ""));
        List<String> exclude = prefixes(settings.getProperty("exclude", ""));
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> p.equals("*") || site.startsWith(p));
        return included && exclude.stream().noneMatch(site::startsWith);
    }

    private static List<String> prefixes(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }
}
