package io.adaptivepool.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolSaturatedException;
import io.adaptivepool.PoolShutdownException;
import io.adaptivepool.Saturation;
import io.adaptivepool.ShutdownReport;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import io.adaptivepool.prometheus.AdaptivePoolCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.ThreadExports;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A job service on the JDK's {@link HttpServer}, with its background work on a bounded
 * {@link AdaptivePoolExecutor}.
 *
 * <pre>
 * java -jar http-server.jar [--port 8080] [--host 127.0.0.1] [--max-workers 8] [--queue 100] [--drain-seconds 10]
 *
 * POST /jobs?ms=N[&amp;wait=W]  runs a job of about N ms (0-60000) in the background: 202 when accepted;
 *                          503 with Retry-After when no room was found within W ms (0-10000, default
 *                          100: the request's deadline) or the server is shutting down; 400 for bad values
 * GET  /metrics            Prometheus text: the pools "jobs" and "http", and jvm_threads_*
 * GET  /health             200 "ok" (503 while shutting down)
 * </pre>
 *
 * <p>Both pools are MXBeans on the platform MBean server
 * ({@code io.adaptivepool:type=AdaptivePool,name=jobs} and {@code ...,name=http}): JConsole or any
 * JMX client can watch them and change {@code MaxWorkers}, {@code QueueCapacity} and the rest live.
 *
 * <p>Two pools: {@code jobs} runs the jobs (1 to {@code --max-workers} workers, a queue of
 * {@code --queue}, {@link Saturation#REJECT}: each request waits at most its own deadline);
 * {@code http} runs the request handlers (1 to 4 workers, {@link Saturation#CALLER_RUNS}, so an
 * overloaded server slows its own accept loop instead of growing). Threads stay bounded however hard
 * it is pushed.
 *
 * <p>SIGTERM or Ctrl-C: stop accepting connections, let the queued jobs finish within
 * {@code --drain-seconds}, interrupt what still runs, and print what was dropped, ending with
 * <pre>
 * SHUTDOWN accepted=N completed=N interrupted=N dropped=N clean=true|false elapsed_ms=N
 * </pre>
 */
public final class JobServer {
    static final String USAGE = "usage: java -jar http-server.jar [--port N] [--host H] [--max-workers N]"
            + " [--queue N] [--drain-seconds N]";
    static final int HTTP_MAX_WORKERS = 4;
    static final int DEFAULT_WAIT_MS = 100;
    static final int MAX_JOB_MS = 60_000;
    static final int MAX_WAIT_MS = 10_000;
    static final String RETRY_AFTER_SECONDS = "1";

    private final Options options;
    private final AdaptivePoolExecutor jobs;
    private final AdaptivePoolExecutor http;
    private final CollectorRegistry registry = new CollectorRegistry();
    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong interrupted = new AtomicLong();
    private volatile boolean stopping;

    private JobServer(Options options) throws IOException {
        this.options = options;
        this.jobs = AdaptivePoolExecutor.builder()
                .name("jobs")
                .minWorkers(1)
                .maxWorkers(options.maxWorkers)
                .queueCapacity(options.queue)
                .scaleCooldown(Duration.ofMillis(500))
                .scaleDownIdle(Duration.ofSeconds(10))
                .saturation(Saturation.REJECT)
                .build();
        this.http = AdaptivePoolExecutor.builder()
                .name("http")
                .minWorkers(1)
                .maxWorkers(HTTP_MAX_WORKERS)
                .queueCapacity(64)
                .scaleDownIdle(Duration.ofSeconds(10))
                .saturation(Saturation.CALLER_RUNS)
                .build();
        AdaptivePoolCollector.register(jobs, registry);
        AdaptivePoolCollector.register(http, registry);
        AdaptivePoolJmx.register(jobs); // tune it live: jconsole, io.adaptivepool > AdaptivePool > jobs
        AdaptivePoolJmx.register(http);
        new ThreadExports().register(registry);

        this.server = HttpServer.create(new InetSocketAddress(options.host, options.port), 128);
        server.createContext("/jobs", this::handleJobs);
        server.createContext("/metrics", exchange -> handleGet(exchange, this::metrics));
        server.createContext("/health", exchange -> handleGet(exchange, this::health));
        server.setExecutor(http);
        server.start();
    }

    /** Starts a server; it runs until {@link #stop()}. */
    static JobServer start(Options options) throws IOException {
        return new JobServer(options);
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("http-server: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }
        JobServer server = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.printf(Locale.ROOT, "http-server: stopping; draining jobs for up to %d s%n", options.drainSeconds);
            System.out.println(server.stop());
            System.out.flush();
        }, "http-server-shutdown"));
        System.out.printf(Locale.ROOT, "http-server: listening on http://%s:%d (jobs: workers 1..%d, queue %d;"
                        + " http: workers 1..%d); Ctrl-C or SIGTERM drains and exits%n",
                options.host, server.port(), options.maxWorkers, options.queue, HTTP_MAX_WORKERS);
        System.out.flush();
    }

    /** The port the server listens on (the bound one when started with port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops accepting connections (in-flight requests get up to a second to finish), drains the
     * jobs within {@code --drain-seconds}, and says what happened to every accepted job: accepted
     * (the pool's own count) = completed + interrupted + dropped.
     */
    String stop() {
        stopping = true;
        server.stop(1);
        ShutdownReport report = jobs.shutdownGracefully(Duration.ofSeconds(options.drainSeconds));
        http.shutdownGracefully(Duration.ofSeconds(1));
        StringBuilder out = new StringBuilder();
        List<Runnable> dropped = report.droppedTasks();
        if (!dropped.isEmpty()) {
            out.append("http-server: dropped ").append(jobCount(dropped.size())).append(" that never started: ")
                    .append(dropped.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(dropped.size() > 10 ? ", ..." : "").append(System.lineSeparator());
        }
        if (report.interruptedTasks() > 0) {
            out.append("http-server: interrupted ").append(jobCount(report.interruptedTasks()))
                    .append(" still running at the deadline").append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT,
                "SHUTDOWN accepted=%d completed=%d interrupted=%d dropped=%d clean=%b elapsed_ms=%d",
                jobs.metrics().jobsSubmitted(), completed.get(), interrupted.get(), dropped.size(), report.isClean(),
                report.elapsed().toMillis()));
        return out.toString();
    }

    private static String jobCount(int n) {
        return n + (n == 1 ? " job" : " jobs");
    }

    private void handleJobs(HttpExchange exchange) throws IOException {
        try {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed on /jobs; use POST");
                return;
            }
            int ms;
            int waitMs;
            try {
                Map<String, String> query = Query.parse(exchange.getRequestURI().getRawQuery(), "ms", "wait");
                ms = Query.intIn(query, "ms", null, 0, MAX_JOB_MS, "milliseconds");
                waitMs = Query.intIn(query, "wait", DEFAULT_WAIT_MS, 0, MAX_WAIT_MS, "milliseconds");
            } catch (IllegalArgumentException bad) {
                respond(exchange, 400, bad.getMessage());
                return;
            }
            Job job = new Job(ids.incrementAndGet(), ms);
            try {
                jobs.execute(job, Duration.ofMillis(waitMs));
            } catch (PoolShutdownException shuttingDown) {
                exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
                respond(exchange, 503, "shutting down; job refused");
                return;
            } catch (PoolSaturatedException saturated) {
                exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
                respond(exchange, 503, "busy: " + saturated.getMessage());
                return;
            }
            respond(exchange, 202, "accepted " + job);
        } finally {
            exchange.close();
        }
    }

    private void handleGet(HttpExchange exchange, Handler handler) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed on "
                        + exchange.getHttpContext().getPath() + "; use GET");
                return;
            }
            handler.handle(exchange);
        } finally {
            exchange.close();
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        StringWriter text = new StringWriter();
        TextFormat.write004(text, registry.metricFamilySamples());
        exchange.getResponseHeaders().set("Content-Type", TextFormat.CONTENT_TYPE_004);
        send(exchange, 200, text.toString());
    }

    private void health(HttpExchange exchange) throws IOException {
        if (stopping || jobs.isShutdown()) {
            respond(exchange, 503, "shutting down");
        } else {
            respond(exchange, 200, "ok");
        }
    }

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(exchange, status, message + "\n");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** A background job: waits about {@code ms} milliseconds, or until interrupted by a shutdown. */
    final class Job implements Runnable {
        private final long id;
        private final int ms;

        Job(long id, int ms) {
            this.id = id;
            this.ms = ms;
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    interrupted.incrementAndGet();
                    return;
                }
            }
            completed.incrementAndGet();
        }

        @Override
        public String toString() {
            return "job #" + id + " (" + ms + " ms)";
        }
    }

    /** Command-line options; a bad value is reported with the option's name and the value. */
    static final class Options {
        int port = 8080;
        String host = "127.0.0.1";
        int maxWorkers = 8;
        int queue = 100;
        int drainSeconds = 10;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> o.help = true;
                    case "--port" -> o.port = intIn(arg, value(args, ++i, arg), 0, 65_535);
                    case "--host" -> o.host = value(args, ++i, arg);
                    case "--max-workers" -> o.maxWorkers = intIn(arg, value(args, ++i, arg), 1, 10_000);
                    case "--queue" -> o.queue = intIn(arg, value(args, ++i, arg), 1, 1_000_000);
                    case "--drain-seconds" -> o.drainSeconds = intIn(arg, value(args, ++i, arg), 0, 3600);
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int intIn(String option, String text, int min, int max) {
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " (" + text + ") is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " (" + text + ") must be between " + min + " and " + max);
            }
            return value;
        }
    }
}
