package io.adaptivepool.agent.cli;

import java.io.PrintStream;

/**
 * The operator commands of the agent jar, for any JVM of this user that has adaptive pools
 * (made by the agent, or in code and registered with {@code AdaptivePoolJmx}):
 *
 * <pre>
 * java -jar adaptive-pool-agent.jar pools &lt;pid&gt; [--json]
 * java -jar adaptive-pool-agent.jar watch &lt;pid&gt; [--interval 2s] [--pool NAME]
 * java -jar adaptive-pool-agent.jar set &lt;pid&gt; &lt;pool&gt; knob=value [knob=value ...]
 * </pre>
 *
 * <p>Exit codes: 0 done; 1 the JVM cannot be reached (no such process, another user's, attach
 * refused, connection lost) or a change cannot be applied; 2 usage error or invalid value (the
 * builder's message), or an unknown pool. See {@code docs/cli.md}.
 */
public final class OperatorCommands {
    private OperatorCommands() {
    }

    /** True for the commands this class runs. */
    public static boolean handles(String command) {
        return command.equals("pools") || command.equals("watch") || command.equals("set");
    }

    /** Runs {@code args} ({@code args[0]} is the command) and answers the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            switch (args[0]) {
                case "pools":
                    return PoolsCommand.run(CliArgs.pools(args), out, err);
                case "watch":
                    return WatchCommand.run(CliArgs.watch(args), out);
                case "set":
                    return SetCommand.run(CliArgs.set(args), out, err);
                default:
                    throw new IllegalArgumentException(args[0]);
            }
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode;
        }
    }

    /** The help lines of these commands, the knob list included. */
    public static void usage(PrintStream out) {
        out.println("See and tune the adaptive pools of a running JVM (same user; agent or AdaptivePoolJmx.register):");
        out.println("  java -jar adaptive-pool-agent.jar pools <pid> [--json]");
        out.println("  java -jar adaptive-pool-agent.jar watch <pid> [--interval 2s] [--pool NAME]");
        out.println("  java -jar adaptive-pool-agent.jar set <pid> <pool> knob=value [knob=value ...]");
        out.println("Live knobs for set: " + String.join(", ", LiveKnob.keys()));
        out.println("  (durations: 500ms, 2s, 1m; stallWorkers/stallTimeout need a pool version that has them)");
    }
}
