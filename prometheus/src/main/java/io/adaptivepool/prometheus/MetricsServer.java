package io.adaptivepool.prometheus;

import io.adaptivepool.AdaptivePoolExecutor;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A side-port HTTP server that serves the metrics of adaptive pools (and of the JVM) to Prometheus.
 *
 * <pre>{@code
 * MetricsServer server = MetricsServer.start(9412, ordersPool, billingPool);
 * // or
 * MetricsServer server = MetricsServer.builder()
 *     .host("127.0.0.1").port(0).jvmMetrics(false).basicAuth("prometheus", secret)
 *     .pools(ordersPool)
 *     .start();
 * int port = server.port();       // the bound port, also when 0 was asked for
 * server.addPool(laterPool);      // pools created after the start
 * server.close();                 // frees the port; no thread is left behind
 * }</pre>
 *
 * <p>Paths (all GET or HEAD, read-only): {@code /metrics} (and {@code /}) answer the Prometheus
 * text format 0.0.4, or OpenMetrics 1.0.0 when the {@code Accept} header asks for
 * {@code application/openmetrics-text}; gzip when {@code Accept-Encoding} allows it;
 * {@code ?name[]=metric} restricts the answer to the named series. {@code /-/healthy} answers
 * 200 "Exporter is Healthy.". With basic auth, every path asks for the credentials (401 otherwise).
 *
 * <p>The server has its own {@link CollectorRegistry} ({@link #registry()}); it never touches
 * {@link CollectorRegistry#defaultRegistry}. Its threads are daemon threads, so it never keeps the
 * JVM alive: one dispatcher thread of the JDK's {@code com.sun.net.httpserver} and at most two
 * handler threads named {@code adaptive-pool-metrics-http-S-N}.
 *
 * <p>Defaults: host {@value #DEFAULT_HOST} (every interface, so that a Prometheus on another host
 * can scrape it; set {@code 127.0.0.1} or basic auth where the network is not trusted), port
 * {@value #DEFAULT_PORT}, JVM metrics on, no authentication.
 */
public final class MetricsServer implements Closeable {
    /**
     * The default port, 9412: clear of Prometheus' own 9090-9100 range, of jmx_exporter's usual
     * 9404 and of the OpenTelemetry exporter's 9464.
     */
    public static final int DEFAULT_PORT = 9412;

    /** The default host: every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    private static final Logger LOG = Logger.getLogger(MetricsServer.class.getName());
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();
    /** How long {@link #close()} waits for a handler still writing a scrape. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final String host;
    private final int port;
    private final CollectorRegistry registry;
    private final ThreadPoolExecutor handlers;
    private final HTTPServer server;
    private final Object closeLock = new Object();
    private boolean closed; // guarded by closeLock

    private MetricsServer(String host, int port, CollectorRegistry registry, ThreadPoolExecutor handlers,
            HTTPServer server) {
        this.host = host;
        this.port = port;
        this.registry = registry;
        this.handlers = handlers;
        this.server = server;
    }

    /**
     * Starts a server on {@code port} of every interface ({@value #DEFAULT_HOST}) with the metrics of
     * {@code pools} and of the JVM, without authentication.
     *
     * @param port the TCP port, or 0 for any free port (then see {@link #port()})
     * @param pools the pools to export; more can be added with {@link #addPool}
     * @throws IllegalArgumentException if {@code port} is outside [0, 65535]
     * @throws NullPointerException if {@code pools} or one of them is null
     * @throws BindException if the port is taken; the message names the host and the port, e.g.
     *     {@code cannot bind metrics server to 0.0.0.0:9412: Address already in use}
     * @throws IOException if the server cannot start for another reason
     */
    public static MetricsServer start(int port, AdaptivePoolExecutor... pools) throws IOException {
        return builder().port(port).pools(pools).start();
    }

    /** A builder with every default: host {@value #DEFAULT_HOST}, port {@value #DEFAULT_PORT}, JVM metrics on, no auth, no pool. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the one chosen by the system when 0 was asked for). */
    public int port() {
        return port;
    }

    /** The host the server is bound to, as given to the builder. */
    public String host() {
        return host;
    }

    /**
     * The server's own registry. Other collectors may be registered on it to be served on the side
     * port too.
     */
    public CollectorRegistry registry() {
        return registry;
    }

    /**
     * Adds a pool to the served metrics (harmless if it is already there); its series leave when it
     * terminates.
     *
     * @return the value of the pool's {@code pool} label (its name, unless another live pool of this
     *     server already has that name)
     * @throws NullPointerException if {@code pool} is null
     */
    public String addPool(AdaptivePoolExecutor pool) {
        return AdaptivePoolCollector.register(pool, registry);
    }

    /**
     * Removes a pool from the served metrics.
     *
     * @return true if it was there
     * @throws NullPointerException if {@code pool} is null
     */
    public boolean removePool(AdaptivePoolExecutor pool) {
        return AdaptivePoolCollector.unregister(pool, registry);
    }

    /**
     * Stops the server: the port is free when this returns, and the handler threads have ended
     * (a scrape still being written is given up to 5 seconds). Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        server.close(); // stops the dispatcher (the JDK joins it) and shuts the handler pool down
        AdaptivePoolCollector.unregisterAll(registry); // takes this server's listeners off the pools
        boolean interrupted = false;
        try {
            if (!handlers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                handlers.shutdownNow();
                LOG.warning("metrics server " + address(host, port) + ": a scrape was still running after "
                        + CLOSE_WAIT_SECONDS + " s; interrupted it");
            }
        } catch (InterruptedException e) {
            interrupted = true;
            handlers.shutdownNow();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MetricsServer[" + address(host, port) + "]";
    }

    static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Configures a {@link MetricsServer}. Each setter checks its value at once; {@link #start()}
     * may be called more than once (each call starts another server).
     */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private boolean jvmMetrics = true;
        private String user;
        private String password;
        private final List<AdaptivePoolExecutor> pools = new ArrayList<AdaptivePoolExecutor>();

        private Builder() {
        }

        /**
         * The host name or address to bind to. Default {@value #DEFAULT_HOST} (every interface);
         * {@code 127.0.0.1} keeps the server to this machine.
         *
         * @throws IllegalArgumentException if {@code host} is null or blank
         */
        public Builder host(String host) {
            if (host == null || host.trim().isEmpty()) {
                throw new IllegalArgumentException("host (" + (host == null ? "null" : "\"" + host + "\"")
                        + ") must not be empty");
            }
            this.host = host.trim();
            return this;
        }

        /**
         * The TCP port. Default {@value #DEFAULT_PORT}; 0 picks any free port, which
         * {@link MetricsServer#port()} then reports.
         *
         * @throws IllegalArgumentException if {@code port} is outside [0, 65535]
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port (" + port + ") must be in [0, 65535]");
            }
            this.port = port;
            return this;
        }

        /**
         * Whether to serve the JVM's metrics as well (memory, GC, threads, class loading, CPU,
         * version: the collectors of simpleclient_hotspot's {@code DefaultExports}). Default true.
         */
        public Builder jvmMetrics(boolean jvmMetrics) {
            this.jvmMetrics = jvmMetrics;
            return this;
        }

        /**
         * Requires HTTP basic authentication with these credentials on every path; a request
         * without them, or with others, is answered 401. Default: no authentication. Basic auth
         * sends the password in clear: put TLS in front of the port where that matters.
         *
         * @throws IllegalArgumentException if {@code user} is null, empty or contains ':', or
         *     {@code password} is null or empty
         */
        public Builder basicAuth(String user, String password) {
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException("basicAuth user must not be empty");
            }
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("basicAuth user (" + user + ") must not contain ':'");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("basicAuth password must not be empty");
            }
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Pools to export from the start (added to those given before).
         *
         * @throws NullPointerException if {@code pools} or one of them is null
         */
        public Builder pools(AdaptivePoolExecutor... pools) {
            if (pools == null) {
                throw new NullPointerException("pools");
            }
            for (int i = 0; i < pools.length; i++) {
                if (pools[i] == null) {
                    throw new NullPointerException("pools[" + i + "]");
                }
            }
            Collections.addAll(this.pools, pools);
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @throws BindException if the address is taken or cannot be bound; the message names the
         *     host and the port, e.g. {@code cannot bind metrics server to 127.0.0.1:9412: Address already in use}
         * @throws UnknownHostException if the host name does not resolve
         * @throws IOException if the server cannot start for another reason
         */
        public MetricsServer start() throws IOException {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new UnknownHostException("cannot bind metrics server to " + address(host, port)
                        + ": unknown host");
            }
            CollectorRegistry registry = new CollectorRegistry();
            if (jvmMetrics) {
                JvmCollectors.registerOn(registry);
            }
            ThreadPoolExecutor handlers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<Runnable>(), new HandlerThreads());
            handlers.allowCoreThreadTimeOut(true);
            HTTPServer.Builder http = new HTTPServer.Builder()
                    .withInetSocketAddress(address)
                    .withRegistry(registry)
                    .withExecutorService(handlers)
                    .withDaemonThreads(true);
            if (user != null) {
                http.withAuthenticator(new BasicAuth(user, password));
            }
            HTTPServer server;
            try {
                server = http.build();
            } catch (IOException e) {
                handlers.shutdownNow();
                String message = "cannot bind metrics server to " + address(host, port) + ": " + e.getMessage();
                if (e instanceof BindException) {
                    BindException failure = new BindException(message);
                    failure.initCause(e);
                    throw failure;
                }
                throw new IOException(message, e);
            } catch (RuntimeException e) {
                handlers.shutdownNow();
                throw e;
            }
            // pools are added once the port is bound, so that a failed start leaves no listener on them
            for (AdaptivePoolExecutor pool : pools) {
                AdaptivePoolCollector.register(pool, registry);
            }
            return new MetricsServer(host, server.getPort(), registry, handlers, server);
        }
    }

    /** Daemon handler threads, {@code adaptive-pool-metrics-http-S-N} (server S, thread N). */
    private static final class HandlerThreads implements ThreadFactory {
        private final int server = SERVER_IDS.incrementAndGet();
        private final AtomicInteger threads = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "adaptive-pool-metrics-http-" + server + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
