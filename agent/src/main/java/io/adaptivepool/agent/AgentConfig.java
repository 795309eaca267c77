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
import java.util.EnumMap;
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

    static final String ENABLED = "enabled";
    static final String STRICT = "strict";
    static final String INCLUDE = "include";
    static final String EXCLUDE = "exclude";
    static final String CONFIG = "config";
    static final String METRICS_ENABLED = "metrics.enabled";
    static final String METRICS_HOST = "metrics.host";
    static final String METRICS_PORT = "metrics.port";
    static final String METRICS_JVM = "metrics.jvm";
    static final String METRICS_AUTH_USER = "metrics.auth.user";
    static final String METRICS_AUTH_PASSWORD_FILE = "metrics.auth.passwordFile";
    static final String METRICS_AUTH_PASSWORD_ENV = "metrics.auth.passwordEnv";
    static final String METRICS_TLS_KEYSTORE = "metrics.tls.keystore";
    static final String METRICS_TLS_PASSWORD_FILE = "metrics.tls.passwordFile";
    static final String METRICS_TLS_PASSWORD_ENV = "metrics.tls.passwordEnv";
    static final String JMX_ENABLED = "jmx.enabled";
    static final String POOL_PREFIX = "pool.";
    static final String DEFAULTS = "defaults";

    /**
     * The default side port, 9412: outside Prometheus' own 9090-9100, and clear of jmx_exporter's
     * usual 9404 and the OpenTelemetry agent's Prometheus exporter on 9464; the same default as the
     * prometheus module's {@code MetricsServer}.
     */
    static final int DEFAULT_METRICS_PORT = 9412;
    /**
     * Loopback only: an agent added to an application must not open a port to the network unless
     * told to; {@code metrics.host=0.0.0.0} serves every interface (then with basic auth, or a
     * warning says it is open).
     */
    static final String DEFAULT_METRICS_HOST = "127.0.0.1";

    /**
     * Keys that would carry a password as a value, refused from every source (agent arguments and
     * system properties show in {@code ps}), each mapped to the keys that name a file or a
     * variable holding the password instead.
     */
    static final Map<String, String> REFUSED_PASSWORD_KEYS;

    static {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("metrics.auth.password", METRICS_AUTH_PASSWORD_FILE + " or " + METRICS_AUTH_PASSWORD_ENV);
        refused.put("metrics.tls.password", METRICS_TLS_PASSWORD_FILE + " or " + METRICS_TLS_PASSWORD_ENV);
        REFUSED_PASSWORD_KEYS = Collections.unmodifiableMap(refused);
    }

    /** Every key other than the pool keys, in the order the README lists them. */
    static final List<String> SIMPLE_KEYS = Collections.unmodifiableList(Arrays.asList(
            ENABLED, INCLUDE, EXCLUDE, METRICS_ENABLED, METRICS_HOST, METRICS_PORT, METRICS_JVM,
            METRICS_AUTH_USER, METRICS_AUTH_PASSWORD_FILE, METRICS_AUTH_PASSWORD_ENV,
            METRICS_TLS_KEYSTORE, METRICS_TLS_PASSWORD_FILE, METRICS_TLS_PASSWORD_ENV,
            JMX_ENABLED, STRICT, CONFIG));

    private final Map<String, Object> simple;
    private final List<Layer> layers;
    private final PoolSettings defaults;
    private final List<String> problems;
    private final boolean enabled;

    private AgentConfig(Map<String, Object> simple, List<Layer> layers, PoolSettings defaults, List<String> problems,
            boolean enabled) {
        this.simple = simple;
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
        String file = (String) first(layers, CONFIG);
        if (file != null) {
            Layer fileLayer = Layer.fromFile(file, problems);
            if (fileLayer == null) {
                fileFailed = true;
            } else {
                layers.add(fileLayer);
            }
        }

        Map<String, Object> simple = new HashMap<>();
        for (String key : SIMPLE_KEYS) {
            Object value = first(layers, key);
            simple.put(key, value != null ? value : defaultOf(key));
        }

        PoolSettings defaults = PoolSettings.BUILT_IN.with(checkedSection(layers, DEFAULTS, PoolSettings.BUILT_IN,
                problems));
        for (String name : namedSections(layers, false)) {
            checkedSection(layers, name, defaults, problems);
        }
        for (String name : namedSections(layers, true)) {
            checkedEnvSection(layers, name, defaults, problems);
        }
        boolean enabled = (Boolean) simple.get(ENABLED) && !fileFailed;
        return new AgentConfig(simple, layers, defaults, problems, enabled);
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

    private static Object defaultOf(String key) {
        switch (key) {
            case ENABLED:
            case METRICS_ENABLED:
            case METRICS_JVM:
            case JMX_ENABLED:
                return Boolean.TRUE;
            case STRICT:
                return Boolean.FALSE;
            case INCLUDE:
            case EXCLUDE:
                return Collections.<String>emptyList();
            case METRICS_HOST:
                return DEFAULT_METRICS_HOST;
            case METRICS_PORT:
                return DEFAULT_METRICS_PORT;
            default:
                return null;
        }
    }

    private static Object first(List<Layer> layers, String key) {
        for (Layer layer : layers) {
            Object value = layer.simple.get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    // ---- resolved values ----------------------------------------------------------------------

    /** False when {@code enabled=false}, or when the config file could not be read. */
    boolean enabled() {
        return enabled;
    }

    /** The value of the key {@code enabled} (true unless set false), whatever the config file's fate. */
    boolean enabledKey() {
        return (Boolean) simple.get(ENABLED);
    }

    /** {@code strict=true}: problems fail the start instead of being logged. */
    boolean strict() {
        return (Boolean) simple.get(STRICT);
    }

    /** Caller class-name prefixes to rewrite (dotted); empty means every non-JDK class. */
    @SuppressWarnings("unchecked")
    List<String> include() {
        return (List<String>) simple.get(INCLUDE);
    }

    /** Caller class-name prefixes never to rewrite (dotted). */
    @SuppressWarnings("unchecked")
    List<String> exclude() {
        return (List<String>) simple.get(EXCLUDE);
    }

    boolean metricsEnabled() {
        return (Boolean) simple.get(METRICS_ENABLED);
    }

    String metricsHost() {
        return (String) simple.get(METRICS_HOST);
    }

    int metricsPort() {
        return (Integer) simple.get(METRICS_PORT);
    }

    boolean metricsJvm() {
        return (Boolean) simple.get(METRICS_JVM);
    }

    /**
     * The value of a {@code metrics.auth.*} or {@code metrics.tls.*} key as given (a user, a path or
     * a variable name), or null when it is not set. {@link SidePortSecurity} reads what they name.
     */
    String metricsSecurity(String key) {
        if (!key.startsWith("metrics.auth.") && !key.startsWith("metrics.tls.")) {
            throw new IllegalArgumentException(key);
        }
        return (String) simple.get(key);
    }

    boolean jmxEnabled() {
        return (Boolean) simple.get(JMX_ENABLED);
    }

    /** The config file's path as given, or null. */
    String configFile() {
        return (String) simple.get(CONFIG);
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
        Map<Knob, Object> values = new EnumMap<>(Knob.class);
        for (Knob knob : Knob.values()) {
            Object value = poolValue(poolName, knob);
            if (value == null && !siteName.equals(poolName)) {
                value = poolValue(siteName, knob);
            }
            if (value != null) {
                values.put(knob, value);
            }
        }
        return defaults.with(values);
    }

    private Object poolValue(String poolName, Knob knob) {
        String envName = envPoolName(poolName);
        for (Layer layer : layers) {
            Map<Knob, Object> section = layer.pools.get(layer.envNames ? envName : poolName);
            if (section != null && section.containsKey(knob)) {
                return section.get(knob);
            }
        }
        return null;
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
    private static Map<Knob, Object> checkedSection(List<Layer> layers, String name, PoolSettings base,
            List<String> problems) {
        Map<Knob, Object> merged = new EnumMap<>(Knob.class);
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (!layer.envNames || name.equals(DEFAULTS)) {
                putAll(merged, layer.pools.get(name));
            }
        }
        return checkMinMax(layers, "pool." + name, name, false, merged, base, problems);
    }

    private static void checkedEnvSection(List<Layer> layers, String envName, PoolSettings defaults,
            List<String> problems) {
        Map<Knob, Object> merged = new EnumMap<>(Knob.class);
        for (Layer layer : layers) {
            if (layer.envNames) {
                putAll(merged, layer.pools.get(envName));
            }
        }
        checkMinMax(layers, "pool." + envName + " (" + ENV_PREFIX + "POOL_" + envName + "_*)", envName, true, merged,
                defaults, problems);
    }

    private static void putAll(Map<Knob, Object> into, Map<Knob, Object> from) {
        if (from != null) {
            into.putAll(from);
        }
    }

    private static Map<Knob, Object> checkMinMax(List<Layer> layers, String label, String name, boolean env,
            Map<Knob, Object> merged, PoolSettings base, List<String> problems) {
        PoolSettings effective = base.with(merged);
        if (effective.minWorkers <= effective.maxWorkers) {
            return merged;
        }
        List<String> dropped = new ArrayList<>();
        for (Knob knob : new Knob[] {Knob.MIN_WORKERS, Knob.MAX_WORKERS}) {
            if (merged.remove(knob) != null) {
                dropped.add(knob.key);
            }
            for (Layer layer : layers) {
                Map<Knob, Object> section = layer.pools.get(name);
                if (layer.envNames == env && section != null) {
                    section.remove(knob);
                }
            }
        }
        problems.add(label + ": minWorkers (" + effective.minWorkers + ") must be <= maxWorkers ("
                + effective.maxWorkers + "); its " + String.join(" and ", dropped) + " ignored");
        return merged;
    }

    // ---- one source ---------------------------------------------------------------------------

    /** The checked values of one source. */
    private static final class Layer {
        /** Simple keys to parsed values. */
        final Map<String, Object> simple = new HashMap<>();
        /** Pool section name (or {@code defaults}) to knob values; for the environment, names are as in the variable. */
        final Map<String, Map<Knob, Object>> pools = new HashMap<>();
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
                String key = null;
                for (String simpleKey : SIMPLE_KEYS) {
                    if (envName(simpleKey).equals(ENV_PREFIX + rest)) {
                        key = simpleKey;
                    }
                }
                if (key != null) {
                    layer.acceptSimple(key, e.getValue(), where, problems);
                    continue;
                }
                String refused = null;
                for (String refusedKey : REFUSED_PASSWORD_KEYS.keySet()) {
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
                    Knob knob = null;
                    String name = null;
                    for (Knob k : Knob.values()) {
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
                if (key.equals(CONFIG)) {
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
            if (SIMPLE_KEYS.contains(key)) {
                acceptSimple(key, value, where, problems);
                return;
            }
            for (String refused : REFUSED_PASSWORD_KEYS.keySet()) {
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
                    Knob knob = Knob.of(knobName);
                    if (knob != null) {
                        acceptKnob(name, knob, key, value, where, problems);
                        return;
                    }
                    Knob near = Knob.ofIgnoreCase(knobName);
                    problems.add("unknown key " + key + " " + where + (near != null
                            ? " (did you mean " + POOL_PREFIX + name + "." + near.key + "?)"
                            : " (pool knobs: " + Knob.keys() + ")") + "; ignored");
                    return;
                }
            }
            String hint = "";
            for (String known : SIMPLE_KEYS) {
                if (known.equalsIgnoreCase(key)) {
                    hint = " (did you mean " + known + "?)";
                }
            }
            if (key.startsWith(POOL_PREFIX) && Knob.ofIgnoreCase(key.substring(POOL_PREFIX.length())) != null) {
                hint = " (did you mean " + POOL_PREFIX + DEFAULTS + "."
                        + Knob.ofIgnoreCase(key.substring(POOL_PREFIX.length())).key + "?)";
            }
            problems.add("unknown key " + key + " " + where + hint + "; ignored");
        }

        void acceptKnob(String section, Knob knob, String label, String value, String where, List<String> problems) {
            try {
                Object parsed = knob.parse(value);
                Map<Knob, Object> values = pools.get(section);
                if (values == null) {
                    values = new EnumMap<>(Knob.class);
                    pools.put(section, values);
                }
                values.put(knob, parsed);
            } catch (Knob.InvalidValue e) {
                problems.add(invalid(label, value, where, e.getMessage()));
            }
        }

        void acceptSimple(String key, String value, String where, List<String> problems) {
            try {
                simple.put(key, parseSimple(key, value));
            } catch (Knob.InvalidValue e) {
                problems.add(invalid(key, value, where, e.getMessage()));
            }
        }

        /** The line for a password given as a value; the value is never repeated. */
        private static String refusedPassword(String key, String where) {
            String instead = null;
            for (Map.Entry<String, String> e : REFUSED_PASSWORD_KEYS.entrySet()) {
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

        private static Object parseSimple(String key, String value) throws Knob.InvalidValue {
            String v = value.trim();
            switch (key) {
                case ENABLED:
                case STRICT:
                case METRICS_ENABLED:
                case METRICS_JVM:
                case JMX_ENABLED:
                    if (v.equalsIgnoreCase("true")) {
                        return Boolean.TRUE;
                    }
                    if (v.equalsIgnoreCase("false")) {
                        return Boolean.FALSE;
                    }
                    throw new Knob.InvalidValue("not true or false");
                case METRICS_PORT: {
                    int port;
                    try {
                        port = Knob.parseInt(v, 0);
                    } catch (Knob.InvalidValue e) {
                        if (e.getMessage().startsWith("must be >=") || e.getMessage().startsWith("must be <=")) {
                            port = -1;
                        } else {
                            throw e;
                        }
                    }
                    if (port < 0 || port > 65535) {
                        throw new Knob.InvalidValue("must be between 0 and 65535");
                    }
                    return port;
                }
                case METRICS_HOST:
                case CONFIG:
                case METRICS_AUTH_PASSWORD_FILE:
                case METRICS_TLS_KEYSTORE:
                case METRICS_TLS_PASSWORD_FILE:
                    if (v.isEmpty()) {
                        throw new Knob.InvalidValue("must not be empty");
                    }
                    return v;
                case METRICS_AUTH_USER:
                    if (v.isEmpty()) {
                        throw new Knob.InvalidValue("must not be empty");
                    }
                    if (v.indexOf(':') >= 0) {
                        throw new Knob.InvalidValue("a basic-auth user name cannot contain ':'");
                    }
                    return v;
                case METRICS_AUTH_PASSWORD_ENV:
                case METRICS_TLS_PASSWORD_ENV:
                    if (v.isEmpty() || v.indexOf('=') >= 0 || v.indexOf('\0') >= 0) {
                        throw new Knob.InvalidValue("not an environment variable name");
                    }
                    if (v.toUpperCase(Locale.ROOT).startsWith(ENV_PREFIX)) {
                        throw new Knob.InvalidValue("variables named " + ENV_PREFIX + "* are agent keys; choose"
                                + " another name");
                    }
                    return v;
                case INCLUDE:
                case EXCLUDE:
                    return prefixes(v);
                default:
                    throw new AssertionError(key);
            }
        }

        private static List<String> prefixes(String value) throws Knob.InvalidValue {
            List<String> prefixes = new ArrayList<>();
            for (String item : value.split(",")) {
                String p = item.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (!p.equals("*") && !isPrefix(p)) {
                    throw new Knob.InvalidValue("'" + p + "' is not a class-name prefix (letters, digits, _, $ and"
                            + " dots, such as com.acme.) nor *");
                }
                prefixes.add(p);
            }
            return Collections.unmodifiableList(prefixes);
        }

        private static boolean isPrefix(String p) {
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (!(Character.isJavaIdentifierPart(c) || c == '.')) {
                    return false;
                }
            }
            return true;
        }
    }
}
