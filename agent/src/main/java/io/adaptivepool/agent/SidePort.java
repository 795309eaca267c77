package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.prometheus.AdaptivePoolCollector;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryAllocationExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The agent's side-port Prometheus server ({@code metrics.*}): {@code /metrics} with the replaced
 * pools' series (the prometheus module's {@link AdaptivePoolCollector}) and, with
 * {@code metrics.jvm}, the JVM's (the simpleclient_hotspot collectors the module's
 * {@code MetricsServer} serves), plus simpleclient's {@code /-/healthy}.
 *
 * <p>Why not {@code MetricsServer} itself: it creates a {@code java.util.logging} logger when its
 * class initialises and builds the JVM collectors (two of which create loggers too) when it
 * starts, and the agent starts its server with the app, before app servers such as WildFly
 * install their log manager. Here the HTTP server starts without touching JUL, and the JVM
 * collectors are built at the first scrape.
 *
 * <p>Threads: the JDK's dispatcher and at most two handler threads, all daemon threads; nothing
 * here keeps the JVM alive, and a shutdown hook stops the server so that it does not slow the
 * JVM's exit either. The registry is this server's own: the application's
 * {@code CollectorRegistry.defaultRegistry} (of its own simpleclient, if it has one) never sees
 * the agent's series, and the agent's simpleclient is relocated, so the two never meet.
 */
final class SidePort {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final String host;
    private final int port;
    private final boolean jvmMetrics;
    private final Consumer<String> log;
    private CollectorRegistry registry; // guarded by this; made on first use, off the premain path
    private volatile HTTPServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stopper = new Thread(new Stopper(this), "adaptive-pool-agent-metrics-stop");

    SidePort(String host, int port, boolean jvmMetrics, Consumer<String> log) {
        this.host = host;
        this.port = port;
        this.jvmMetrics = jvmMetrics;
        this.log = log;
    }

    /** Starts the server on a daemon thread; a failure is logged in one line, and the app runs on without it. */
    void startInBackground() {
        Thread starter = new Thread(new Starter(this), "adaptive-pool-agent-metrics-start");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * Binds the port and serves, then logs the address.
     *
     * @throws IOException naming the host and port, when the port is taken or the host unknown
     */
    void start() throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        String where = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        if (address.isUnresolved()) {
            throw new IOException("metrics server cannot bind " + where + " (unknown host)");
        }
        CollectorRegistry registry = registry();
        if (jvmMetrics) {
            LazyJvmCollector.registerOn(registry);
        }
        ThreadPoolExecutor handlers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<Runnable>(), new DaemonThreads());
        handlers.allowCoreThreadTimeOut(true);
        try {
            server = new HTTPServer.Builder()
                    .withInetSocketAddress(address)
                    .withRegistry(registry)
                    .withExecutorService(handlers)
                    .withDaemonThreads(true)
                    .build();
        } catch (IOException | RuntimeException e) {
            handlers.shutdownNow();
            throw new IOException("metrics server cannot bind " + where + " (" + e.getMessage() + ")", e);
        }
        try {
            Runtime.getRuntime().addShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            close();
            return;
        }
        log.accept("serving metrics on http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + server.getPort() + "/metrics");
    }

    /** Exports a pool (from now on, whether or not the server has started yet). */
    void add(AdaptivePoolExecutor pool) {
        AdaptivePoolCollector.register(pool, registry());
    }

    private synchronized CollectorRegistry registry() {
        if (registry == null) {
            registry = new CollectorRegistry();
        }
        return registry;
    }

    /** The bound port, or -1 before the server has started. */
    int boundPort() {
        HTTPServer s = server;
        return s == null ? -1 : s.getPort();
    }

    /**
     * Stops the server (idempotent). Runs as a shutdown hook too: the JDK's HTTP dispatcher waits
     * in a native select, and a JVM that exits while a thread is in native code waits about
     * 300 ms for it; stopping the server first spares every application that delay.
     */
    void close() {
        HTTPServer s = server;
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

    /**
     * The JVM collectors, built at the first scrape: {@link StandardExports} and
     * {@link BufferPoolsExports} create JUL loggers when their classes initialise.
     */
    private static final class LazyJvmCollector extends Collector implements Collector.Describable {
        private List<Collector> delegates;

        static void registerOn(CollectorRegistry registry) {
            registry.register(new LazyJvmCollector());
        }

        @Override
        public List<MetricFamilySamples> describe() {
            return new ArrayList<>(); // names are not checked: this registry holds nothing else of the JVM's
        }

        @Override
        public List<MetricFamilySamples> collect() {
            return collect(null);
        }

        @Override
        public List<MetricFamilySamples> collect(Predicate<String> sampleNameFilter) {
            List<MetricFamilySamples> all = new ArrayList<>();
            for (Collector c : delegates()) {
                all.addAll(c.collect(sampleNameFilter));
            }
            return all;
        }

        private synchronized List<Collector> delegates() {
            if (delegates == null) {
                delegates = Arrays.<Collector>asList(
                        new StandardExports(),
                        new MemoryPoolsExports(),
                        new MemoryAllocationExports(),
                        new BufferPoolsExports(),
                        new GarbageCollectorExports(),
                        new ThreadExports(),
                        new ClassLoadingExports(),
                        new VersionInfoExports());
            }
            return delegates;
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

    /** The handlers' threads: daemon, {@code adaptive-pool-agent-metrics-N}. */
    private static final class DaemonThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "adaptive-pool-agent-metrics-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
