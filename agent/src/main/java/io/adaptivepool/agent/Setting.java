package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;
import io.adaptivepool.prometheus.MetricsServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The agent's settings, each defined once: its key, type, default, description, how its text is
 * parsed, how its value is written back, and (for a pool knob) the builder method that applies and
 * validates it. {@link AgentConfig} reads every source with these, {@link PoolFactory} builds pools
 * with them, and the CLI's help, the "did you mean" hints and {@code docs/agent-keys.md} are made
 * from them ({@link #markdownTable()}; a test fails when the checked-in table differs).
 *
 * <p>Two lists: {@link #AGENT_KEYS}, set once for the agent ({@code metrics.port}), and
 * {@link #POOL_KNOBS}, set for every pool ({@code pool.defaults.<knob>}) or for one
 * ({@code pool.<pool name>.<knob>}), one per knob of {@code AdaptivePoolExecutor.Builder}. A pool
 * knob's value is checked by its builder method, so a bad value is refused at start with the
 * builder's own reason ({@code must be >= 1}), rather than when the first pool is made.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
    // ---- pool knobs: the agent's defaults keep the contract of the cached pool being replaced --

    /**
     * The default {@code maxWorkers}: {@code max(64, 16 x available processors)}. Cached pools
     * run blocking work (I/O, waits on other services), where useful threads are about
     * {@code cores x (1 + wait/compute)}; 16 per core covers tasks that wait 15 times longer than
     * they compute, and the floor of 64 keeps one- and two-core containers from starving apps that
     * block a few dozen tasks at a time. The point is a bound, against the thousands of threads an
     * unbounded burst makes.
     */
    static final int DEFAULT_MAX_WORKERS = Math.max(64, 16 * Runtime.getRuntime().availableProcessors());

    /**
     * The default queue capacity, 10000: with eager scaling nothing queues until the workers are at
     * max, and then the queue absorbs a burst of thousands of tasks without blocking the producer,
     * at a bounded cost of about a hundred bytes per queued task (plus the task itself).
     */
    static final int DEFAULT_QUEUE_CAPACITY = 10_000;

    /**
     * The default {@code stallWorkers}, 2048: how many workers the stall guard may add above
     * {@code maxWorkers}, per pool. A cached pool never makes a task wait (it starts a thread
     * whenever none is free), so tasks that wait on other tasks of the pool, and long-lived tasks (a
     * thread per connection), never starve it; the guard keeps that promise beyond
     * {@code maxWorkers}, up to this ceiling. 2048 covers 700 callbacks each waiting on a follow-up
     * task (about 1400 threads) and 650 idle keep-alive connections; 2000 parked threads were
     * measured at about 100-120 MB resident, paid only while a pool stalls (the extra workers leave
     * once its queue is empty). Per pool rather than one budget for the JVM: a pool deadlocked at its
     * ceiling must not use up the threads another pool needs to stay live. docs/agent.md has the
     * measurements.
     */
    static final int DEFAULT_STALL_WORKERS = 2048;

    static final Class<List<String>> STRING_LIST = listOfStrings();
    static final Class<Set<PoolKind>> KIND_SET = setOfKinds();

    /** The value of {@code maxSubmitWait} that means "wait as long as it takes" (the default). */
    static final String UNBOUNDED = "unbounded";

    public static final Setting<Integer> MIN_WORKERS = knob("minWorkers", Integer.class, 0,
            "Workers kept alive while the pool runs; 0, as a cached pool keeps no idle thread.",
            Syntax.INTEGER);
    public static final Setting<Integer> MAX_WORKERS = knob("maxWorkers", Integer.class, DEFAULT_MAX_WORKERS,
            "Most workers at once: the bound that replaces the cached pool's unbounded threads.",
            Syntax.INTEGER)
            .documentedDefault("max(64, 16 x available processors)");
    public static final Setting<Integer> QUEUE_CAPACITY = knob("queueCapacity", Integer.class,
            DEFAULT_QUEUE_CAPACITY, "How many tasks may wait once the workers are at max.",
            Syntax.INTEGER);
    public static final Setting<Double> SCALE_UP_THRESHOLD = knob("scaleUpThreshold", Double.class, 0.0,
            "Queue fill ratio at which a submission adds workers; 0 is eager: a worker whenever a task would wait.",
            Syntax.RATIO);
    public static final Setting<Duration> SCALE_DOWN_IDLE = knob("scaleDownIdle", Duration.class,
            Duration.ofSeconds(60), "Idle time after which a worker above min retires (the cached pool's keep-alive).",
            Syntax.DURATION);
    public static final Setting<Duration> SCALE_COOLDOWN = knob("scaleCooldown", Duration.class, Duration.ZERO,
            "Spacing of threshold-driven growth steps and of retirements; 0: idle workers all retire after"
                    + " scaleDownIdle, as before.",
            Syntax.DURATION);
    public static final Setting<Saturation> SATURATION = knob("saturation", Saturation.class, Saturation.BLOCK,
            "What a submission does when the queue is full at max workers: BLOCK (never a"
                    + " RejectedExecutionException), REJECT or CALLER_RUNS.",
            Syntax.SATURATION);
    /** Null when unbounded. */
    public static final Setting<Duration> MAX_SUBMIT_WAIT = knob("maxSubmitWait", Duration.class, null,
            "Bound on a BLOCK wait, then PoolSaturatedException; " + UNBOUNDED + " waits as long as it takes.",
            Syntax.DURATION_OR_UNBOUNDED);
    public static final Setting<Integer> STALL_WORKERS = knob("stallWorkers", Integer.class, DEFAULT_STALL_WORKERS,
            "Workers the stall guard may add above maxWorkers when queued tasks see no task start for"
                    + " stallTimeout; 0 turns the guard off.",
            Syntax.INTEGER);
    public static final Setting<Duration> STALL_TIMEOUT = knob("stallTimeout", Duration.class,
            Duration.ofSeconds(1), "The longest queued tasks may see no task start before the pool counts a stall"
                    + " (and the guard adds workers); a pool whose tasks start often counts one sooner: 4 x its longest"
                    + " recent gap between starts, at least 100ms.",
            Syntax.DURATION);

    /** Every pool knob, in the order of messages, logs and the docs. */
    static final List<Setting<?>> POOL_KNOBS = Collections.unmodifiableList(Arrays.<Setting<?>>asList(
            MIN_WORKERS, MAX_WORKERS, QUEUE_CAPACITY, SCALE_UP_THRESHOLD, SCALE_DOWN_IDLE, SCALE_COOLDOWN,
            SATURATION, MAX_SUBMIT_WAIT, STALL_WORKERS, STALL_TIMEOUT));

    // ---- agent keys ---------------------------------------------------------------------------

    /** The default side port: the prometheus module's {@link MetricsServer#DEFAULT_PORT} (9412, and why). */
    static final int DEFAULT_METRICS_PORT = MetricsServer.DEFAULT_PORT;
    /**
     * Loopback only: an agent added to an application must not open a port to the network unless
     * told to; {@code metrics.host=0.0.0.0} serves every interface (then with basic auth, or a
     * warning says it is open).
     */
    static final String DEFAULT_METRICS_HOST = "127.0.0.1";

    static final Setting<Boolean> ENABLED = agent("enabled", Boolean.class, true,
            "false turns the agent off: no class is rewritten.", Syntax.BOOL);
    static final Setting<Set<PoolKind>> REPLACE = agent("replace", KIND_SET,
            Collections.unmodifiableSet(EnumSet.of(PoolKind.CACHED)),
            "Kinds of executor replaced, comma-separated, the whole set: cached (Executors.newCachedThreadPool and"
                    + " a hand-written new ThreadPoolExecutor of that pool), fixed (newFixedThreadPool), single"
                    + " (newSingleThreadExecutor), virtual (newVirtualThreadPerTaskExecutor), or all.",
            Syntax.KINDS);
    static final Setting<List<String>> INCLUDE = agent("include", STRING_LIST, Collections.<String>emptyList(),
            "Caller class-name prefixes to rewrite (comma-separated; * for every class, JDK ones too).",
            Syntax.PREFIXES).documentedDefault("every non-JDK class");
    static final Setting<List<String>> EXCLUDE = agent("exclude", STRING_LIST, Collections.<String>emptyList(),
            "Caller class-name prefixes never to rewrite (comma-separated).", Syntax.PREFIXES);
    static final Setting<Boolean> METRICS_ENABLED = agent("metrics.enabled", Boolean.class, true,
            "Serve Prometheus metrics on the side port.", Syntax.BOOL);
    static final Setting<String> METRICS_HOST = agent("metrics.host", String.class, DEFAULT_METRICS_HOST,
            "Address the side port listens on; 0.0.0.0 for every interface (then with basic auth).",
            Syntax.NON_EMPTY);
    static final Setting<Integer> METRICS_PORT = agent("metrics.port", Integer.class, DEFAULT_METRICS_PORT,
            "The side port; 0 for any free port (logged).", Syntax.PORT);
    static final Setting<Boolean> METRICS_JVM = agent("metrics.jvm", Boolean.class, true,
            "Add the JVM's (hotspot) metrics to the side port.", Syntax.BOOL);
    static final Setting<String> METRICS_AUTH_USER = agent("metrics.auth.user", String.class, null,
            "Basic-auth user of the side port (with metrics.auth.passwordFile or metrics.auth.passwordEnv).",
            Syntax.USER);
    static final Setting<String> METRICS_AUTH_PASSWORD_FILE = agent("metrics.auth.passwordFile", String.class, null,
            "File holding the basic-auth password.", Syntax.NON_EMPTY);
    static final Setting<String> METRICS_AUTH_PASSWORD_ENV = agent("metrics.auth.passwordEnv", String.class, null,
            "Environment variable holding the basic-auth password.", Syntax.ENV_VARIABLE);
    static final Setting<String> METRICS_TLS_KEYSTORE = agent("metrics.tls.keystore", String.class, null,
            "Keystore (PKCS12 or JKS) that turns the side port to HTTPS.", Syntax.NON_EMPTY);
    static final Setting<String> METRICS_TLS_PASSWORD_FILE = agent("metrics.tls.passwordFile", String.class, null,
            "File holding the keystore's password.", Syntax.NON_EMPTY);
    static final Setting<String> METRICS_TLS_PASSWORD_ENV = agent("metrics.tls.passwordEnv", String.class, null,
            "Environment variable holding the keystore's password.", Syntax.ENV_VARIABLE);
    static final Setting<Boolean> JMX_ENABLED = agent("jmx.enabled", Boolean.class, true,
            "Register each replaced pool's MBean.", Syntax.BOOL);
    static final Setting<Boolean> STRICT = agent("strict", Boolean.class, false,
            "true: a configuration problem or a failure to start fails the JVM's start instead of being logged.",
            Syntax.BOOL);
    static final Setting<Boolean> STALL_STACKS = agent("stall.stacks", Boolean.class, false,
            "true: a stall's line carries the stack of the pool's longest-running worker (also at log level FINE"
                    + " of the logger io.adaptivepool.AdaptivePoolExecutor).", Syntax.BOOL);
    static final Setting<String> CONFIG = agent("config", String.class, null,
            "A properties file with more keys (not from the file itself).", Syntax.NON_EMPTY);

    /** Every key other than the pool knobs, in the order the docs list them. */
    static final List<Setting<?>> AGENT_KEYS = Collections.unmodifiableList(Arrays.<Setting<?>>asList(
            ENABLED, REPLACE, INCLUDE, EXCLUDE, METRICS_ENABLED, METRICS_HOST, METRICS_PORT, METRICS_JVM,
            METRICS_AUTH_USER, METRICS_AUTH_PASSWORD_FILE, METRICS_AUTH_PASSWORD_ENV,
            METRICS_TLS_KEYSTORE, METRICS_TLS_PASSWORD_FILE, METRICS_TLS_PASSWORD_ENV,
            JMX_ENABLED, STALL_STACKS, STRICT, CONFIG));

    /** The keys that secure the side port, which {@link SidePortSecurity} reads. */
    static final List<Setting<String>> SIDE_PORT_SECURITY = Collections.unmodifiableList(Arrays.asList(
            METRICS_AUTH_USER, METRICS_AUTH_PASSWORD_FILE, METRICS_AUTH_PASSWORD_ENV,
            METRICS_TLS_KEYSTORE, METRICS_TLS_PASSWORD_FILE, METRICS_TLS_PASSWORD_ENV));

    /**
     * Keys that would carry a password as a value, refused from every source (agent arguments and
     * system properties show in {@code ps}), each mapped to the keys that name a file or a
     * variable holding the password instead.
     */
    static final Map<String, String> REFUSED_PASSWORD_KEYS;

    static {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("metrics.auth.password", METRICS_AUTH_PASSWORD_FILE.key + " or " + METRICS_AUTH_PASSWORD_ENV.key);
        refused.put("metrics.tls.password", METRICS_TLS_PASSWORD_FILE.key + " or " + METRICS_TLS_PASSWORD_ENV.key);
        REFUSED_PASSWORD_KEYS = Collections.unmodifiableMap(refused);
    }

    /** The key ({@code metrics.port}), or for a pool knob the builder method's name ({@code maxWorkers}). */
    final String key;
    final Class<T> type;
    /** The value when no source sets it; null for "not set" (or, for {@code maxSubmitWait}, unbounded). */
    final T defaultValue;
    final String description;
    private final Syntax syntax;
    /** True for a pool knob, which the builder method of the same name applies ({@link #apply}). */
    private final boolean poolKnob;
    private String documentedDefault;

    private Setting(String key, Class<T> type, T defaultValue, String description, Syntax syntax, boolean poolKnob) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.syntax = syntax;
        this.poolKnob = poolKnob;
    }

    private static <T> Setting<T> knob(String key, Class<T> type, T defaultValue, String description, Syntax syntax) {
        return new Setting<>(key, type, defaultValue, description, syntax, true);
    }

    private static <T> Setting<T> agent(String key, Class<T> type, T defaultValue, String description, Syntax syntax) {
        return new Setting<>(key, type, defaultValue, description, syntax, false);
    }

    @SuppressWarnings("unchecked")
    private static Class<Set<PoolKind>> setOfKinds() {
        return (Class<Set<PoolKind>>) (Class<?>) Set.class;
    }

    @SuppressWarnings("unchecked")
    private static Class<List<String>> listOfStrings() {
        return (Class<List<String>>) (Class<?>) List.class;
    }

    /** For the docs, when the default is not a fixed value. */
    private Setting<T> documentedDefault(String text) {
        this.documentedDefault = text;
        return this;
    }

    /** The key, or for a pool knob the builder method's name. */
    public String key() {
        return key;
    }

    /**
     * Parses and checks a value. A pool knob's value is checked by its builder method; the reason
     * is the end of the builder's message ({@code maxWorkers (0) must be >= 1} gives
     * {@code must be >= 1}).
     *
     * @throws InvalidValue naming what is wrong (the caller adds the key and the value)
     */
    T parse(String value) throws InvalidValue {
        T parsed = type.cast(syntax.parse(value));
        if (poolKnob) {
            try {
                check(parsed);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(reason(e.getMessage()));
            }
        }
        return parsed;
    }

    /**
     * Checks a pool knob's value with its builder method, which throws the builder's
     * {@link IllegalArgumentException}.
     */
    public void check(T value) {
        apply(AdaptivePoolExecutor.builder(), value);
    }

    /** {@link #check} of a value given as an object of this knob's type (the CLI's parsed values). */
    public void checkObject(Object value) {
        check(type.cast(value));
    }

    /** Sets a pool knob on a builder, with the builder method of the same name. */
    void apply(AdaptivePoolExecutor.Builder builder, T value) {
        if (!poolKnob) {
            throw new IllegalStateException(key + " is not a pool knob");
        }
        switch (key) {
            case "minWorkers": builder.minWorkers((Integer) value); break;
            case "maxWorkers": builder.maxWorkers((Integer) value); break;
            case "queueCapacity": builder.queueCapacity((Integer) value); break;
            case "scaleUpThreshold": builder.scaleUpThreshold((Double) value); break;
            case "scaleDownIdle": builder.scaleDownIdle((Duration) value); break;
            case "scaleCooldown": builder.scaleCooldown((Duration) value); break;
            case "saturation": builder.saturation((Saturation) value); break;
            case "maxSubmitWait": SettingParsers.maxSubmitWait(builder, (Duration) value); break;
            case "stallWorkers": builder.stallWorkers((Integer) value); break;
            case "stallTimeout": builder.stallTimeout((Duration) value); break;
            default: throw new IllegalStateException(key + " has no builder method");
        }
    }

    /** The value as the config syntax writes it: {@code 60s}, {@code BLOCK}, {@code unbounded}. */
    String format(T value) {
        return syntax.format(value);
    }

    /** {@code maxWorkers (0) must be >= 1}: {@code must be >= 1}. */
    private String reason(String builderMessage) {
        String prefix = key + " (";
        if (builderMessage != null && builderMessage.startsWith(prefix)) {
            int close = builderMessage.indexOf(") ", prefix.length());
            if (close >= 0) {
                return builderMessage.substring(close + 2);
            }
        }
        return builderMessage;
    }

    /**
     * The builder's message when {@code minWorkers} is above {@code maxWorkers}, worded after the
     * knob being set, as the builder and the MBean word it.
     */
    public static String minAboveMax(int min, int max, boolean settingMin) {
        return settingMin
                ? MIN_WORKERS.key + " (" + min + ") must be <= " + MAX_WORKERS.key + " (" + max + ")"
                : MAX_WORKERS.key + " (" + max + ") must be >= " + MIN_WORKERS.key + " (" + min + ")";
    }

    /** The environment variable for an agent key: {@code metrics.port} is {@code ADAPTIVEPOOL_METRICS_PORT}. */
    String envName() {
        return AgentConfig.envName(key);
    }

    @Override
    public String toString() {
        return key;
    }

    /**
     * {@code 60s}, {@code 500ms}, {@code 2m}, {@code 3h}: the shortest exact form of the duration
     * syntax, for the agent's logs and docs and the operator CLI.
     */
    public static String formatMillis(long millis) {
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    // ---- look-ups -----------------------------------------------------------------------------

    /** The setting of {@code settings} whose key is {@code key} (exact spelling), or null. */
    static Setting<?> of(List<Setting<?>> settings, String key) {
        for (Setting<?> s : settings) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** The setting of {@code settings} whose key is {@code key} ignoring case (for hints), or null. */
    static Setting<?> ofIgnoreCase(List<Setting<?>> settings, String key) {
        for (Setting<?> s : settings) {
            if (s.key.equalsIgnoreCase(key)) {
                return s;
            }
        }
        return null;
    }

    /** The keys of {@code settings}, comma-separated, in order (for messages and the CLI's help). */
    static String keys(List<Setting<?>> settings) {
        List<String> keys = new ArrayList<>();
        for (Setting<?> s : settings) {
            keys.add(s.key);
        }
        return String.join(", ", keys);
    }

    /** The keys, as the CLI's help lists them: the agent keys with the pool sections after {@code exclude}. */
    static List<String> helpKeys() {
        List<String> keys = new ArrayList<>();
        for (Setting<?> s : AGENT_KEYS) {
            keys.add(s.key);
            if (s == EXCLUDE) {
                keys.add(AgentConfig.POOL_PREFIX + AgentConfig.DEFAULTS + ".<knob>");
                keys.add(AgentConfig.POOL_PREFIX + "<pool name>.<knob>");
            }
        }
        return keys;
    }

    // ---- docs ---------------------------------------------------------------------------------

    /** {@code docs/agent-keys.md}: made from these definitions, checked by a test. */
    static String markdownTable() {
        StringBuilder md = new StringBuilder();
        md.append("<!-- Generated from agent/src/main/java/io/adaptivepool/agent/Setting.java by AgentKeysDocTest;")
                .append(" do not edit: change Setting.java and run that test with -Dagent.keys.write=true. -->\n");
        md.append("# Agent keys\n\n");
        md.append("Each key is read from the agent arguments (`-javaagent:adaptive-pool-agent.jar=key=value,...`),")
                .append(" the system property `adaptivepool.<key>`, the environment variable `ADAPTIVEPOOL_<KEY>`")
                .append(" (upper case, dots to underscores) and the file named by `config`, in that order of")
                .append(" precedence, then the default. An unknown key or an invalid value is reported in one line")
                .append(" and ignored (`strict=true` fails the start instead).\n\n");
        md.append("## Agent\n\n");
        md.append("| key | environment variable | default | description |\n|---|---|---|---|\n");
        for (Setting<?> s : AGENT_KEYS) {
            md.append("| `").append(s.key).append("` | `").append(s.envName()).append("` | ")
                    .append(s.defaultCell()).append(" | ").append(s.description).append(" |\n");
        }
        md.append("\nRefused from every source, since a password given as a value shows in `ps`:\n\n");
        for (Map.Entry<String, String> e : REFUSED_PASSWORD_KEYS.entrySet()) {
            md.append("- `").append(e.getKey()).append("`: use ").append(e.getValue()).append("\n");
        }
        md.append("\n## Pool knobs\n\n");
        md.append("`pool.defaults.<knob>` sets every replaced pool, `pool.<pool name>.<knob>` one pool (named after")
                .append(" its call site, `com.acme.OrderService.start`, `#2`, `#3` for repeats; the site's name also")
                .append(" sets its repeats), over `pool.defaults` from any source. Environment:")
                .append(" `ADAPTIVEPOOL_POOL_DEFAULTS_<KNOB>`, `ADAPTIVEPOOL_POOL_<NAME>_<KNOB>` (the pool name upper")
                .append(" case, every other character than a letter or digit as `_`). Each value is checked by the")
                .append(" builder method of the same name; durations are a whole number and a unit: `500ms`, `30s`,")
                .append(" `2m`, `1h`. The defaults keep what a cached pool promises.\n\n");
        md.append("| knob | default | description |\n|---|---|---|\n");
        for (Setting<?> s : POOL_KNOBS) {
            md.append("| `").append(s.key).append("` | ").append(s.defaultCell()).append(" | ")
                    .append(s.description).append(" |\n");
        }
        return md.toString();
    }

    private String defaultCell() {
        if (documentedDefault != null) {
            return documentedDefault;
        }
        if (defaultValue == null && !poolKnob) {
            return "(not set)";
        }
        String text = format(defaultValue);
        return text.isEmpty() ? "(none)" : "`" + text + "`";
    }

    /** A value that does not parse or is out of bounds; the message says why, without the key. */
    static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValue(String reason) {
            super(reason, null, false, false);
        }
    }
}
