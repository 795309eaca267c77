package io.adaptivepool.agent;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final List<Layer> layers;
    private final PoolSettings defaults;
    private final List<String> problems;
    private final boolean enabled;

    private AgentConfig(SettingValues values, List<Layer> layers, PoolSettings defaults, List<String> problems,
            boolean enabled) {
        this.values = values;
        this.layers = layers;
        this.defaults = defaults;
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
        List<Layer> layers = new ArrayList<>();
        layers.add(Layer.fromAgentArgs(agentArgs, problems));
        layers.add(Layer.fromSystemProperties(systemProperties, problems));
        layers.add(Layer.fromEnvironment(env, problems));

        boolean fileFailed = false;
        String file = first(layers, Setting.CONFIG);
        if (file != null) {
            Layer fileLayer = Layer.fromFile(file, problems);
            if (fileLayer == null) {
                fileFailed = true;
            } else {
                layers.add(fileLayer);
            }
        }

        SettingValues values = new SettingValues();
        for (Setting<?> key : Setting.AGENT_KEYS) {
            resolve(values, layers, key);
        }

        PoolSettings defaults = PoolSettings.BUILT_IN.with(checkedSection(layers, DEFAULTS, PoolSettings.BUILT_IN,
                problems));
        for (String name : namedSections(layers, false)) {
            checkedSection(layers, name, defaults, problems);
        }
        for (String name : namedSections(layers, true)) {
            checkedEnvSection(layers, name, defaults, problems);
        }
        boolean enabled = values.get(Setting.ENABLED) && !fileFailed;
        return new AgentConfig(values, layers, defaults, problems, enabled);
    }

    /**
     * The problems of an agent argument string alone (the attach CLI checks arguments before it
     * attaches; the config file they may name is read by the target JVM, not here).
     */
    static List<String> argumentProblems(String agentArgs) {
        List<String> problems = new ArrayList<>();
        Layer layer = Layer.fromAgentArgs(agentArgs, problems);
        checkedSection(Collections.singletonList(layer), DEFAULTS, PoolSettings.BUILT_IN, problems);
        return problems;
    }

    private static <T> void resolve(SettingValues into, List<Layer> layers, Setting<T> key) {
        T value = first(layers, key);
        into.put(key, value != null ? value : key.defaultValue);
    }

    /** The value of the first source that sets {@code key}, or null. */
    private static <T> T first(List<Layer> layers, Setting<T> key) {
        for (Layer layer : layers) {
            if (layer.simple.contains(key)) {
                return layer.simple.get(key);
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
        SettingValues values = new SettingValues();
        for (Setting<?> knob : Setting.POOL_KNOBS) {
            if (!copyPoolValue(poolName, knob, values) && !siteName.equals(poolName)) {
                copyPoolValue(siteName, knob, values);
            }
        }
        return defaults.with(values);
    }

    /** Copies the value of the first source that sets {@code knob} for {@code poolName}; false if none does. */
    private <T> boolean copyPoolValue(String poolName, Setting<T> knob, SettingValues into) {
        String envName = envPoolName(poolName);
        for (Layer layer : layers) {
            SettingValues section = layer.pools.get(layer.envNames ? envName : poolName);
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
    private static Set<String> namedSections(List<Layer> layers, boolean env) {
        Set<String> names = new LinkedHashSet<>();
        for (Layer layer : layers) {
            if (layer.envNames == env) {
                for (String name : new TreeMap<>(layer.pools).keySet()) {
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
    private static SettingValues checkedSection(List<Layer> layers, String name, PoolSettings base,
            List<String> problems) {
        SettingValues merged = new SettingValues();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (!layer.envNames || name.equals(DEFAULTS)) {
                merged.putAll(layer.pools.get(name));
            }
        }
        return checkMinMax(layers, "pool." + name, name, false, merged, base, problems);
    }

    private static void checkedEnvSection(List<Layer> layers, String envName, PoolSettings defaults,
            List<String> problems) {
        SettingValues merged = new SettingValues();
        for (Layer layer : layers) {
            if (layer.envNames) {
                merged.putAll(layer.pools.get(envName));
            }
        }
        checkMinMax(layers, "pool." + envName + " (" + ENV_PREFIX + "POOL_" + envName + "_*)", envName, true, merged,
                defaults, problems);
    }

    private static SettingValues checkMinMax(List<Layer> layers, String label, String name, boolean env,
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
            for (Layer layer : layers) {
                SettingValues section = layer.pools.get(name);
                if (layer.envNames == env && section != null) {
                    section.remove(knob);
                }
            }
        }
        problems.add(label + ": " + Setting.minAboveMax(min, max, true) + "; its " + String.join(" and ", dropped)
                + " ignored");
        return merged;
    }

    // ---- one source ---------------------------------------------------------------------------

    /** The checked values of one source. */
    private static final class Layer {
        /** Agent keys to parsed values. */
        final SettingValues simple = new SettingValues();
        /** Pool section name (or {@code defaults}) to knob values; for the environment, names are as in the variable. */
        final Map<String, SettingValues> pools = new HashMap<>();
        final boolean envNames;

        private Layer(boolean envNames) {
            this.envNames = envNames;
        }

        static Layer fromAgentArgs(String args, List<String> problems) {
            Layer layer = new Layer(false);
            if (args == null || args.trim().isEmpty()) {
                return layer;
            }
            Map<String, String> entries = new LinkedHashMap<>();
            String key = null;
            StringBuilder value = null;
            for (String piece : args.split(",", -1)) {
                int eq = piece.indexOf('=');
                if (eq < 0) {
                    if (key != null) {
                        value.append(',').append(piece);
                    } else if (!piece.trim().isEmpty()) {
                        problems.add("malformed agent argument '" + piece.trim() + "' (expected key=value); ignored");
                    }
                    continue;
                }
                if (key != null) {
                    entries.put(key, value.toString());
                }
                key = piece.substring(0, eq).trim();
                value = new StringBuilder(piece.substring(eq + 1));
                if (key.isEmpty()) {
                    problems.add("malformed agent argument '" + piece.trim() + "' (expected key=value); ignored");
                    key = null;
                }
            }
            if (key != null) {
                entries.put(key, value.toString());
            }
            for (Map.Entry<String, String> e : entries.entrySet()) {
                layer.accept(e.getKey(), e.getValue(), "in agent arguments", problems);
            }
            return layer;
        }

        static Layer fromSystemProperties(Properties properties, List<String> problems) {
            Layer layer = new Layer(false);
            Map<String, String> sorted = new TreeMap<>();
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
                    sorted.put(name, properties.getProperty(name));
                }
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                String key = e.getKey().substring(SYSTEM_PROPERTY_PREFIX.length());
                layer.accept(key, e.getValue(), "in system property " + e.getKey(), problems);
            }
            return layer;
        }

        static Layer fromEnvironment(Map<String, String> env, List<String> problems) {
            Layer layer = new Layer(true);
            Map<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey().startsWith(ENV_PREFIX)) {
                    sorted.put(e.getKey(), e.getValue());
                }
            }
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                String variable = e.getKey();
                String where = "in environment variable " + variable;
                String rest = variable.substring(ENV_PREFIX.length()).toUpperCase(Locale.ROOT);
                Setting<?> key = null;
                for (Setting<?> simpleKey : Setting.AGENT_KEYS) {
                    if (simpleKey.envName().equals(ENV_PREFIX + rest)) {
                        key = simpleKey;
                    }
                }
                if (key != null) {
                    layer.acceptSimple(key, e.getValue(), where, problems);
                    continue;
                }
                String refused = null;
                for (String refusedKey : Setting.REFUSED_PASSWORD_KEYS.keySet()) {
                    if (envName(refusedKey).equals(ENV_PREFIX + rest)) {
                        refused = refusedKey;
                    }
                }
                if (refused != null) {
                    problems.add(refusedPassword(refused, where));
                    continue;
                }
                if (rest.startsWith("POOL_")) {
                    String poolPart = rest.substring("POOL_".length());
                    Setting<?> knob = null;
                    String name = null;
                    for (Setting<?> k : Setting.POOL_KNOBS) {
                        String suffix = "_" + k.key.toUpperCase(Locale.ROOT);
                        if (poolPart.endsWith(suffix) && poolPart.length() > suffix.length()) {
                            knob = k;
                            name = poolPart.substring(0, poolPart.length() - suffix.length());
                        }
                    }
                    if (knob != null) {
                        String label = "pool." + (name.equals("DEFAULTS") ? DEFAULTS : name) + "." + knob.key;
                        layer.acceptKnob(name.equals("DEFAULTS") ? DEFAULTS : name, knob, label, e.getValue(),
                                where, problems);
                        continue;
                    }
                }
                problems.add("unknown environment variable " + variable + " (it names no key); ignored");
            }
            return layer;
        }

        /** Null (and a problem) if the file cannot be read or is malformed. */
        static Layer fromFile(String file, List<String> problems) {
            Path path;
            try {
                path = Paths.get(file).toAbsolutePath();
            } catch (InvalidPathException e) {
                problems.add("cannot read config file " + file + ": " + e.getReason() + "; agent disabled");
                return null;
            }
            Properties properties = new Properties();
            try {
                if (Files.isDirectory(path)) {
                    problems.add("cannot read config file " + path + ": it is a directory; agent disabled");
                    return null;
                }
                byte[] bytes = Files.readAllBytes(path);
                properties.load(new StringReader(decode(bytes)));
            } catch (NoSuchFileException e) {
                problems.add("cannot read config file " + path + ": no such file; agent disabled");
                return null;
            } catch (AccessDeniedException e) {
                problems.add("cannot read config file " + path + ": permission denied; agent disabled");
                return null;
            } catch (IOException | RuntimeException e) {
                boolean malformed = e instanceof IllegalArgumentException;
                problems.add((malformed ? "malformed config file " : "cannot read config file ") + path + ": "
                        + (e.getMessage() != null ? e.getMessage() : e.toString()) + "; agent disabled");
                return null;
            }
            Layer layer = new Layer(false);
            String where = "in config file " + path;
            for (String key : new TreeMap<>(toMap(properties)).keySet()) {
                if (key.equals(Setting.CONFIG.key)) {
                    problems.add("unsupported key config " + where + " (a config file cannot name another); ignored");
                    continue;
                }
                layer.accept(key, properties.getProperty(key), where, problems);
            }
            return layer;
        }

        private static Map<String, String> toMap(Properties properties) {
            Map<String, String> map = new HashMap<>();
            for (String name : properties.stringPropertyNames()) {
                map.put(name, properties.getProperty(name));
            }
            return map;
        }

        /** UTF-8, or ISO-8859-1 (what {@link Properties} assumes) when the bytes are not UTF-8. */
        private static String decode(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException notUtf8) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        }

        /** Checks one key and value, or reports it. */
        void accept(String key, String value, String where, List<String> problems) {
            Setting<?> simpleKey = Setting.of(Setting.AGENT_KEYS, key);
            if (simpleKey != null) {
                acceptSimple(simpleKey, value, where, problems);
                return;
            }
            for (String refused : Setting.REFUSED_PASSWORD_KEYS.keySet()) {
                if (refused.equalsIgnoreCase(key)) {
                    problems.add(refusedPassword(key, where));
                    return;
                }
            }
            if (key.startsWith(POOL_PREFIX)) {
                String rest = key.substring(POOL_PREFIX.length());
                int dot = rest.lastIndexOf('.');
                if (dot > 0) {
                    String name = rest.substring(0, dot);
                    String knobName = rest.substring(dot + 1);
                    Setting<?> knob = Setting.of(Setting.POOL_KNOBS, knobName);
                    if (knob != null) {
                        acceptKnob(name, knob, key, value, where, problems);
                        return;
                    }
                    Setting<?> near = Setting.ofIgnoreCase(Setting.POOL_KNOBS, knobName);
                    problems.add("unknown key " + key + " " + where + (near != null
                            ? " (did you mean " + POOL_PREFIX + name + "." + near.key + "?)"
                            : " (pool knobs: " + Setting.keys(Setting.POOL_KNOBS) + ")") + "; ignored");
                    return;
                }
            }
            String hint = "";
            Setting<?> known = Setting.ofIgnoreCase(Setting.AGENT_KEYS, key);
            if (known != null) {
                hint = " (did you mean " + known.key + "?)";
            }
            Setting<?> knob = key.startsWith(POOL_PREFIX)
                    ? Setting.ofIgnoreCase(Setting.POOL_KNOBS, key.substring(POOL_PREFIX.length())) : null;
            if (knob != null) {
                hint = " (did you mean " + POOL_PREFIX + DEFAULTS + "." + knob.key + "?)";
            }
            problems.add("unknown key " + key + " " + where + hint + "; ignored");
        }

        <T> void acceptKnob(String section, Setting<T> knob, String label, String value, String where,
                List<String> problems) {
            try {
                T parsed = knob.parse(value);
                SettingValues values = pools.get(section);
                if (values == null) {
                    values = new SettingValues();
                    pools.put(section, values);
                }
                values.put(knob, parsed);
            } catch (Setting.InvalidValue e) {
                problems.add(invalid(label, value, where, e.getMessage()));
            }
        }

        <T> void acceptSimple(Setting<T> key, String value, String where, List<String> problems) {
            try {
                simple.put(key, key.parse(value));
            } catch (Setting.InvalidValue e) {
                problems.add(invalid(key.key, value, where, e.getMessage()));
            }
        }

        /** The line for a password given as a value; the value is never repeated. */
        private static String refusedPassword(String key, String where) {
            String instead = null;
            for (Map.Entry<String, String> e : Setting.REFUSED_PASSWORD_KEYS.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    instead = e.getValue();
                }
            }
            return "refused key " + key + " " + where + ": a password is never taken as a value (agent arguments and"
                    + " system properties show in ps); name a file or an environment variable that holds it with "
                    + instead + "; ignored";
        }

        private static String invalid(String key, String value, String where, String reason) {
            return "invalid value " + key + "=" + value + " " + where + ": " + reason + "; ignored";
        }
    }
}
