package io.adaptivepool.agent;

import io.adaptivepool.agent.cli.OperatorCommands;
import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.List;

/**
 * {@code java -jar adaptive-pool-agent.jar}: attaches the agent to a running JVM, and shows and
 * tunes the adaptive pools of one ({@link OperatorCommands}: {@code pools}, {@code watch},
 * {@code set}).
 *
 * <pre>
 * java -jar adaptive-pool-agent.jar attach &lt;pid&gt; [key=value,...]
 * java -jar adaptive-pool-agent.jar list
 * java -jar adaptive-pool-agent.jar pools &lt;pid&gt; [--json]
 * java -jar adaptive-pool-agent.jar watch &lt;pid&gt; [--interval 2s] [--pool NAME]
 * java -jar adaptive-pool-agent.jar set &lt;pid&gt; &lt;pool&gt; knob=value [knob=value ...]
 * java -jar adaptive-pool-agent.jar help
 * </pre>
 *
 * <p>Exit codes: 0 done (or {@code help}), 1 the attach failed (the target is gone, belongs to
 * another user, refuses attach, or the agent failed there with {@code strict=true}), 2 usage error
 * (no arguments, unknown command, a pid that is not a number, or arguments that the agent would
 * reject; nothing is attached then). The agent's own lines go to the target JVM's standard error.
 * The operator commands use the same codes (see {@link OperatorCommands}).
 */
public final class AttachCli {
    private AttachCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            usage(err);
            return 2;
        }
        if (OperatorCommands.handles(args[0])) {
            return OperatorCommands.run(args, out, err);
        }
        switch (args[0]) {
            case "help":
            case "-h":
            case "--help":
                usage(out);
                return 0;
            case "list":
                return list(out, err);
            case "attach":
                return attach(args, out, err);
            default:
                err.println("unknown command: " + args[0]);
                usage(err);
                return 2;
        }
    }

    private static int attach(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || args.length > 3) {
            err.println("attach takes a process id and, optionally, the agent's arguments");
            usage(err);
            return 2;
        }
        String pid = args[1];
        if (!pid.matches("[0-9]+")) {
            err.println("not a process id: " + pid);
            return 2;
        }
        String agentArgs = args.length == 3 ? args[2] : "";
        List<String> problems = AgentConfig.argumentProblems(agentArgs);
        if (!problems.isEmpty()) {
            for (String problem : problems) {
                err.println(AdaptivePoolAgent.LOG_PREFIX + problem);
            }
            err.println("nothing attached: fix the arguments above");
            return 2;
        }
        File jar = BridgeInstaller.ownJar();
        if (jar == null) {
            err.println("cannot find the agent jar; run this as java -jar adaptive-pool-agent.jar");
            return 1;
        }
        try {
            ByteBuddyAgent.attach(jar, pid, agentArgs.isEmpty() ? null : agentArgs);
        } catch (RuntimeException | Error e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println(AdaptivePoolAgent.LOG_PREFIX + "could not attach to process " + pid + ": " + cause);
            return 1;
        }
        out.println(AdaptivePoolAgent.LOG_PREFIX + "attached to process " + pid
                + "; its standard error shows what the agent did");
        return 0;
    }

    /** Lists the JVMs this user can attach to (the attach API's {@code VirtualMachine.list()}). */
    private static int list(PrintStream out, PrintStream err) {
        try {
            Class<?> vm = Class.forName("com.sun.tools.attach.VirtualMachine");
            Class<?> descriptor = Class.forName("com.sun.tools.attach.VirtualMachineDescriptor");
            Method id = descriptor.getMethod("id");
            Method displayName = descriptor.getMethod("displayName");
            String self = ManagementFactory.getRuntimeMXBean().getName(); // "pid@host"
            String ownPid = self.substring(0, Math.max(0, self.indexOf('@')));
            for (Object d : (List<?>) vm.getMethod("list").invoke(null)) {
                if (!ownPid.equals(id.invoke(d))) {
                    out.println(id.invoke(d) + " " + displayName.invoke(d));
                }
            }
            return 0;
        } catch (ReflectiveOperationException | LinkageError e) {
            err.println("cannot list JVMs: this runtime has no attach API (" + e + "); run the command with a JDK");
            return 1;
        }
    }

    static void usage(PrintStream out) {
        out.println("adaptive-pool-agent: bounded adaptive pools in place of Executors.newCachedThreadPool");
        out.println();
        out.println("At start-up:   java -javaagent:adaptive-pool-agent.jar[=key=value,...] ...");
        out.println("In a running JVM:");
        out.println("  java -jar adaptive-pool-agent.jar attach <pid> [key=value,...]");
        out.println("  java -jar adaptive-pool-agent.jar list      (JVMs you can attach to)");
        out.println("  java -jar adaptive-pool-agent.jar help");
        out.println();
        OperatorCommands.usage(out);
        out.println();
        printWrapped(out, "Keys: ", Setting.helpKeys());
        out.println("Knobs: " + Setting.keys(Setting.POOL_KNOBS));
        out.println("       (durations: 500ms, 30s, 2m)");
        out.println("Exit codes: 0 done, 1 attach failed, 2 usage error.");
        out.println("  pools/watch/set: 1 the JVM cannot be reached or a change cannot be applied,");
        out.println("  2 usage error, invalid value or unknown pool; watch ends with 0 on Ctrl-C, 1 when the JVM ends.");
        out.println("Every key, its default and meaning: docs/agent-keys.md");
    }

    /** {@code items}, comma-separated, on lines of at most 90 characters, the later ones indented under the first. */
    private static void printWrapped(PrintStream out, String label, List<String> items) {
        StringBuilder line = new StringBuilder(label);
        String indent = label.replaceAll(".", " ");
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i < items.size() - 1 ? "," : "");
            if (line.length() > indent.length() && line.length() + 1 + item.length() > 90) {
                out.println(line.toString());
                line = new StringBuilder(indent);
            } else if (line.length() > label.length()) {
                line.append(' ');
            }
            line.append(item);
        }
        out.println(line.toString());
    }
}
