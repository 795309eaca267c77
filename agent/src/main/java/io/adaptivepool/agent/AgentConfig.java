package io.adaptivepool.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agent's configuration, read once at start from four sources, highest precedence first:
 * <ol>
 *   <li>agent arguments, {@code -javaagent:adaptive-pool-agent.jar=key=value,key=value};
 *   <li>system properties {@code adaptivepool.<key>};
 *   <li>environment variables {@code ADAPTIVEPOOL_<KEY>} (upper case, dots to underscores);
 *   <li>the properties file named by {@code config} (from one of the three above);
 * </ol>
 * then the built-in defaults. Precedence applies key by key; for a pool, a key naming the pool
 * ({@code pool.<name>.<knob>}) beats {@code pool.defaults.<knob>} from any source.
 *
 * <p>What each key is (its type, default, parser and, for a pool knob, the builder method that
 * checks and applies it) is defined once, in {@link Setting}; this class reads the sources with it.
 *
 * <p>Nothing here throws on bad input: every unknown key, invalid value, malformed argument and
 * unreadable or malformed file becomes one line in {@link #problems()} that names the key and the
 * value (or the file) and says what happens instead. An invalid value is ignored, so the next
 * source, or the default, applies; a config file that cannot be read disables the agent, since
 * what it asked for is unknown. {@link #strict()} tells the caller to fail instead.
 *
 * <p>Agent arguments are split at commas; a piece without {@code =} continues the previous value,
 * so lists need no quoting: {@code include=com.acme.,org.legacy.,metrics.port=0}.
 *
 * <p>Environment names cannot spell pool names (dots, case), so {@code ADAPTIVEPOOL_POOL_<NAME>_<KNOB>}
 * applies to every pool whose name, upper-cased with each character other than a letter or digit
 * turned into {@code _}, is {@code <NAME>}: {@code ADAPTIVEPOOL_POOL_COM_ACME_ORDERSERVICE_START_MAXWORKERS}
 * sets {@code maxWorkers} of {@code com.acme.OrderService.start}.
 */
final class AgentConfig {
    static final String SYSTEM_PROPERTY_PREFIX = "adaptivepool.";
    static final String ENV_PREFIX = "ADAPTIVEPOOL_";

    static final String POOL_PREFIX = "pool.";
    static final String DEFAULTS = "defaults";

    /** A value for every agent key: the first source's that sets it, or the default. */
    private final SettingValues values;
    private final List<ConfigSource> sources;
    private final PoolSettings defaults;
    /** The checked {@code pool.defaults.*} values of every source, merged. */
    private final SettingValues defaultsSection;
    private final List<String> problems;
    private final boolean enabled;

    private AgentConfig(SettingValues values, List<ConfigSource> sources, SettingValues defaultsSection,
            List<String> problems, boolean enabled) {
        this.values = values;
        this.sources = sources;
        this.defaultsSection = defaultsSection;
        this.defaults = PoolSettings.BUILT_IN.with(defaultsSection);
        this.problems = Collections.unmodifiableList(problems);
        this.enabled = enabled;
    }

    /** The configuration of this JVM: agent arguments, its system properties and its environment. */
    static AgentConfig load(String agentArgs) {
        return load(agentArgs, System.getProperties(), System.getenv());
    }

    /**
     * Reads the configuration from the given sources (tests pass their own).
     *
     * @param agentArgs the agent's argument string, or null
     * @param systemProperties only entries whose name starts with {@code adaptivepool.} are read
     * @param env only variables whose name starts with {@code ADAPTIVEPOOL_} are read
     */
    static AgentConfig load(String agentArgs, Properties systemProperties, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        List<ConfigSource> sources = new ArrayList<>();
        sources.add(ConfigSource.fromAgentArgs(agentArgs, problems));
        sources.add(ConfigSource.fromSystemProperties(systemProperties, problems));
        sources.add(ConfigSource.fromEnvironment(env, problems));

        boolean fileFailed = false;
        String file = first(sources, Setting.CONFIG);
        if (file != null) {
            ConfigSource fileSource = ConfigSource.fromFile(file, problems);
            if (fileSource == null) {
                fileFailed = true;
            } else {
                sources.add(fileSource);
            }
        }

        SettingValues values = new SettingValues();
        for (Setting<?> key : Setting.AGENT_KEYS) {
            resolve(values, sources, key);
        }

        SettingValues defaultsSection = checkedSection(sources, DEFAULTS, PoolSettings.BUILT_IN, problems);
        PoolSettings defaults = PoolSettings.BUILT_IN.with(defaultsSection);
        for (String name : namedSections(sources, false)) {
            checkedSection(sources, name, defaults, problems);
        }
        for (String name : namedSections(sources, true)) {
            checkedEnvSection(sources, name, defaults, problems);
        }
        boolean enabled = values.get(Setting.ENABLED) && !fileFailed;
        return new AgentConfig(values, sources, defaultsSection, problems, enabled);
    }

    /**
     * The problems of an agent argument string alone (the attach CLI checks arguments before it
     * attaches; the config file they may name is read by the target JVM, not here).
     */
    static List<String> argumentProblems(String agentArgs) {
        List<String> problems = new ArrayList<>();
        ConfigSource source = ConfigSource.fromAgentArgs(agentArgs, problems);
        checkedSection(Collections.singletonList(source), DEFAULTS, PoolSettings.BUILT_IN, problems);
        return problems;
    }

    private static <T> void resolve(SettingValues into, List<ConfigSource> sources, Setting<T> key) {
        T value = first(sources, key);
        into.put(key, value != null ? value : key.defaultValue);
    }

    /** The value of the first source that sets {@code key}, or null. */
    private static <T> T first(List<ConfigSource> sources, Setting<T> key) {
        for (ConfigSource source : sources) {
            if (source.simple.contains(key)) {
                return source.simple.get(key);
            }
        }
        return null;
    }

    // ---- resolved values ----------------------------------------------------------------------

    /** False when {@code enabled=false}, or when the config file could not be read. */
    boolean enabled() {
        return enabled;
    }

    /** The value of an agent key ({@link Setting#AGENT_KEYS}): from the first source that sets it, or its default. */
    <T> T get(Setting<T> key) {
        if (!Setting.AGENT_KEYS.contains(key)) {
            throw new IllegalArgumentException(key + " is not an agent key");
        }
        return values.get(key);
    }

    /** The value of the key {@code enabled} (true unless set false), whatever the config file's fate. */
    boolean enabledKey() {
        return get(Setting.ENABLED);
    }

    /** {@code strict=true}: problems fail the start instead of being logged. */
    boolean strict() {
        return get(Setting.STRICT);
    }

    /** The kinds of executor to replace ({@code replace}). */
    Set<PoolKind> replace() {
        return get(Setting.REPLACE);
    }

    /** Caller class-name prefixes to rewrite (dotted); empty means every non-JDK class. */
    List<String> include() {
        return get(Setting.INCLUDE);
    }

    /** Caller class-name prefixes never to rewrite (dotted). */
    List<String> exclude() {
        return get(Setting.EXCLUDE);
    }

    boolean metricsEnabled() {
        return get(Setting.METRICS_ENABLED);
    }

    String metricsHost() {
        return get(Setting.METRICS_HOST);
    }

    int metricsPort() {
        return get(Setting.METRICS_PORT);
    }

    boolean metricsJvm() {
        return get(Setting.METRICS_JVM);
    }

    /** {@code stall.stacks=true}: stall lines carry the longest-running worker's stack. */
    boolean stallStacks() {
        return get(Setting.STALL_STACKS);
    }

    /**
     * The value of a {@code metrics.auth.*} or {@code metrics.tls.*} key as given (a user, a path or
     * a variable name), or null when it is not set. {@link SidePortSecurity} reads what they name.
     */
    String metricsSecurity(String key) {
        for (Setting<String> security : Setting.SIDE_PORT_SECURITY) {
            if (security.key.equals(key)) {
                return get(security);
            }
        }
        throw new IllegalArgumentException(key);
    }

    boolean jmxEnabled() {
        return get(Setting.JMX_ENABLED);
    }

    /** The config file's path as given, or null. */
    String configFile() {
        return get(Setting.CONFIG);
    }

    /** One line per problem, without the {@code [adaptive-pool-agent]} prefix, in the order found. */
    List<String> problems() {
        return problems;
    }

    /** {@code pool.defaults.*} over the built-in defaults. */
    PoolSettings defaults() {
        return defaults;
    }

    /**
     * The settings of a pool: for each knob, {@code pool.<poolName>.<knob>}, then
     * {@code pool.<siteName>.<knob>} (so that {@code com.acme.X.start} also sets
     * {@code com.acme.X.start#2}), each looked up source by source, then the defaults.
     */
    PoolSettings settingsFor(String poolName, String siteName) {
        return defaults.with(poolValues(poolName, siteName));
    }

    /**
     * The settings of a pool of a kind: its kind's built-in values ({@link KindDefaults}), then
     * {@code pool.defaults.*}, then what the call says ({@code call}: a fixed pool's size), then
     * {@code pool.<poolName>.*} and {@code pool.<siteName>.*} as in {@link #settingsFor(String, String)}.
     */
    PoolSettings settingsFor(PoolKind kind, String poolName, String siteName, SettingValues call) {
        return PoolSettings.builtIn(kind).with(defaultsSection).with(call).with(poolValues(poolName, siteName));
    }

    private SettingValues poolValues(String poolName, String siteName) {
        SettingValues values = new SettingValues();
        for (Setting<?> knob : Setting.POOL_KNOBS) {
            if (!copyPoolValue(poolName, knob, values) && !siteName.equals(poolName)) {
                copyPoolValue(siteName, knob, values);
            }
        }
        return values;
    }

    /** Copies the value of the first source that sets {@code knob} for {@code poolName}; false if none does. */
    private <T> boolean copyPoolValue(String poolName, Setting<T> knob, SettingValues into) {
        String envName = envPoolName(poolName);
        for (ConfigSource source : sources) {
            SettingValues section = source.pools.get(source.envNames ? envName : poolName);
            if (section != null && section.contains(knob)) {
                into.put(knob, section.get(knob));
                return true;
            }
        }
        return false;
    }

    /** The {@code <NAME>} part of {@code ADAPTIVEPOOL_POOL_<NAME>_<KNOB>} that matches a pool name. */
    static String envPoolName(String poolName) {
        StringBuilder sb = new StringBuilder(poolName.length());
        for (int i = 0; i < poolName.length(); i++) {
            char c = poolName.charAt(i);
            sb.append((c >= 'a' && c <= 'z') ? (char) (c - 32)
                    : (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.toString();
    }

    /** The environment variable for a key: {@code metrics.port} is {@code ADAPTIVEPOOL_METRICS_PORT}. */
    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    // ---- pool sections ------------------------------------------------------------------------

    /** The names of the pool sections the sources set (not {@code defaults}), in a stable order. */
    private static Set<String> namedSections(List<ConfigSource> sources, boolean env) {
        Set<String> names = new LinkedHashSet<>();
        for (ConfigSource source : sources) {
            if (source.envNames == env) {
                for (String name : new TreeMap<>(source.pools).keySet()) {
                    if (!name.equals(DEFAULTS)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /**
     * Merges one section ({@code defaults} or a pool name) across the sources and checks that
     * its minWorkers is not above its maxWorkers over {@code base}; if it is, the section's own
     * minWorkers and maxWorkers are dropped (from every source) and reported.
     */
    private static SettingValues checkedSection(List<ConfigSource> sources, String name, PoolSettings base,
            List<String> problems) {
        SettingValues merged = new SettingValues();
        for (int i = sources.size() - 1; i >= 0; i--) {
            ConfigSource source = sources.get(i);
            if (!source.envNames || name.equals(DEFAULTS)) {
                merged.putAll(source.pools.get(name));
            }
        }
        return checkMinMax(sources, "pool." + name, name, false, merged, base, problems);
    }

    private static void checkedEnvSection(List<ConfigSource> sources, String envName, PoolSettings defaults,
            List<String> problems) {
        SettingValues merged = new SettingValues();
        for (ConfigSource source : sources) {
            if (source.envNames) {
                merged.putAll(source.pools.get(envName));
            }
        }
        checkMinMax(sources, "pool." + envName + " (" + ENV_PREFIX + "POOL_" + envName + "_*)", envName, true, merged,
                defaults, problems);
    }

    private static SettingValues checkMinMax(List<ConfigSource> sources, String label, String name, boolean env,
            SettingValues merged, PoolSettings base, List<String> problems) {
        PoolSettings effective = base.with(merged);
        int min = effective.get(Setting.MIN_WORKERS);
        int max = effective.get(Setting.MAX_WORKERS);
        if (min <= max) {
            return merged;
        }
        List<String> dropped = new ArrayList<>();
        for (Setting<?> knob : Arrays.<Setting<?>>asList(Setting.MIN_WORKERS, Setting.MAX_WORKERS)) {
            if (merged.remove(knob)) {
                dropped.add(knob.key);
            }
            for (ConfigSource source : sources) {
                SettingValues section = source.pools.get(name);
                if (source.envNames == env && section != null) {
                    section.remove(knob);
                }
            }
        }
        problems.add(label + ": " + Setting.minAboveMax(min, max, true) + "; its " + String.join(" and ", dropped)
                + " ignored");
        return merged;
    }

    // ---- one source ---------------------------------------------------------------------------
}
