package io.adaptivepool.prometheus;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.SampleNameFilter;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UnsupportedEncodingException;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Every request of a {@link MetricsServer} (the server's one context, {@code /}), in this order:
 * <ol>
 * <li>authentication, when configured: without the right credentials, 401 with a
 *     {@code WWW-Authenticate} challenge, whatever the method and the path, so that a stranger
 *     learns nothing, not even which paths exist;</li>
 * <li>the path, compared exactly (raw, before any decoding): {@value #METRICS_PATH} and
 *     {@value #HEALTH_PATH}; anything else 404;</li>
 * <li>the method: {@code GET} and {@code HEAD}; anything else 405 with {@code Allow: GET, HEAD};</li>
 * <li>the answer, computed whole before the first byte is sent, so that {@code Content-Length}
 *     is exact, for {@code HEAD} too (which sends the headers of the {@code GET} and no body).</li>
 * </ol>
 * Nothing is writable: no path or method changes anything. A request body is never read; a
 * refused request that has one gets {@code Connection: close} (the JDK reads at most 64 KiB of
 * what is left, {@code sun.net.httpserver.drainAmount}, then closes).
 */
final class SidePortHandler implements HttpHandler {
    static final String METRICS_PATH = "/metrics";
    static final String HEALTH_PATH = "/-/healthy";
    static final String HEALTHY = "Exporter is Healthy.";
    static final String ALLOWED_METHODS = "GET, HEAD";
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    private static final Charset UTF_8 = Charset.forName("UTF-8");

    private final CollectorRegistry registry;
    private final BasicAuth auth; // null: no authentication
    private final HandlerPool pool;

    SidePortHandler(CollectorRegistry registry, BasicAuth auth, HandlerPool pool) {
        this.registry = registry;
        this.auth = auth;
        this.pool = pool;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        pool.requestRead(); // the JDK has read the request head: the response deadline runs from here
        try {
            respond(exchange);
        } finally {
            exchange.close();
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        boolean head = "HEAD".equals(method);
        Headers request = exchange.getRequestHeaders();
        if (auth != null && !auth.accepts(request.getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", BasicAuth.CHALLENGE);
            refuse(exchange, 401, "Unauthorized", head);
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        boolean metrics = METRICS_PATH.equals(path);
        if (!metrics && !HEALTH_PATH.equals(path)) {
            refuse(exchange, 404, "Not Found", head);
            return;
        }
        if (!head && !"GET".equals(method)) {
            exchange.getResponseHeaders().set("Allow", ALLOWED_METHODS);
            refuse(exchange, 405, "Method Not Allowed", false);
            return;
        }
        if (!metrics) {
            send(exchange, 200, TEXT_PLAIN, HEALTHY.getBytes(UTF_8), head);
            return;
        }
        Set<String> names;
        try {
            names = names(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException badEscape) {
            refuse(exchange, 400, "Bad Request", head);
            return;
        }
        String contentType = TextFormat.chooseContentType(request.getFirst("Accept"));
        byte[] body;
        try {
            body = render(contentType, names);
        } catch (RuntimeException e) {
            MetricsServer.LOG.warning("metrics server: a collector failed; answering 500", e);
            refuse(exchange, 500, "Internal Server Error", head);
            return;
        }
        if (acceptsGzip(request.get("Accept-Encoding"))) {
            body = gzip(body);
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        send(exchange, 200, contentType, body, head);
    }

    private byte[] render(String contentType, Set<String> names) throws IOException {
        Predicate<String> filter = SampleNameFilter.restrictToNamesEqualTo(null, names);
        Enumeration<Collector.MetricFamilySamples> samples = filter == null
                ? registry.metricFamilySamples() : registry.filteredMetricFamilySamples(filter);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        Writer writer = new OutputStreamWriter(out, UTF_8);
        TextFormat.writeFormat(contentType, writer, samples);
        writer.close();
        return out.toByteArray();
    }

    /** The values of {@code name[]} in the raw query; an empty set when there are none. */
    static Set<String> names(String rawQuery) throws UnsupportedEncodingException {
        Set<String> names = new HashSet<String>();
        if (rawQuery == null) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), "UTF-8").equals("name[]")) {
                names.add(URLDecoder.decode(pair.substring(eq + 1), "UTF-8"));
            }
        }
        return names;
    }

    /** Whether an {@code Accept-Encoding} header lists gzip (without {@code q=0}). */
    static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String header : acceptEncoding) {
            for (String coding : header.split(",")) {
                String[] parts = coding.split(";");
                if (!parts[0].trim().equalsIgnoreCase("gzip")) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim().replace(" ", "");
                    if (param.startsWith("q=") && param.substring(2).matches("0(\\.0{0,3})?")) {
                        refused = true;
                    }
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        GZIPOutputStream zip = new GZIPOutputStream(out);
        zip.write(data);
        zip.close();
        return out.toByteArray();
    }

    /** A short plain-text refusal; a request with a body also gets {@code Connection: close}. */
    private static void refuse(HttpExchange exchange, int status, String reason, boolean head) throws IOException {
        Headers request = exchange.getRequestHeaders();
        String length = request.getFirst("Content-Length");
        if (request.containsKey("Transfer-Encoding") || (length != null && !length.trim().equals("0"))) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        send(exchange, status, TEXT_PLAIN, (status + " " + reason + "\n").getBytes(UTF_8), head);
    }

    /** Sends the status, the headers and, unless {@code head}, the body; Content-Length exact either way. */
    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean head)
            throws IOException {
        Headers response = exchange.getResponseHeaders();
        response.set("Content-Type", contentType);
        if (head) {
            // the JDK sends no body for HEAD and sets no length: give the length the GET would have
            response.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        // 0 would mean "chunked" to the JDK; -1 means no body (Content-Length: 0)
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            OutputStream out = exchange.getResponseBody();
            out.write(body);
            out.flush(); // before close(), which first drains what is left of a request body
        }
    }
}
