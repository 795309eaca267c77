package io.adaptivepool.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import javax.management.remote.JMXConnector;

/** {@code pools <pid> [--json]}: one table (or JSON document) of the JVM's adaptive pools. */
final class PoolsCommand {
    private PoolsCommand() {
    }

    static int run(CliArgs.Pools args, PrintStream out, PrintStream err) throws CliException {
        List<PoolSnapshot> pools;
        try (JMXConnector connector = LocalJmx.connect(args.pid)) {
            pools = new PoolReader(connector.getMBeanServerConnection()).readAll();
        } catch (IOException e) {
            throw lost(args.pid, e);
        }
        if (args.json) {
            out.println(PoolJson.render(args.pid, pools));
            if (pools.isEmpty()) {
                err.println(noPools(args.pid));
            }
        } else if (pools.isEmpty()) {
            out.println(noPools(args.pid));
        } else {
            for (String line : PoolTable.render(pools, null)) {
                out.println(line);
            }
        }
        return 0;
    }

    /** The line for a JVM without adaptive pools, with the usual reasons. */
    static String noPools(String pid) {
        return "no adaptive pools in pid " + pid + ": it has no MBean " + PoolReader.PATTERN
                + " (the agent is not loaded there, or runs with jmx.enabled=false, or has replaced no pool yet; "
                + "and no code registered a pool with AdaptivePoolJmx.register)";
    }

    static CliException lost(String pid, IOException e) {
        return CliException.failed(whyLost(pid, e));
    }

    /** "process N has ended", or "lost the connection to process N: ..." with the first line of the cause. */
    static String whyLost(String pid, IOException e) {
        if (ProcessCheck.ended(pid, 2_000)) {
            return "process " + pid + " has ended";
        }
        String cause = String.valueOf(e);
        int eol = cause.indexOf('\n');
        return "lost the connection to process " + pid + ": " + (eol < 0 ? cause : cause.substring(0, eol)).trim();
    }
}
