package io.adaptivepool.agent;

import static io.adaptivepool.agent.AgentConfig.SYSTEM_PROPERTY_PREFIX;
import static io.adaptivepool.agent.AgentConfig.ENV_PREFIX;
import static io.adaptivepool.agent.AgentConfig.POOL_PREFIX;
import static io.adaptivepool.agent.AgentConfig.DEFAULTS;
import static io.adaptivepool.agent.AgentConfig.envName;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The checked values of one configuration source: the agent arguments, the system properties, the
 * environment or the config file. Each key and value is checked as it is read; what fails becomes a
 * line in the caller's problem list, and the rest is kept. {@link AgentConfig} resolves the sources
 * in their order of precedence.
 */
final class ConfigSource {
    /** Agent keys to parsed values. */
    final SettingValues simple = new SettingValues();
    /** Pool section name (or {@code defaults}) to knob values; for the environment, names are as in the variable. */
    final Map<String, SettingValues> pools = new HashMap<>();
    final boolean envNames;

    private ConfigSource(boolean envNames) {
        this.envNames = envNames;
    }

    static ConfigSource fromAgentArgs(String args, List<String> problems) {
        ConfigSource source = new ConfigSource(false);
        if (args == null || args.trim().isEmpty()) {
            return source;
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
            source.accept(e.getKey(), e.getValue(), "in agent arguments", problems);
        }
        return source;
    }

    static ConfigSource fromSystemProperties(Properties properties, List<String> problems) {
        ConfigSource source = new ConfigSource(false);
        Map<String, String> sorted = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
                sorted.put(name, properties.getProperty(name));
            }
        }
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String key = e.getKey().substring(SYSTEM_PROPERTY_PREFIX.length());
            source.accept(key, e.getValue(), "in system property " + e.getKey(), problems);
        }
        return source;
    }

    static ConfigSource fromEnvironment(Map<String, String> env, List<String> problems) {
        ConfigSource source = new ConfigSource(true);
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
                source.acceptSimple(key, e.getValue(), where, problems);
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
                    source.acceptKnob(name.equals("DEFAULTS") ? DEFAULTS : name, knob, label, e.getValue(),
                            where, problems);
                    continue;
                }
            }
            problems.add("unknown environment variable " + variable + " (it names no key); ignored");
        }
        return source;
    }

    /** Null (and a problem) if the file cannot be read or is malformed. */
    static ConfigSource fromFile(String file, List<String> problems) {
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
        ConfigSource source = new ConfigSource(false);
        String where = "in config file " + path;
        for (String key : new TreeMap<>(toMap(properties)).keySet()) {
            if (key.equals(Setting.CONFIG.key)) {
                problems.add("unsupported key config " + where + " (a config file cannot name another); ignored");
                continue;
            }
            source.accept(key, properties.getProperty(key), where, problems);
        }
        return source;
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
