package io.adaptivepool.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent's entry points: {@code -javaagent:adaptive-pool-agent.jar[=key=value,...]}
 * ({@link #premain}) and dynamic attach ({@link #agentmain}, see {@link AttachCli}).
 *
 * <h2>Start-up</h2>
 * What runs before {@code main} is kept small, because every application pays for it: read the
 * configuration (a schema without lambdas, {@link Syntax}: each lambda spins a class at its first
 * use) and install a plain {@link java.lang.instrument.ClassFileTransformer}. No Byte Buddy
 * {@code AgentBuilder} (about 650 ms on its own), no JUL, no JMX, no platform MBean server, no
 * side port. Later, and only if needed: the one-class bridge that rewritten calls go to is
 * defined in the bootstrap class loader when the first class that makes a replaced pool is
 * rewritten ({@link Bridge}); the side-port server starts, on a daemon thread, with the first
 * replaced pool ({@link SidePort#add}); JUL is first touched by the first pool (the engine logs
 * with it), the platform MBean server by the first pool's MBean, registered on a daemon thread,
 * and the JVM metrics by the first scrape. App servers such as WildFly install their own log
 * manager after the agent has started. (With {@code strict=true} the port is bound before
 * {@code main}, so that a taken port fails the start.)
 *
 * <h2>Failures</h2>
 * Fail-open: a bad configuration, a port that is taken, a class that cannot be rewritten or an
 * internal error logs one line on standard error, prefixed {@code [adaptive-pool-agent]}, saying
 * what is wrong and what the agent does instead, and the application runs. With
 * {@code strict=true}, configuration problems, a failure to start, and a metrics port that cannot
 * be bound (then bound before {@code main}) throw from {@code premain} instead, which stops the
 * JVM, or fail the attach.
 */
public final class AdaptivePoolAgent {
    static final String LOG_PREFIX = "[adaptive-pool-agent] ";
    private static final int RETRANSFORM_BATCH = 200;

    private static boolean started; // guarded by AdaptivePoolAgent.class

    private AdaptivePoolAgent() {
    }

    /** Entry point for {@code -javaagent}. */
    public static void premain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, false, new StderrLog());
    }

    /** Entry point for dynamic attach: also rewrites the classes already loaded. */
    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, true, new StderrLog());
    }

    /** The agent's log: one line per event on standard error, prefixed {@code [adaptive-pool-agent]}. */
    static final class StderrLog implements Consumer<String> {
        @Override
        public void accept(String line) {
            System.err.println(LOG_PREFIX + line);
        }
    }

    static void start(String agentArgs, Instrumentation instrumentation, boolean attached, Consumer<String> log) {
        AgentConfig config;
        try {
            config = AgentConfig.load(agentArgs);
        } catch (Throwable bug) {
            log.accept("could not read the configuration (" + bug + "); agent disabled");
            return;
        }
        for (String problem : config.problems()) {
            log.accept(problem);
        }
        if (config.strict() && !config.problems().isEmpty()) {
            String first = config.problems().get(0);
            int consequence = first.lastIndexOf("; "); // "; ignored" and the like: not so under strict
            throw new IllegalStateException(LOG_PREFIX + "strict=true and the configuration has "
                    + config.problems().size() + " problem(s), the first: "
                    + (consequence > 0 ? first.substring(0, consequence) : first));
        }
        if (!config.enabled()) {
            if (!config.enabledKey()) {
                log.accept("enabled=false: agent disabled");
            } // else the line about the config file said so
            return;
        }
        synchronized (AdaptivePoolAgent.class) {
            if (started) {
                log.accept("already running in this JVM; the new arguments are ignored");
                return;
            }
            started = true;
        }
        try {
            install(config, instrumentation, attached, log);
        } catch (Throwable failure) {
            synchronized (AdaptivePoolAgent.class) {
                started = false;
            }
            String line = "could not start (" + (failure instanceof SidePortSecurity.Refused ? failure.getMessage()
                    : failure.toString()) + "); agent disabled";
            if (config.strict()) {
                throw new IllegalStateException(LOG_PREFIX + line, failure);
            }
            log.accept(line);
        }
    }

    private static void install(AgentConfig config, Instrumentation instrumentation, boolean attached,
            Consumer<String> log) throws IOException {
        CallerFilter filter = CallerFilter.of(config);
        if (config.stallStacks()) {
            // the engine reads the key's system property, whichever source set it
            System.setProperty(AgentConfig.SYSTEM_PROPERTY_PREFIX + Setting.STALL_STACKS.key, "true");
        }
        Bridge bridge;
        if (config.strict()) {
            // all or nothing, before anything is changed: the port bound, the bridge in place
            SidePort sidePort = config.metricsEnabled() ? SidePort.of(config, log) : null;
            if (sidePort != null) {
                sidePort.start();
            }
            bridge = new Bridge(instrumentation, config, filter, sidePort, log);
            if (!bridge.ready()) {
                if (sidePort != null) {
                    sidePort.close();
                }
                throw new IllegalStateException(bridge.failure());
            }
        } else {
            bridge = new Bridge(instrumentation, config, filter, null, log);
        }
        CallSiteTransformer transformer = new CallSiteTransformer(filter, config.replace(), bridge, log);
        // retransformation only after an attach: a retransform-capable transformer makes the JVM keep
        // the class file of every class loaded from then on
        instrumentation.addTransformer(transformer, attached);
        if (attached) {
            retransformLoaded(instrumentation, filter, transformer, log);
        }
    }

    /**
     * After an attach: retransforms the loaded classes whose class files may make a replaced pool
     * ({@link CallSiteTransformer#mayCall}), so that the pools they make from now on are replaced.
     * Class files are read through their loaders; a class whose file cannot be found (generated at
     * run time) is skipped.
     */
    static void retransformLoaded(Instrumentation instrumentation, CallerFilter filter, CallSiteTransformer transformer,
            Consumer<String> log) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.isArray() || c.isPrimitive() || c.getName().contains("/") || !instrumentation.isModifiableClass(c)) {
                continue;
            }
            try {
                ClassLoader loader = c.getClassLoader();
                String internalName = c.getName().replace('.', '/');
                if (!filter.accepts(loader, internalName)) {
                    continue;
                }
                byte[] classFile = classFile(loader, internalName);
                if (classFile != null && transformer.mayCall(classFile)) {
                    candidates.add(c);
                }
            } catch (Throwable unreadable) {
                // a loader that fails to find a resource: that class stays as it is
            }
        }
        int before = transformer.rewrittenClasses();
        for (int from = 0; from < candidates.size(); from += RETRANSFORM_BATCH) {
            List<Class<?>> batch = candidates.subList(from, Math.min(candidates.size(), from + RETRANSFORM_BATCH));
            try {
                instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
            } catch (Throwable batchFailed) {
                for (Class<?> c : batch) {
                    try {
                        instrumentation.retransformClasses(c);
                    } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                        log.accept("could not rewrite loaded class " + c.getName() + " (" + e
                                + "); its cached pools stay the JDK's");
                    }
                }
            }
        }
        log.accept("attached: rewrote " + (transformer.rewrittenClasses() - before) + " loaded class(es) that make"
                + " pools of the replaced kinds (replace=" + PoolKind.formatList(transformer.kinds())
                + "); pools created from now on are adaptive");
    }

    private static byte[] classFile(ClassLoader loader, String internalName) throws IOException {
        String resource = internalName + ".class";
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : BridgeInstaller.readAll(in);
        }
    }
}
