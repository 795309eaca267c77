package io.adaptivepool;

import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of adaptive-pool's own modules (the engine, jmx, prometheus): one rule for every line
 * they write. It is for those modules, not for applications.
 *
 * <p>A module's lines go to {@code java.util.logging}, under the logger named after the class
 * that writes them, the name the docs give: {@code io.adaptivepool.AdaptivePoolExecutor},
 * {@code io.adaptivepool.jmx.AdaptivePoolJmx}, ... The logger is created on the first line:
 * JUL is not touched until there is something to say, so a module used early (by the agent, say)
 * does not initialise JUL before an application server installs its own log manager.
 *
 * <p>Inside the agent's jar, where the modules are relocated below the agent's own package, the
 * logger keeps the documented name, its level still decides what is written, and each line goes
 * to standard error as the agent's own lines do: one line, prefixed {@code [adaptive-pool-agent]},
 * a cause as its {@code toString()} (its stack only at level FINE).
 *
 * <pre>{@code
 * private static final ModuleLog LOG = ModuleLog.of(AdaptivePoolJmx.class);
 * LOG.warning("pool 'orders': could not unregister its MBean", e);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ModuleLog {
    /*
     * The agent's shade plugin rewrites every string constant that starts with "io.adaptivepool."
     * (a class name, for it), and javac folds a concatenation of constants into one constant: a
     * logger name written in the source would become "io.adaptivepool.agent.shaded.io.adaptivepool...",
     * which no logging configuration written from the docs matches. "io.adaptivepool" alone is
     * left as it is, so names are joined at run time, and a writer's documented name is its class
     * name without the relocation that this class's own name shows. LoggerNamesIT checks the
     * names and the lines in a JVM under the agent.
     */
    private static final String ROOT = "io.adaptivepool";
    private static final String AGENT_PREFIX = "[adaptive-pool-agent] ";
    /** What the agent's relocation put before the modules' class names: empty in plain code. */
    private static final String RELOCATION = relocation();

    private final String name;
    private final boolean inAgent;
    /** Where agent lines go; null for standard error as it is when the line is written. */
    private final PrintStream agentOut;
    /** Created by the first line, then kept: JUL holds its loggers weakly, and their levels with them. */
    private volatile Logger logger;

    ModuleLog(String name, boolean inAgent, PrintStream agentOut) {
        this.name = name;
        this.inAgent = inAgent;
        this.agentOut = agentOut;
    }

    /**
     * The log of the module class {@code owner}, under the logger of its documented name (its class
     * name, the same inside the agent's jar). Touches nothing of JUL.
     *
     * @throws IllegalArgumentException if {@code owner} is not a class of adaptive-pool's modules
     *     (its name does not start with {@code io.adaptivepool.})
     * @throws NullPointerException if {@code owner} is null
     */
    public static ModuleLog of(Class<?> owner) {
        if (owner == null) {
            throw new NullPointerException("owner");
        }
        String className = owner.getName();
        String modules = new StringBuilder(RELOCATION).append(ROOT).append('.').toString();
        if (!className.startsWith(modules)) {
            throw new IllegalArgumentException("owner (" + className + ") is not a class of the modules under "
                    + modules);
        }
        return new ModuleLog(className.substring(RELOCATION.length()), !RELOCATION.isEmpty(), null);
    }

    private static String relocation() {
        String own = ModuleLog.class.getName();
        String plain = new StringBuilder(ROOT).append('.').append(ModuleLog.class.getSimpleName()).toString();
        return own.substring(0, own.length() - plain.length());
    }

    /** Writes {@code message} at level WARNING. */
    public void warning(String message) {
        write(Level.WARNING, message, null);
    }

    /** Writes {@code message} and its {@code cause} at level WARNING. */
    public void warning(String message, Throwable cause) {
        write(Level.WARNING, message, cause);
    }

    /** The logger's name: the documented one, in plain code and inside the agent alike. */
    String name() {
        return name;
    }

    boolean isLoggable(Level level) {
        return logger().isLoggable(level);
    }

    void write(Level level, String message, Throwable cause) {
        Logger log = logger();
        if (!inAgent) {
            log.logp(level, name, null, message, cause); // the source is the writer, not this class
            return;
        }
        if (!log.isLoggable(level)) {
            return;
        }
        StringBuilder line = new StringBuilder(AGENT_PREFIX).append(message);
        if (cause != null) {
            line.append(" (").append(cause).append(')');
        }
        PrintStream out = agentOut != null ? agentOut : System.err;
        synchronized (out) {
            out.println(line);
            if (cause != null && log.isLoggable(Level.FINE)) {
                cause.printStackTrace(out);
            }
        }
    }

    private Logger logger() {
        Logger log = logger;
        if (log == null) {
            log = Logger.getLogger(name); // the same logger on every call: a race makes no second one
            logger = log;
        }
        return log;
    }

    @Override
    public String toString() {
        return "ModuleLog[" + name + "]";
    }
}
