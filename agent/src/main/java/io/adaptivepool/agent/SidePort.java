package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.prometheus.MetricsServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The agent's side-port Prometheus server ({@code metrics.*}): the prometheus module's
 * {@link MetricsServer}, so the agent's side port is the same hardened server (GET and HEAD on
 * {@code /metrics} and {@code /-/healthy} only, 404/405 otherwise, bounded handler threads with
 * request and response deadlines) with the replaced pools' series and, with {@code metrics.jvm},
 * the JVM's, over plain HTTP or TLS, with or without basic auth ({@link SidePortSecurity}).
 *
 * <p>Exposure: the start-up line says how the port is served
 * ({@code serving metrics on https://0.0.0.0:9412/metrics (TLS 1.2+, basic auth user "prom")}), and a
 * warning line follows when it is bound to an address other than loopback without basic auth, or
 * with basic auth over plain HTTP. Security keys that name something missing or unreadable stop
 * the server before it binds: it never serves less protected than configured.
 *
 * <p>Start-up: the server touches neither {@code java.util.logging} nor JMX when it starts (the
 * JVM collectors are built at the first scrape), so it can start with the application, before
 * app servers such as WildFly install their log manager.
 *
 * <p>Threads: daemon threads only; nothing here keeps the JVM alive, and a shutdown hook stops
 * the server so that it does not slow the JVM's exit either. The registry is the server's own:
 * the application's {@code CollectorRegistry.defaultRegistry} (of its own simpleclient, if it has
 * one) never sees the agent's series, and the agent's simpleclient is relocated, so the two never
 * meet.
 */
final class SidePort {
    private final String host;
    private final int port;
    private final boolean jvmMetrics;
    private final Security security;
    private final Consumer<String> log;
    /** Pools made before the server is up; guarded by this. */
    private final List<AdaptivePoolExecutor> pending = new ArrayList<>();
    /** The first pool starts the server ({@link #startWithFirstPool}); guarded by this. */
    private boolean startWithFirstPool;
    private volatile MetricsServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stopper = new Thread(new Stopper(this), "adaptive-pool-agent-metrics-stop");

    /** Plain HTTP, no authentication. */
    SidePort(String host, int port, boolean jvmMetrics, Consumer<String> log) {
        this(host, port, jvmMetrics, new Security() {
            @Override
            public SidePortSecurity resolve() {
                return SidePortSecurity.NONE;
            }
        }, log);
    }

    /** @param security resolved when the server starts (reading key material is kept out of {@code premain}) */
    SidePort(String host, int port, boolean jvmMetrics, Security security, Consumer<String> log) {
        this.host = host;
        this.port = port;
        this.jvmMetrics = jvmMetrics;
        this.security = security;
        this.log = log;
    }

    /** The side port of {@code metrics.*}, not started; its security is read from the configuration when it starts. */
    static SidePort of(AgentConfig config, Consumer<String> log) {
        return new SidePort(config.metricsHost(), config.metricsPort(), config.metricsJvm(),
                new ConfiguredSecurity(config), log);
    }

    /** The side port's security from the configuration and this JVM's environment, read when the server starts. */
    private static final class ConfiguredSecurity implements Security {
        private final AgentConfig config;

        ConfiguredSecurity(AgentConfig config) {
            this.config = config;
        }

        @Override
        public SidePortSecurity resolve() throws SidePortSecurity.Refused {
            return SidePortSecurity.resolve(config, System.getenv());
        }
    }

    /** Where the security settings come from. */
    interface Security {
        /** @throws SidePortSecurity.Refused naming the key and value at fault */
        SidePortSecurity resolve() throws SidePortSecurity.Refused;
    }

    /** Starts the server on a daemon thread; a failure is logged in one line, and the app runs on without it. */
    void startInBackground() {
        Thread starter = new Thread(new Starter(this), "adaptive-pool-agent-metrics-start");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * Reads the security settings, binds the port and serves, then logs the address and how it is
     * exposed (and a warning when it is open to the network).
     *
     * @throws SidePortSecurity.Refused naming the security key and value at fault; nothing is bound
     * @throws IOException naming the host and port, when the port is taken or the host unknown
     */
    void start() throws IOException {
        String where = hostInUrl() + ":" + port;
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("metrics server cannot bind " + where + " (unknown host)");
        }
        SidePortSecurity secured = security.resolve();
        MetricsServer.Builder builder = secured.applyTo(MetricsServer.builder().host(host).port(port)
                .jvmMetrics(jvmMetrics));
        MetricsServer started;
        try {
            started = builder.start();
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("metrics server cannot bind " + where + " (" + cause.getMessage() + ")", e);
        }
        synchronized (this) {
            server = started;
            for (AdaptivePoolExecutor pool : pending) {
                started.addPool(pool);
            }
            pending.clear();
        }
        try {
            Runtime.getRuntime().addShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            close();
            return;
        }
        String bound = hostInUrl() + ":" + started.port();
        log.accept("serving metrics on " + secured.scheme() + "://" + bound + "/metrics (" + secured.describe() + ")");
        String warning = exposureWarning(address.getAddress(), bound, secured);
        if (warning != null) {
            log.accept(warning);
        }
    }

    /**
     * The warning for a port open to the network: on an address other than loopback, without basic
     * auth, or with basic auth over plain HTTP. Null when there is nothing to warn about.
     */
    static String exposureWarning(InetAddress address, String bound, SidePortSecurity secured) {
        if (address.isLoopbackAddress()) {
            return null;
        }
        if (!secured.auth()) {
            return "warning: metrics on " + bound + " are served without authentication to every host that can"
                    + " reach this one; set " + Setting.METRICS_AUTH_USER.key + " with "
                    + Setting.METRICS_AUTH_PASSWORD_FILE.key + " or " + Setting.METRICS_AUTH_PASSWORD_ENV.key + ", or "
                    + Setting.METRICS_HOST.key + "=127.0.0.1 (see docs/agent-security.md)";
        }
        if (!secured.tls()) {
            return "warning: basic auth on " + bound + " is over plain HTTP, so the password crosses the network in"
                    + " clear; set " + Setting.METRICS_TLS_KEYSTORE.key + " (see docs/agent-security.md)";
        }
        return null;
    }

    private String hostInUrl() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /**
     * Leaves the start to the first pool {@link #add added}, which starts the server in the
     * background: an application that never makes a replaced pool never pays for the server, nor
     * opens its port.
     */
    synchronized void startWithFirstPool() {
        startWithFirstPool = true;
    }

    /** Exports a pool (from now on, whether or not the server has started yet). */
    void add(AdaptivePoolExecutor pool) {
        MetricsServer s;
        boolean startNow = false;
        synchronized (this) {
            s = server;
            if (s == null) {
                pending.add(pool);
                startNow = startWithFirstPool;
                startWithFirstPool = false;
            }
        }
        if (startNow) {
            startInBackground();
        } else if (s != null) {
            s.addPool(pool);
        }
    }

    /** The bound port, or -1 before the server has started. */
    int boundPort() {
        MetricsServer s = server;
        return s == null ? -1 : s.port();
    }

    /**
     * Stops the server (idempotent). Runs as a shutdown hook too: the JDK's HTTP dispatcher waits
     * in a native select, and a JVM that exits while a thread is in native code waits about
     * 300 ms for it; stopping the server first spares every application that delay.
     */
    void close() {
        MetricsServer s = server;
        if (s != null && closed.compareAndSet(false, true)) {
            s.close();
            if (Thread.currentThread() != stopper) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs, or has run, and finds the server closed
                }
            }
        }
    }

    /** Starts the server; a failure is one line, and the app runs on without it. */
    private static final class Starter implements Runnable {
        private final SidePort sidePort;

        Starter(SidePort sidePort) {
            this.sidePort = sidePort;
        }

        @Override
        public void run() {
            try {
                sidePort.start();
            } catch (IOException | RuntimeException e) {
                sidePort.log.accept(e.getMessage() + "; running without the metrics server");
            }
        }
    }

    /** The shutdown hook. */
    private static final class Stopper implements Runnable {
        private final SidePort sidePort;

        Stopper(SidePort sidePort) {
            this.sidePort = sidePort;
        }

        @Override
        public void run() {
            sidePort.close();
        }
    }
}
