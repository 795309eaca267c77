package io.adaptivepool.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;

/**
 * {@code set <pid> <pool> knob=value...}: changes live knobs of one pool, all or nothing. Every
 * value is checked first (each by the builder, when the command line is parsed; min against max
 * here, with the pool's present values); then the writes run in {@link SetPlan#order}; if the
 * pool refuses one, the writes already made are undone, in reverse order, and the output says
 * so. Prints each knob before and after.
 *
 * <p>Exit codes: 0 all applied; 2 a value is invalid (here or as the pool's MBean judged it), or
 * the pool does not exist; 1 the JVM cannot be reached, its pool's version lacks a knob, or a
 * write failed for another reason.
 */
final class SetCommand {
    private SetCommand() {
    }

    static int run(CliArgs.Set args, PrintStream out, PrintStream err) throws CliException {
        try (JMXConnector connector = LocalJmx.connect(args.pid)) {
            return apply(args, connector.getMBeanServerConnection(), out, err);
        } catch (IOException e) {
            throw PoolsCommand.lost(args.pid, e);
        }
    }

    /** The command, on a connection to the target's MBean server. */
    static int apply(CliArgs.Set args, MBeanServerConnection server, PrintStream out, PrintStream err)
            throws CliException, IOException {
        PoolReader reader = new PoolReader(server);
        Map<String, ObjectName> names = reader.names();
        ObjectName pool = names.get(args.pool);
        if (pool == null) {
            throw CliException.usage("no pool named " + args.pool + " in pid " + args.pid + "; " + poolList(names.keySet()));
        }
        Map<LiveKnob, Object> before = new LinkedHashMap<>();
        try {
            Set<String> attributes = reader.attributeNames(pool);
            for (LiveKnob knob : args.values.keySet()) {
                if (!attributes.contains(knob.attribute)) {
                    throw CliException.failed("pool " + args.pool + " in pid " + args.pid + " has no " + knob.key
                            + ": that JVM's adaptive-pool version has no MBean attribute " + knob.attribute
                            + "; nothing changed");
                }
            }
            for (LiveKnob knob : args.values.keySet()) {
                before.put(knob, reader.get(pool, knob.attribute));
            }
            int presentMin = ((Number) reader.get(pool, LiveKnob.MIN_WORKERS.attribute)).intValue();
            int presentMax = ((Number) reader.get(pool, LiveKnob.MAX_WORKERS.attribute)).intValue();
            SetPlan.checkMinMax(args.values, presentMin, presentMax);
            List<LiveKnob> order = SetPlan.order(args.values, presentMax);
            int code = write(args, reader, pool, order, before, err);
            if (code != 0) {
                return code;
            }
            out.println("pool " + args.pool + " in pid " + args.pid + ": " + order.size()
                    + (order.size() == 1 ? " knob" : " knobs") + " set");
            out.println(table(order, before, reader, pool));
            return 0;
        } catch (JMException e) {
            throw CliException.failed("cannot read or write pool " + args.pool + " in pid " + args.pid + ": " + e);
        }
    }

    /** The writes, undone on the first refusal; 0, or the exit code after saying what happened. */
    private static int write(CliArgs.Set args, PoolReader reader, ObjectName pool, List<LiveKnob> order,
            Map<LiveKnob, Object> before, PrintStream err) {
        List<LiveKnob> done = new ArrayList<>();
        for (LiveKnob knob : order) {
            Object value = args.values.get(knob);
            try {
                reader.set(pool, knob.attribute, value);
                done.add(knob);
            } catch (IOException | JMException | RuntimeException e) {
                boolean refused = e instanceof IllegalArgumentException;
                err.println("pool " + args.pool + " in pid " + args.pid + (refused ? " refused " : " failed to set ")
                        + knob.key + "=" + knob.format(value) + ": " + (refused ? e.getMessage() : e.toString()));
                undo(reader, pool, done, before, err);
                return refused ? CliException.USAGE : CliException.FAILED;
            }
        }
        return 0;
    }

    private static void undo(PoolReader reader, ObjectName pool, List<LiveKnob> done, Map<LiveKnob, Object> before,
            PrintStream err) {
        if (done.isEmpty()) {
            err.println("nothing changed");
            return;
        }
        for (int i = done.size() - 1; i >= 0; i--) {
            LiveKnob knob = done.get(i);
            try {
                reader.set(pool, knob.attribute, before.get(knob));
                err.println("restored " + knob.key + "=" + knob.format(before.get(knob)));
            } catch (IOException | JMException | RuntimeException e) {
                err.println("could NOT restore " + knob.key + "=" + knob.format(before.get(knob)) + ": " + e);
            }
        }
    }

    private static String table(List<LiveKnob> order, Map<LiveKnob, Object> before, PoolReader reader, ObjectName pool)
            throws IOException, JMException {
        int keyWidth = "KNOB".length();
        int beforeWidth = "BEFORE".length();
        List<String[]> rows = new ArrayList<>();
        for (LiveKnob knob : order) {
            String[] row = {knob.key, knob.format(before.get(knob)), knob.format(reader.get(pool, knob.attribute))};
            keyWidth = Math.max(keyWidth, row[0].length());
            beforeWidth = Math.max(beforeWidth, row[1].length());
            rows.add(row);
        }
        StringBuilder text = new StringBuilder(line(new String[] {"KNOB", "BEFORE", "AFTER"}, keyWidth, beforeWidth));
        for (String[] row : rows) {
            text.append(System.lineSeparator()).append(line(row, keyWidth, beforeWidth));
        }
        return text.toString();
    }

    private static String line(String[] row, int keyWidth, int beforeWidth) {
        return pad(row[0], keyWidth) + "  " + pad(row[1], beforeWidth) + "  " + row[2];
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /** "its pools: a, b" or "it has no adaptive pools". */
    static String poolList(Collection<String> names) {
        return names.isEmpty() ? "it has no adaptive pools" : "its pools: " + String.join(", ", names);
    }
}
