package io.adaptivepool.prometheus;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.ModuleLog;
import io.prometheus.client.CollectorRegistry;

import javax.net.ssl.SSLContext;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A side-port HTTP server that serves the metrics of adaptive pools (and of the JVM) to Prometheus.
 *
 * <pre>{@code
 * MetricsServer server = MetricsServer.start(9412, ordersPool, billingPool);
 * // or
 * MetricsServer server = MetricsServer.builder()
 *     .host("127.0.0.1").port(0).jvmMetrics(false).basicAuth("prometheus", secret)
 *     .tls(sslContext)            // HTTPS, TLS 1.2 and 1.3 only
 *     .pools(ordersPool)
 *     .start();
 * int port = server.port();       // the bound port, also when 0 was asked for
 * server.addPool(laterPool);      // pools created after the start
 * server.close();                 // frees the port; no thread is left behind
 * }</pre>
 *
 * <p>Paths, read-only, {@code GET} or {@code HEAD} only: {@code /metrics} answers the Prometheus
 * text format 0.0.4, or OpenMetrics 1.0.0 when the {@code Accept} header asks for
 * {@code application/openmetrics-text}; gzip when {@code Accept-Encoding} allows it;
 * {@code ?name[]=metric} restricts the answer to the named series. {@code /-/healthy} answers
 * 200 "Exporter is Healthy.". Any other path is 404; any other method on these two paths is 405
 * with {@code Allow: GET, HEAD}. With basic auth, every request (any path, any method) without
 * the right credentials is answered 401 with a {@code WWW-Authenticate} challenge, before the
 * path or the method is looked at. Nothing is writable over HTTP.
 *
 * <p>TLS ({@link Builder#tls}): the same server over HTTPS ({@code com.sun.net.httpserver.HttpsServer}),
 * TLSv1.3 and TLSv1.2 only. The handshake runs on a handler thread under the request deadline
 * below, so a client that stalls in it holds a thread for a bounded time; a client that speaks
 * plain HTTP, or offers only older protocols, fails its handshake and its connection is closed,
 * and the server serves the next one.
 *
 * <p>Misbehaving clients: the server runs on the JDK's {@code com.sun.net.httpserver} with its
 * own bounded executor and deadlines. A request's head (request line and headers) must be read
 * within 10 s of a handler thread taking the request up (at its first byte, unless every thread
 * is busy), and the answer must then be written within 30 s; past either deadline the exchange
 * is cut and its connection closed. So a client that sends its request a byte at a time, or never
 * reads the answer, holds a handler thread for a bounded time only. At most 8 handler threads run
 * and 256 requests wait for one; beyond that, new connections are closed unanswered. A request
 * body is never read (the JDK reads at most 64 KiB of a refused request's body, then closes the
 * connection). Malformed requests are refused by the JDK (400, 501, or the connection closed).
 * These bounds are this server's own: no JVM-wide system property is set or needed. What the JDK
 * bounds JVM-wide, with the defaults of JDK 17.0.15 and 25: request heads of 380 KiB and 200
 * headers ({@code sun.net.httpserver.maxReqHeaderSize}, {@code maxReqHeaders}); connections idle
 * for 30 s are closed ({@code sun.net.httpserver.idleInterval}); the number of connections is not
 * limited ({@code jdk.httpserver.maxConnections}).
 *
 * <p>The server has its own {@link CollectorRegistry} ({@link #registry()}); it never touches
 * {@link CollectorRegistry#defaultRegistry}. Its threads are daemon threads, so it never keeps the
 * JVM alive: one dispatcher thread and one idle-connection timer of the JDK's
 * {@code com.sun.net.httpserver}, up to 8 handler threads named
 * {@code adaptive-pool-metrics-http-S-N} (started on demand, ended after a minute idle), and
 * a deadline watchdog {@code adaptive-pool-metrics-watchdog-S} (while a request runs).
 *
 * <p>Defaults: host {@value #DEFAULT_HOST} (every interface, so that a Prometheus on another host
 * can scrape it; set {@code 127.0.0.1} or basic auth where the network is not trusted), port
 * {@value #DEFAULT_PORT}, JVM metrics on, no authentication, plain HTTP.
 */
public final class MetricsServer implements Closeable {
    /**
     * The default port, 9412: clear of Prometheus' own 9090-9100 range, of jmx_exporter's usual
     * 9404 and of the OpenTelemetry exporter's 9464.
     */
    public static final int DEFAULT_PORT = 9412;

    /** The default host: every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    /** The log of the server and of its handler (logger {@code io.adaptivepool.prometheus.MetricsServer}). */
    static final ModuleLog LOG = ModuleLog.of(MetricsServer.class);
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();
    /** How long {@link #close()} waits for a handler still writing a scrape. */
    private static final long CLOSE_WAIT_SECONDS = 5;
    /** The listen backlog: connections accepted by the system before the dispatcher takes them. */
    private static final int BACKLOG = 64;

    private final String host;
    private final int port;
    private final CollectorRegistry registry;
    private final HandlerPool handlers;
    private final HttpServer server;
    private final Object closeLock = new Object();
    private boolean closed; // guarded by closeLock

    private MetricsServer(String host, int port, CollectorRegistry registry, HandlerPool handlers, HttpServer server) {
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

    /** A builder with every default: host {@value #DEFAULT_HOST}, port {@value #DEFAULT_PORT}, JVM metrics on, no auth, plain HTTP, no pool. */
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
        server.stop(0); // closes the port and every connection, and joins the dispatcher
        handlers.shutdown();
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

    /** For tests: the exchanges cut by a deadline so far. */
    long expiredExchanges() {
        return handlers.expired();
    }

    /** For tests: the exchanges queued or running now. */
    int exchangesInFlight() {
        return handlers.inFlight();
    }

    /** For tests: the exchanges waiting for a handler thread now. */
    int waitingExchanges() {
        return handlers.waiting();
    }

    /** For tests: the handler threads alive now. */
    int handlerThreads() {
        return handlers.threadCount();
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
        private TlsConfigurator tls;
        private Limits limits = Limits.DEFAULTS;
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
         * sends the password in clear: add {@link #tls} where the network is not trusted.
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
         * Serves HTTPS instead of HTTP, with the key and certificate of {@code sslContext} (for
         * instance one made from a PKCS#12 keystore through a {@code KeyManagerFactory}). Only
         * TLSv1.3 and TLSv1.2 are offered, whatever the context or the JVM's security properties
         * would allow; a client offering only older protocols fails its handshake. No client
         * certificate is asked for. Default: plain HTTP.
         *
         * @throws NullPointerException if {@code sslContext} is null
         * @throws IllegalArgumentException if {@code sslContext} is not initialised, or supports
         *     neither TLSv1.3 nor TLSv1.2
         */
        public Builder tls(SSLContext sslContext) {
            if (sslContext == null) {
                throw new NullPointerException("sslContext");
            }
            this.tls = TlsConfigurator.of(sslContext);
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

        /** For tests: other bounds than the defaults. */
        Builder limits(Limits limits) {
            if (limits == null) {
                throw new NullPointerException("limits");
            }
            this.limits = limits;
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
            HttpServer server;
            try {
                if (tls == null) {
                    server = HttpServer.create(address, BACKLOG);
                } else {
                    HttpsServer https = HttpsServer.create(address, BACKLOG);
                    https.setHttpsConfigurator(tls);
                    server = https;
                }
            } catch (IOException e) {
                String message = "cannot bind metrics server to " + address(host, port) + ": " + e.getMessage();
                if (e instanceof BindException) {
                    BindException failure = new BindException(message);
                    failure.initCause(e);
                    throw failure;
                }
                throw new IOException(message, e);
            }
            HandlerPool handlers = new HandlerPool(SERVER_IDS.incrementAndGet(), limits);
            BasicAuth auth = user == null ? null : new BasicAuth(user, password);
            server.createContext("/", new SidePortHandler(registry, auth, handlers)); // every path: the handler routes
            server.setExecutor(handlers);
            try {
                startAsDaemon(server);
            } catch (RuntimeException e) {
                server.stop(0);
                handlers.shutdownNow();
                throw e;
            }
            // pools are added once the port is bound, so that a failed start leaves no listener on them
            for (AdaptivePoolExecutor pool : pools) {
                AdaptivePoolCollector.register(pool, registry);
            }
            return new MetricsServer(host, server.getAddress().getPort(), registry, handlers, server);
        }
    }

    /**
     * Starts {@code server} from a daemon thread: the JDK's dispatcher thread takes its daemon
     * status from the thread that starts it, and must never keep the JVM alive.
     */
    private static void startAsDaemon(final HttpServer server) {
        final AtomicReference<RuntimeException> failure = new AtomicReference<RuntimeException>();
        Thread starter = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    server.start();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }
        }, "adaptive-pool-metrics-start");
        starter.setDaemon(true);
        starter.start();
        boolean interrupted = false;
        while (true) {
            try {
                starter.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the start is quick: finish it, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
