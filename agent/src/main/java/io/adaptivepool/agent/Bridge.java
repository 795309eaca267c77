package io.adaptivepool.agent;

import io.adaptivepool.agent.bridge.ExecutorsBridge;

import java.lang.instrument.Instrumentation;
import java.util.function.Consumer;

/**
 * The bridge and its hook ({@link PoolFactory}, and the side port it exports pools on), installed
 * when the first class that makes a replaced pool is rewritten (or at start with
 * {@code strict=true}): defining it and opening the way to it costs tens of milliseconds on JDK 25
 * (reflection and module changes spin method handles there), which an application that never
 * makes such a pool should not pay at start-up.
 *
 * <p>States: not yet, installing (seen only by the installing thread, should a class it loads
 * come back here), ready, failed. Thread-safe; installation runs once.
 */
final class Bridge {
    private static final int NOT_YET = 0;
    private static final int INSTALLING = 1;
    private static final int READY = 2;
    private static final int FAILED = 3;

    private final Instrumentation instrumentation;
    private final AgentConfig config;
    private final CallerFilter filter;
    /** Null until installed unless bound at start ({@code strict=true}); made by {@link #install()} otherwise. */
    private final SidePort boundSidePort;
    private final Consumer<String> log;
    private volatile int state = NOT_YET;
    /** Written before {@code state} becomes READY; null before Java 9. */
    private Modules modules;
    private String failure;

    /**
     * @param boundSidePort the side port when it was bound at start ({@code strict=true}), else
     *     null: the hook then makes one that starts with the first pool (with {@code metrics.enabled})
     */
    Bridge(Instrumentation instrumentation, AgentConfig config, CallerFilter filter, SidePort boundSidePort,
            Consumer<String> log) {
        this.instrumentation = instrumentation;
        this.config = config;
        this.filter = filter;
        this.boundSidePort = boundSidePort;
        this.log = log;
    }

    /**
     * Installs the bridge and the hook unless done: true if rewritten classes can find them. A
     * failure is logged once, and every later call answers false at once.
     */
    boolean ready() {
        int s = state;
        if (s == READY) {
            return true;
        }
        if (s == FAILED) {
            return false;
        }
        synchronized (this) {
            if (state == NOT_YET) {
                state = INSTALLING;
                state = install();
            }
            return state == READY;
        }
    }

    private int install() {
        try {
            Class<?> bridge = BridgeInstaller.install(instrumentation, log);
            modules = Modules.create(instrumentation, bridge);
            SidePort sidePort = boundSidePort;
            if (sidePort == null && config.metricsEnabled()) {
                sidePort = SidePort.of(config, log);
                sidePort.startWithFirstPool();
            }
            if (!ExecutorsBridge.install(new PoolFactory(config, filter, sidePort, log))) {
                failure = "another copy of the agent already replaces pools in this JVM; this one does nothing";
                log.accept(failure);
                return FAILED;
            }
            return READY;
        } catch (Throwable e) {
            failure = "could not install the bridge to the adaptive pools (" + e + "); pools stay the JDK's";
            log.accept(failure);
            return FAILED;
        }
    }

    /** The module support, once {@link #ready()}; null before Java 9. */
    Modules modules() {
        return modules;
    }

    /** Why {@link #ready()} answered false. */
    String failure() {
        return failure;
    }
}
