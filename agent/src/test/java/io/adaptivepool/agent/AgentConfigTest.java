package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentConfigTest {
    @TempDir
    Path dir;

    private static AgentConfig load(String args) {
        return load(args, Collections.emptyMap(), Collections.emptyMap());
    }

    private static AgentConfig load(String args, Map<String, String> systemProperties, Map<String, String> env) {
        Properties properties = new Properties();
        properties.putAll(systemProperties);
        return AgentConfig.load(args, properties, env);
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    // ---- defaults -----------------------------------------------------------------------------

    @Test
    void defaultsWhenNothingIsSet() {
        AgentConfig config = load(null);
        assertEquals(List.of(), config.problems());
        assertTrue(config.enabled());
        assertFalse(config.strict());
        assertTrue(config.metricsEnabled());
        assertEquals("127.0.0.1", config.metricsHost(), "loopback unless metrics.host says otherwise");
        assertEquals(9412, config.metricsPort());
        assertTrue(config.metricsJvm());
        assertTrue(config.jmxEnabled());
        assertEquals(List.of(), config.include());
        assertEquals(List.of(), config.exclude());
        assertNull(config.configFile());
        PoolSettings d = config.defaults();
        assertEquals(0, d.get(Setting.MIN_WORKERS));
        assertEquals(Math.max(64, 16 * Runtime.getRuntime().availableProcessors()), d.get(Setting.MAX_WORKERS));
        assertEquals(10_000, d.get(Setting.QUEUE_CAPACITY));
        assertEquals(0.0, d.get(Setting.SCALE_UP_THRESHOLD));
        assertEquals(Duration.ofSeconds(60), d.get(Setting.SCALE_DOWN_IDLE));
        assertEquals(Duration.ZERO, d.get(Setting.SCALE_COOLDOWN));
        assertEquals("BLOCK", d.get(Setting.SATURATION).name());
        assertNull(d.get(Setting.MAX_SUBMIT_WAIT));
        assertEquals(2048, d.get(Setting.STALL_WORKERS), "the stall guard keeps a cached pool's promise, up to 2048 extra workers");
        assertEquals(Duration.ofSeconds(1), d.get(Setting.STALL_TIMEOUT));
    }

    @Test
    void replaceIsCachedByDefaultAndAListOfKindsIsTheWholeSet() {
        assertEquals(EnumSet.of(PoolKind.CACHED), load(null).replace());
        assertEquals(EnumSet.of(PoolKind.FIXED), load("replace=fixed").replace(), "fixed alone: cached pools stay");
        assertEquals(EnumSet.of(PoolKind.CACHED, PoolKind.FIXED), load("replace=cached,fixed").replace());
        assertEquals(EnumSet.allOf(PoolKind.class), load("replace=all").replace());
        assertEquals(EnumSet.allOf(PoolKind.class), load("replace=single,all").replace());
        AgentConfig fromEnv = load(null, Map.of(), Map.of("ADAPTIVEPOOL_REPLACE", "Single, Virtual"));
        assertEquals(EnumSet.of(PoolKind.SINGLE, PoolKind.VIRTUAL), fromEnv.replace());
    }

    @Test
    void anUnknownKindOrNoKindIsRefusedNamingTheKinds() {
        AgentConfig config = load("replace=cached,forked");
        assertEquals(List.of("invalid value replace=cached,forked in agent arguments: 'forked' is not a kind (cached,"
                + " fixed, single, virtual or all); ignored"), config.problems());
        assertEquals(EnumSet.of(PoolKind.CACHED), config.replace(), "the default applies");
        assertEquals(List.of("invalid value replace= in agent arguments: must name at least one kind (cached, fixed,"
                + " single, virtual or all); enabled=false turns the agent off; ignored"), load("replace=").problems());
    }

    @Test
    void aKindsBuiltInValuesGiveWayToPoolDefaultsThenTheCallThenThePoolsOwnKeys() {
        AgentConfig config = load("pool.defaults.queueCapacity=500,pool.defaults.maxWorkers=9,pool.a.b.minWorkers=2");
        SettingValues call = new SettingValues();
        call.put(Setting.MIN_WORKERS, 4);
        call.put(Setting.MAX_WORKERS, 4);
        PoolSettings fixed = config.settingsFor(PoolKind.FIXED, "x.y", "x.y", call);
        assertEquals(4, fixed.get(Setting.MAX_WORKERS), "the call's n beats pool.defaults");
        assertEquals(500, fixed.get(Setting.QUEUE_CAPACITY), "pool.defaults beats the kind's 1000");
        assertEquals(0, fixed.get(Setting.STALL_WORKERS), "the kind's own");
        assertEquals(2, config.settingsFor(PoolKind.FIXED, "a.b", "a.b", call).get(Setting.MIN_WORKERS),
                "pool.<name> beats the call");
        PoolSettings virtual = config.settingsFor(PoolKind.VIRTUAL, "v", "v", new SettingValues());
        assertEquals(9, virtual.get(Setting.MAX_WORKERS));
        assertEquals(KindDefaults.VIRTUAL_LIMIT, PoolSettings.builtIn(PoolKind.VIRTUAL).get(Setting.MAX_WORKERS));
    }

    @Test
    void emptyArgumentsAreNoArguments() {
        assertEquals(List.of(), load("").problems());
        assertEquals(List.of(), load("  ").problems());
    }

    // ---- sources and precedence -----------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "true, true, true, 1004",
            "false, true, true, 1003",
            "false, false, true, 1002",
            "false, false, false, 1001"})
    void argumentsBeatSystemPropertiesBeatEnvironmentBeatFile(boolean args, boolean sys, boolean env) throws IOException {
        Path file = file("agent.properties", "metrics.port=1001\n");
        Map<String, String> sysProps = new HashMap<>();
        Map<String, String> envVars = new HashMap<>();
        sysProps.put("adaptivepool.config", file.toString());
        if (sys) {
            sysProps.put("adaptivepool.metrics.port", "1003");
        }
        if (env) {
            envVars.put("ADAPTIVEPOOL_METRICS_PORT", "1002");
        }
        AgentConfig config = load(args ? "metrics.port=1004" : null, sysProps, envVars);
        assertEquals(List.of(), config.problems());
        int expected = args ? 1004 : sys ? 1003 : env ? 1002 : 1001;
        assertEquals(expected, config.metricsPort());
    }

    @Test
    void configFileCanBeNamedByTheEnvironment() throws IOException {
        Path file = file("agent.properties", "jmx.enabled=false\n");
        AgentConfig config = load(null, Map.of(), Map.of("ADAPTIVEPOOL_CONFIG", file.toString()));
        assertEquals(List.of(), config.problems());
        assertFalse(config.jmxEnabled());
        assertEquals(file.toString(), config.configFile());
    }

    @Test
    void everySimpleKeyWorksFromEachSource() {
        String args = "enabled=false,include=com.acme.,exclude=com.acme.gen.,metrics.enabled=false,metrics.host=127.0.0.1,"
                + "metrics.port=0,metrics.jvm=false,jmx.enabled=false,strict=true";
        AgentConfig fromArgs = load(args);
        Map<String, String> sys = new HashMap<>();
        Map<String, String> env = new HashMap<>();
        for (String pair : args.split(",")) {
            String[] kv = pair.split("=");
            sys.put("adaptivepool." + kv[0], kv[1]);
            env.put(AgentConfig.envName(kv[0]), kv[1]);
        }
        for (AgentConfig config : new AgentConfig[] {fromArgs, load(null, sys, Map.of()), load(null, Map.of(), env)}) {
            assertEquals(List.of(), config.problems());
            assertFalse(config.enabled());
            assertEquals(List.of("com.acme."), config.include());
            assertEquals(List.of("com.acme.gen."), config.exclude());
            assertFalse(config.metricsEnabled());
            assertEquals("127.0.0.1", config.metricsHost());
            assertEquals(0, config.metricsPort());
            assertFalse(config.metricsJvm());
            assertFalse(config.jmxEnabled());
            assertTrue(config.strict());
        }
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("ADAPTIVEPOOL_METRICS_PORT", AgentConfig.envName("metrics.port"));
        assertEquals("ADAPTIVEPOOL_POOL_DEFAULTS_MAXWORKERS", AgentConfig.envName("pool.defaults.maxWorkers"));
        assertEquals("COM_ACME_ORDERSERVICE_START_2", AgentConfig.envPoolName("com.acme.OrderService.start#2"));
    }

    @Test
    void agentArgumentListsContinueAfterCommas() {
        AgentConfig config = load("include=com.acme.,org.legacy.,metrics.port=0,exclude=com.acme.gen.");
        assertEquals(List.of(), config.problems());
        assertEquals(List.of("com.acme.", "org.legacy."), config.include());
        assertEquals(List.of("com.acme.gen."), config.exclude());
        assertEquals(0, config.metricsPort());
    }

    @Test
    void listsAreTrimmedAndEmptyItemsDropped() {
        AgentConfig config = load(null, Map.of("adaptivepool.include", " com.acme. , ,*, "), Map.of());
        assertEquals(List.of(), config.problems());
        assertEquals(List.of("com.acme.", "*"), config.include());
    }

    @Test
    void booleansIgnoreCase() {
        assertFalse(load("jmx.enabled=FALSE").jmxEnabled());
        assertTrue(load("strict=True").strict());
    }

    // ---- pool settings --------------------------------------------------------------------------

    @Test
    void everyKnobParses() {
        AgentConfig config = load("pool.defaults.minWorkers=2,pool.defaults.maxWorkers=8,pool.defaults.queueCapacity=50,"
                + "pool.defaults.scaleUpThreshold=0.5,pool.defaults.scaleDownIdle=500ms,pool.defaults.scaleCooldown=2m,"
                + "pool.defaults.saturation=caller_runs,pool.defaults.maxSubmitWait=1h,pool.defaults.stallWorkers=16,"
                + "pool.defaults.stallTimeout=250ms");
        assertEquals(List.of(), config.problems());
        PoolSettings d = config.defaults();
        assertEquals(2, d.get(Setting.MIN_WORKERS));
        assertEquals(8, d.get(Setting.MAX_WORKERS));
        assertEquals(50, d.get(Setting.QUEUE_CAPACITY));
        assertEquals(0.5, d.get(Setting.SCALE_UP_THRESHOLD));
        assertEquals(Duration.ofMillis(500), d.get(Setting.SCALE_DOWN_IDLE));
        assertEquals(Duration.ofMinutes(2), d.get(Setting.SCALE_COOLDOWN));
        assertEquals("CALLER_RUNS", d.get(Setting.SATURATION).name());
        assertEquals(Duration.ofHours(1), d.get(Setting.MAX_SUBMIT_WAIT));
        assertEquals(16, d.get(Setting.STALL_WORKERS));
        assertEquals(Duration.ofMillis(250), d.get(Setting.STALL_TIMEOUT));
        assertEquals("minWorkers=2, maxWorkers=8, queueCapacity=50, scaleUpThreshold=0.5, scaleDownIdle=500ms,"
                + " scaleCooldown=2m, saturation=CALLER_RUNS, maxSubmitWait=1h, stallWorkers=16, stallTimeout=250ms",
                d.toString());
    }

    @Test
    void theStallKnobsWorkFromEverySourceAndPerPool() throws IOException {
        Path file = file("agent.properties", "pool.com.acme.X.start.stallTimeout=2s\npool.defaults.stallTimeout=1m\n");
        AgentConfig config = load("config=" + file + ",pool.defaults.stallWorkers=0",
                Map.of("adaptivepool.pool.com.acme.Y.run.stallWorkers", "7"),
                Map.of("ADAPTIVEPOOL_POOL_COM_ACME_Z_RUN_STALLTIMEOUT", "500ms", "ADAPTIVEPOOL_POOL_DEFAULTS_STALLWORKERS", "3"));
        assertEquals(List.of(), config.problems());
        assertEquals(0, config.defaults().get(Setting.STALL_WORKERS), "agent arguments beat the environment: the guard off");
        assertEquals(Duration.ofMinutes(1), config.defaults().get(Setting.STALL_TIMEOUT));
        assertEquals(Duration.ofSeconds(2), config.settingsFor("com.acme.X.start", "com.acme.X.start").get(Setting.STALL_TIMEOUT));
        assertEquals(0, config.settingsFor("com.acme.X.start", "com.acme.X.start").get(Setting.STALL_WORKERS));
        assertEquals(7, config.settingsFor("com.acme.Y.run#2", "com.acme.Y.run").get(Setting.STALL_WORKERS));
        assertEquals(Duration.ofMillis(500), config.settingsFor("com.acme.Z.run", "com.acme.Z.run").get(Setting.STALL_TIMEOUT));
    }

    /**
     * The agent's reason for a bad stall knob is the end of the builder's own message for the same
     * value (given to the builder as an int, or as an ISO-8601 duration).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "stallWorkers=-1 | must be >= 0 | -1",
            "stallWorkers=-2147483648 | must be >= 0 | -2147483648",
            "stallTimeout=0s | must be > 0 | PT0S",
            "stallTimeout=0 | must be > 0 | PT0S",
            "stallTimeout=-5ms | must be > 0 | PT-0.005S",
    })
    void badStallKnobsAreRefusedWithTheBuildersBounds(String knobAndValue, String reason, String sameForTheBuilder) {
        AgentConfig config = load("pool.defaults." + knobAndValue);
        assertEquals(List.of("invalid value pool.defaults." + knobAndValue + " in agent arguments: " + reason
                + "; ignored"), config.problems());
        assertEquals(PoolSettings.BUILT_IN.get(Setting.STALL_WORKERS), config.defaults().get(Setting.STALL_WORKERS), "the default applies");
        assertEquals(PoolSettings.BUILT_IN.get(Setting.STALL_TIMEOUT), config.defaults().get(Setting.STALL_TIMEOUT));
        String knob = knobAndValue.substring(0, knobAndValue.indexOf('='));
        IllegalArgumentException fromBuilder = assertThrows(IllegalArgumentException.class, () -> {
            if (knob.equals("stallWorkers")) {
                AdaptivePoolExecutor.builder().stallWorkers(Integer.parseInt(sameForTheBuilder));
            } else {
                AdaptivePoolExecutor.builder().stallTimeout(Duration.parse(sameForTheBuilder));
            }
        });
        assertTrue(fromBuilder.getMessage().startsWith(knob + " (") && fromBuilder.getMessage().endsWith(") " + reason),
                "the builder says: " + fromBuilder.getMessage());
    }

    @Test
    void zeroDurationsNeedNoUnitAndUnboundedIsAWord() {
        AgentConfig config = load("pool.defaults.scaleCooldown=0,pool.defaults.maxSubmitWait=1s,"
                + "pool.p.q.maxSubmitWait=UNBOUNDED");
        assertEquals(List.of(), config.problems());
        assertEquals(Duration.ZERO, config.defaults().get(Setting.SCALE_COOLDOWN));
        assertEquals(Duration.ofSeconds(1), config.defaults().get(Setting.MAX_SUBMIT_WAIT));
        assertNull(config.settingsFor("p.q", "p.q").get(Setting.MAX_SUBMIT_WAIT));
    }

    @Test
    void aPoolKeyBeatsDefaultsFromAnySource() throws IOException {
        Path file = file("agent.properties", "pool.com.acme.X.start.maxWorkers=32\n");
        AgentConfig config = load("config=" + file, Map.of("adaptivepool.pool.defaults.maxWorkers", "8"), Map.of());
        assertEquals(List.of(), config.problems());
        assertEquals(32, config.settingsFor("com.acme.X.start", "com.acme.X.start").get(Setting.MAX_WORKERS));
        assertEquals(8, config.settingsFor("com.acme.Y.run", "com.acme.Y.run").get(Setting.MAX_WORKERS));
    }

    @Test
    void aSiteKeySetsEveryPoolOfTheSiteAndANumberedKeyOneOfThem() {
        AgentConfig config = load("pool.com.acme.X.start.maxWorkers=3,pool.com.acme.X.start#3.maxWorkers=4");
        assertEquals(List.of(), config.problems());
        assertEquals(3, config.settingsFor("com.acme.X.start", "com.acme.X.start").get(Setting.MAX_WORKERS));
        assertEquals(3, config.settingsFor("com.acme.X.start#2", "com.acme.X.start").get(Setting.MAX_WORKERS));
        assertEquals(4, config.settingsFor("com.acme.X.start#3", "com.acme.X.start").get(Setting.MAX_WORKERS));
    }

    @Test
    void poolKeysPrecedenceIsPerKeyAcrossSources() {
        AgentConfig config = load("pool.a.b.maxWorkers=5",
                Map.of("adaptivepool.pool.a.b.maxWorkers", "6", "adaptivepool.pool.a.b.queueCapacity", "7"), Map.of());
        PoolSettings s = config.settingsFor("a.b", "a.b");
        assertEquals(5, s.get(Setting.MAX_WORKERS));
        assertEquals(7, s.get(Setting.QUEUE_CAPACITY));
    }

    @Test
    void environmentPoolNamesMatchPoolNamesUpperCasedWithUnderscores() {
        AgentConfig config = load(null, Map.of(), Map.of(
                "ADAPTIVEPOOL_POOL_COM_ACME_ORDERSERVICE_START_MAXWORKERS", "8",
                "ADAPTIVEPOOL_POOL_DEFAULTS_QUEUECAPACITY", "50"));
        assertEquals(List.of(), config.problems());
        assertEquals(8, config.settingsFor("com.acme.OrderService.start", "com.acme.OrderService.start").get(Setting.MAX_WORKERS));
        assertEquals(8, config.settingsFor("com.acme.OrderService.start#2", "com.acme.OrderService.start").get(Setting.MAX_WORKERS));
        assertEquals(Setting.DEFAULT_MAX_WORKERS, config.settingsFor("com.acme.Other.run", "com.acme.Other.run").get(Setting.MAX_WORKERS));
        assertEquals(50, config.defaults().get(Setting.QUEUE_CAPACITY));
    }

    @Test
    void minAboveMaxInDefaultsDropsBoth() {
        AgentConfig config = load("pool.defaults.minWorkers=10,pool.defaults.maxWorkers=5");
        assertEquals(List.of("pool.defaults: minWorkers (10) must be <= maxWorkers (5); its minWorkers and maxWorkers ignored"),
                config.problems());
        assertEquals(0, config.defaults().get(Setting.MIN_WORKERS));
        assertEquals(Setting.DEFAULT_MAX_WORKERS, config.defaults().get(Setting.MAX_WORKERS));
    }

    @Test
    void minAboveMaxInAPoolDropsThatPoolsOwnValue() {
        AgentConfig config = load("pool.defaults.maxWorkers=5,pool.com.acme.X.start.minWorkers=10");
        assertEquals(List.of("pool.com.acme.X.start: minWorkers (10) must be <= maxWorkers (5); its minWorkers ignored"),
                config.problems());
        PoolSettings s = config.settingsFor("com.acme.X.start", "com.acme.X.start");
        assertEquals(0, s.get(Setting.MIN_WORKERS));
        assertEquals(5, s.get(Setting.MAX_WORKERS));
    }

    @Test
    void minAboveMaxInAnEnvironmentPool() {
        AgentConfig config = load(null, Map.of(), Map.of("ADAPTIVEPOOL_POOL_A_B_MINWORKERS", "100",
                "ADAPTIVEPOOL_POOL_A_B_MAXWORKERS", "2"));
        assertEquals(List.of("pool.A_B (ADAPTIVEPOOL_POOL_A_B_*): minWorkers (100) must be <= maxWorkers (2);"
                + " its minWorkers and maxWorkers ignored"), config.problems());
        assertEquals(Setting.DEFAULT_MAX_WORKERS, config.settingsFor("a.b", "a.b").get(Setting.MAX_WORKERS));
    }

    // ---- invalid values: one line naming key, value and source; the value is ignored ----------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "pool.defaults.maxWorkers=abc | invalid value pool.defaults.maxWorkers=abc in agent arguments: not an integer; ignored",
            "pool.defaults.maxWorkers=1.5 | invalid value pool.defaults.maxWorkers=1.5 in agent arguments: not an integer; ignored",
            "pool.defaults.maxWorkers=0 | invalid value pool.defaults.maxWorkers=0 in agent arguments: must be >= 1; ignored",
            "pool.defaults.maxWorkers=-1 | invalid value pool.defaults.maxWorkers=-1 in agent arguments: must be >= 1; ignored",
            "pool.defaults.minWorkers=-1 | invalid value pool.defaults.minWorkers=-1 in agent arguments: must be >= 0; ignored",
            "pool.defaults.queueCapacity=99999999999 | invalid value pool.defaults.queueCapacity=99999999999 in agent arguments: must be <= 2147483647; ignored",
            "pool.defaults.queueCapacity=999999999999999999999999 | invalid value pool.defaults.queueCapacity=999999999999999999999999 in agent arguments: must be <= 2147483647; ignored",
            "pool.defaults.maxWorkers= | invalid value pool.defaults.maxWorkers= in agent arguments: must not be empty; ignored",
            "pool.defaults.scaleUpThreshold=NaN | invalid value pool.defaults.scaleUpThreshold=NaN in agent arguments: must be between 0.0 and 1.0; ignored",
            "pool.defaults.scaleUpThreshold=1.5 | invalid value pool.defaults.scaleUpThreshold=1.5 in agent arguments: must be between 0.0 and 1.0; ignored",
            "pool.defaults.scaleUpThreshold=-0.1 | invalid value pool.defaults.scaleUpThreshold=-0.1 in agent arguments: must be between 0.0 and 1.0; ignored",
            "pool.defaults.scaleUpThreshold=Infinity | invalid value pool.defaults.scaleUpThreshold=Infinity in agent arguments: must be between 0.0 and 1.0; ignored",
            "pool.defaults.scaleUpThreshold=half | invalid value pool.defaults.scaleUpThreshold=half in agent arguments: not a number; ignored",
            "pool.defaults.scaleUpThreshold=0.5d | invalid value pool.defaults.scaleUpThreshold=0.5d in agent arguments: not a number; ignored",
            "pool.defaults.scaleUpThreshold=0x1p-1 | invalid value pool.defaults.scaleUpThreshold=0x1p-1 in agent arguments: not a number; ignored",
            "pool.defaults.scaleDownIdle=0s | invalid value pool.defaults.scaleDownIdle=0s in agent arguments: must be > 0; ignored",
            "pool.defaults.scaleDownIdle=-5s | invalid value pool.defaults.scaleDownIdle=-5s in agent arguments: must be > 0; ignored",
            "pool.defaults.scaleCooldown=-1ms | invalid value pool.defaults.scaleCooldown=-1ms in agent arguments: must be >= 0; ignored",
            "pool.defaults.scaleDownIdle=30 | invalid value pool.defaults.scaleDownIdle=30 in agent arguments: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 30s, 2m); ignored",
            "pool.defaults.scaleDownIdle=1.5s | invalid value pool.defaults.scaleDownIdle=1.5s in agent arguments: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 30s, 2m); ignored",
            "pool.defaults.scaleDownIdle=30sec | invalid value pool.defaults.scaleDownIdle=30sec in agent arguments: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 30s, 2m); ignored",
            "pool.defaults.scaleDownIdle=PT30S | invalid value pool.defaults.scaleDownIdle=PT30S in agent arguments: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 30s, 2m); ignored",
            "pool.defaults.scaleDownIdle=99999999999999999999s | invalid value pool.defaults.scaleDownIdle=99999999999999999999s in agent arguments: too large (at most 292 years); ignored",
            "pool.defaults.maxSubmitWait=9999999h | invalid value pool.defaults.maxSubmitWait=9999999h in agent arguments: too large (at most 292 years); ignored",
            "pool.defaults.maxSubmitWait=forever | invalid value pool.defaults.maxSubmitWait=forever in agent arguments: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 30s, 2m); ignored",
            "pool.defaults.saturation=DROP | invalid value pool.defaults.saturation=DROP in agent arguments: not one of BLOCK, REJECT, CALLER_RUNS; ignored",
            "pool.defaults.stallWorkers=-1 | invalid value pool.defaults.stallWorkers=-1 in agent arguments: must be >= 0; ignored",
            "pool.defaults.stallWorkers=many | invalid value pool.defaults.stallWorkers=many in agent arguments: not an integer; ignored",
            "pool.com.acme.X.start.stallWorkers=1.5 | invalid value pool.com.acme.X.start.stallWorkers=1.5 in agent arguments: not an integer; ignored",
            "pool.defaults.stallTimeout=0s | invalid value pool.defaults.stallTimeout=0s in agent arguments: must be > 0; ignored",
            "pool.defaults.stallTimeout=-1s | invalid value pool.defaults.stallTimeout=-1s in agent arguments: must be > 0; ignored",
            "pool.defaults.stallTimeout=1 | invalid value pool.defaults.stallTimeout=1 in agent arguments: not a duration (a whole number and a unit: ms, s, m or h, e.g. 500ms, 30s, 2m); ignored",
            "metrics.port=70000 | invalid value metrics.port=70000 in agent arguments: must be between 0 and 65535; ignored",
            "metrics.port=-1 | invalid value metrics.port=-1 in agent arguments: must be between 0 and 65535; ignored",
            "metrics.port=http | invalid value metrics.port=http in agent arguments: not an integer; ignored",
            "metrics.host= | invalid value metrics.host= in agent arguments: must not be empty; ignored",
            "enabled=yes | invalid value enabled=yes in agent arguments: not true or false; ignored",
            "strict=1 | invalid value strict=1 in agent arguments: not true or false; ignored",
            "config= | invalid value config= in agent arguments: must not be empty; ignored",
            "include=com/acme/ | invalid value include=com/acme/ in agent arguments: 'com/acme/' is not a class-name prefix (letters, digits, _, $ and dots, such as com.acme.) nor *; ignored",
    })
    void invalidValuesAreReportedExactly(String argument, String expected) {
        AgentConfig config = load(argument);
        assertEquals(List.of(expected), config.problems());
        assertTrue(config.enabled(), "an invalid value does not disable the agent");
    }

    @Test
    void anInvalidValueLetsTheNextSourceApply() {
        AgentConfig config = load("metrics.port=abc,pool.defaults.maxWorkers=-3",
                Map.of("adaptivepool.metrics.port", "1234"), Map.of("ADAPTIVEPOOL_POOL_DEFAULTS_MAXWORKERS", "9"));
        assertEquals(List.of(
                "invalid value metrics.port=abc in agent arguments: not an integer; ignored",
                "invalid value pool.defaults.maxWorkers=-3 in agent arguments: must be >= 1; ignored"), config.problems());
        assertEquals(1234, config.metricsPort());
        assertEquals(9, config.defaults().get(Setting.MAX_WORKERS));
    }

    @Test
    void invalidValuesNameTheirSource() throws IOException {
        Path file = file("agent.properties", "pool.defaults.queueCapacity=lots\n");
        AgentConfig config = load("config=" + file, Map.of("adaptivepool.metrics.jvm", "maybe"),
                Map.of("ADAPTIVEPOOL_POOL_COM_ACME_X_SCALEDOWNIDLE", "soon", "ADAPTIVEPOOL_METRICS_PORT", "x"));
        assertEquals(List.of(
                "invalid value metrics.jvm=maybe in system property adaptivepool.metrics.jvm: not true or false; ignored",
                "invalid value metrics.port=x in environment variable ADAPTIVEPOOL_METRICS_PORT: not an integer; ignored",
                "invalid value pool.COM_ACME_X.scaleDownIdle=soon in environment variable"
                        + " ADAPTIVEPOOL_POOL_COM_ACME_X_SCALEDOWNIDLE: not a duration (a whole number and a unit: ms, s, m"
                        + " or h, e.g. 500ms, 30s, 2m); ignored",
                "invalid value pool.defaults.queueCapacity=lots in config file " + file.toAbsolutePath()
                        + ": not an integer; ignored"), config.problems());
    }

    // ---- unknown keys: reported, never silently ignored ---------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics.prot=1 | unknown key metrics.prot in agent arguments; ignored",
            "Metrics.Port=1 | unknown key Metrics.Port in agent arguments (did you mean metrics.port?); ignored",
            "pool.defaults.maxworkers=8 | unknown key pool.defaults.maxworkers in agent arguments (did you mean pool.defaults.maxWorkers?); ignored",
            "pool.com.acme.X.start.threads=8 | unknown key pool.com.acme.X.start.threads in agent arguments (pool knobs: minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, scaleDownIdle, scaleCooldown, saturation, maxSubmitWait, stallWorkers, stallTimeout); ignored",
            "pool.defaults.stallworkers=8 | unknown key pool.defaults.stallworkers in agent arguments (did you mean pool.defaults.stallWorkers?); ignored",
            "pool.stallTimeout=1s | unknown key pool.stallTimeout in agent arguments (did you mean pool.defaults.stallTimeout?); ignored",
            "pool.maxWorkers=8 | unknown key pool.maxWorkers in agent arguments (did you mean pool.defaults.maxWorkers?); ignored",
            "debug=true | unknown key debug in agent arguments; ignored",
            "foo,metrics.port=0 | malformed agent argument 'foo' (expected key=value); ignored",
            "=5 | malformed agent argument '=5' (expected key=value); ignored",
    })
    void unknownKeysAreReported(String arguments, String expected) {
        AgentConfig config = load(arguments);
        assertEquals(List.of(expected), config.problems());
        assertTrue(config.enabled());
    }

    @Test
    void unknownSystemPropertiesAndEnvironmentVariablesAreReported() {
        AgentConfig config = load(null, Map.of("adaptivepool.metrics.portt", "1", "other.property", "x"),
                Map.of("ADAPTIVEPOOL_METRICS_PROT", "1", "PATH", "/bin", "ADAPTIVEPOOL_POOL_X_THREADS", "3"));
        assertEquals(List.of(
                "unknown key metrics.portt in system property adaptivepool.metrics.portt; ignored",
                "unknown environment variable ADAPTIVEPOOL_METRICS_PROT (it names no key); ignored",
                "unknown environment variable ADAPTIVEPOOL_POOL_X_THREADS (it names no key); ignored"), config.problems());
    }

    // ---- the config file ------------------------------------------------------------------------

    @Test
    void aConfigFileIsRead() throws IOException {
        Path file = file("agent.properties", "# comment\nmetrics.port = 0\ninclude=com.acme.,\\\n  org.legacy.\n"
                + "pool.defaults.maxWorkers=16\n");
        AgentConfig config = load("config=" + file);
        assertEquals(List.of(), config.problems());
        assertEquals(0, config.metricsPort());
        assertEquals(List.of("com.acme.", "org.legacy."), config.include());
        assertEquals(16, config.defaults().get(Setting.MAX_WORKERS));
    }

    @Test
    void aMissingConfigFileDisablesTheAgent() {
        Path missing = dir.resolve("missing.properties");
        AgentConfig config = load("config=" + missing);
        assertEquals(List.of("cannot read config file " + missing.toAbsolutePath() + ": no such file; agent disabled"),
                config.problems());
        assertFalse(config.enabled());
        assertTrue(config.enabledKey());
    }

    @Test
    void aDirectoryAsConfigFileDisablesTheAgent() {
        AgentConfig config = load("config=" + dir);
        assertEquals(List.of("cannot read config file " + dir.toAbsolutePath() + ": it is a directory; agent disabled"),
                config.problems());
        assertFalse(config.enabled());
    }

    @Test
    void aMalformedConfigFileDisablesTheAgent() throws IOException {
        Path file = file("bad.properties", "metrics.port=1\nkey=\\uZZZZ\n");
        AgentConfig config = load("config=" + file);
        assertEquals(List.of("malformed config file " + file.toAbsolutePath() + ": Malformed \\uxxxx encoding.;"
                + " agent disabled"), config.problems());
        assertFalse(config.enabled());
    }

    @Test
    void aLatin1ConfigFileIsReadAsPropertiesFilesAre() throws IOException {
        Path file = dir.resolve("latin1.properties");
        Files.write(file, "# caf\u00e9\nmetrics.port=7\n".getBytes(StandardCharsets.ISO_8859_1));
        AgentConfig config = load("config=" + file);
        assertEquals(List.of(), config.problems());
        assertEquals(7, config.metricsPort());
    }

    @Test
    void aConfigFileCannotNameAnother() throws IOException {
        Path file = file("agent.properties", "config=/etc/other.properties\n");
        AgentConfig config = load("config=" + file);
        assertEquals(List.of("unsupported key config in config file " + file.toAbsolutePath()
                + " (a config file cannot name another); ignored"), config.problems());
        assertTrue(config.enabled());
    }

    @Test
    void unknownKeysInTheFileNameTheFile() throws IOException {
        Path file = file("agent.properties", "metrics.port=1\nthreads=3\n");
        AgentConfig config = load("config=" + file);
        assertEquals(List.of("unknown key threads in config file " + file.toAbsolutePath() + "; ignored"),
                config.problems());
    }

    @Test
    void enabledFalseIsNotAProblem() {
        AgentConfig config = load("enabled=false");
        assertEquals(List.of(), config.problems());
        assertFalse(config.enabled());
        assertFalse(config.enabledKey());
    }

    // ---- attach CLI's check -------------------------------------------------------------------

    @Test
    void argumentProblemsChecksOnlyTheArguments() {
        assertEquals(List.of(), AgentConfig.argumentProblems("config=/does/not/exist.properties,metrics.port=0"));
        assertEquals(Arrays.asList(
                "invalid value metrics.port=x in agent arguments: not an integer; ignored",
                "unknown key bogus in agent arguments; ignored"),
                AgentConfig.argumentProblems("metrics.port=x,bogus=1"));
    }
}
