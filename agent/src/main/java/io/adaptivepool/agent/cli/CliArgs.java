package io.adaptivepool.agent.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command lines of {@code pools}, {@code watch} and {@code set}, parsed; a bad one throws
 * {@link CliException#usage} naming what is wrong. Values of {@code set} are parsed and checked
 * here too (by {@link LiveKnob#parse}), before anything reaches the JVM.
 */
final class CliArgs {
    /** The shortest {@code --interval} of {@code watch}. */
    static final long MIN_INTERVAL_MILLIS = 100;
    static final long DEFAULT_INTERVAL_MILLIS = 2_000;

    private CliArgs() {
    }

    /** {@code pools <pid> [--json]}. */
    static final class Pools {
        final String pid;
        final boolean json;

        Pools(String pid, boolean json) {
            this.pid = pid;
            this.json = json;
        }
    }

    /** {@code watch <pid> [--interval D] [--pool NAME]}. */
    static final class Watch {
        final String pid;
        final long intervalMillis;
        /** Null for every pool. */
        final String pool;

        Watch(String pid, long intervalMillis, String pool) {
            this.pid = pid;
            this.intervalMillis = intervalMillis;
            this.pool = pool;
        }
    }

    /** {@code set <pid> <pool> key=value...}: the values parsed and checked one by one, in the order given. */
    static final class Set {
        final String pid;
        final String pool;
        final Map<LiveKnob, Object> values;

        Set(String pid, String pool, Map<LiveKnob, Object> values) {
            this.pid = pid;
            this.pool = pool;
            this.values = Collections.unmodifiableMap(values);
        }
    }

    static Pools pools(String[] args) throws CliException {
        List<String> rest = tail(args);
        boolean json = rest.remove("--json");
        for (String a : rest) {
            if (a.startsWith("-")) {
                throw CliException.usage("pools: unknown option " + a + " (only --json)");
            }
        }
        if (rest.size() != 1) {
            throw CliException.usage("pools takes one process id: pools <pid> [--json]");
        }
        return new Pools(pid(rest.get(0)), json);
    }

    static Watch watch(String[] args) throws CliException {
        List<String> positional = new ArrayList<>();
        long interval = DEFAULT_INTERVAL_MILLIS;
        String pool = null;
        List<String> rest = tail(args);
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--interval") || a.startsWith("--interval=")) {
                String value = optionValue(rest, i, "--interval");
                i += a.contains("=") ? 0 : 1;
                interval = interval(value);
            } else if (a.equals("--pool") || a.startsWith("--pool=")) {
                pool = optionValue(rest, i, "--pool");
                i += a.contains("=") ? 0 : 1;
            } else if (a.startsWith("-")) {
                throw CliException.usage("watch: unknown option " + a + " (--interval D, --pool NAME)");
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 1) {
            throw CliException.usage("watch takes one process id: watch <pid> [--interval 2s] [--pool NAME]");
        }
        return new Watch(pid(positional.get(0)), interval, pool);
    }

    static Set set(String[] args) throws CliException {
        List<String> rest = tail(args);
        if (rest.size() < 3) {
            throw CliException.usage("set takes a process id, a pool name and at least one knob=value: "
                    + "set <pid> <pool> knob=value [knob=value ...]");
        }
        String pid = pid(rest.get(0));
        String pool = rest.get(1);
        Map<LiveKnob, Object> values = new LinkedHashMap<>();
        for (String pair : rest.subList(2, rest.size())) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("not knob=value: " + pair + " (knobs: " + String.join(", ", LiveKnob.keys()) + ")");
            }
            String key = pair.substring(0, eq).trim();
            LiveKnob knob = LiveKnob.of(key);
            if (knob == null) {
                throw CliException.usage("unknown knob: " + key + " (" + unknownKnobHint(key) + "knobs that set changes: "
                        + String.join(", ", LiveKnob.keys()) + ")");
            }
            if (values.containsKey(knob)) {
                throw CliException.usage(key + " is given twice");
            }
            values.put(knob, knob.parse(pair.substring(eq + 1)));
        }
        return new Set(pid, pool, values);
    }

    private static String unknownKnobHint(String key) {
        if (key.equals("saturation") || key.equals("maxSubmitWait")) {
            return key + " is fixed when the pool is built; ";
        }
        LiveKnob sameIgnoringCase = null;
        for (LiveKnob k : LiveKnob.values()) {
            if (k.key.equalsIgnoreCase(key)) {
                sameIgnoringCase = k;
            }
        }
        return sameIgnoringCase != null ? "did you mean " + sameIgnoringCase.key + "? " : "";
    }

    private static List<String> tail(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            rest.add(args[i]);
        }
        return rest;
    }

    private static String optionValue(List<String> args, int at, String option) throws CliException {
        String a = args.get(at);
        if (a.startsWith(option + "=")) {
            return a.substring(option.length() + 1);
        }
        if (at + 1 >= args.size()) {
            throw CliException.usage(option + " needs a value");
        }
        return args.get(at + 1);
    }

    static String pid(String text) throws CliException {
        if (!text.matches("[0-9]{1,18}")) {
            throw CliException.usage("not a process id: " + text);
        }
        return String.valueOf(Long.parseLong(text));
    }

    static long interval(String text) throws CliException {
        long millis;
        try {
            millis = CliDurations.parseMillis(text);
        } catch (NumberFormatException e) {
            throw CliException.usage("--interval " + text + ": " + e.getMessage());
        }
        if (millis < MIN_INTERVAL_MILLIS) {
            throw CliException.usage("--interval " + text + ": must be at least " + MIN_INTERVAL_MILLIS + "ms");
        }
        return millis;
    }
}
