package io.adaptivepool.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The files of config-samples/prometheus, found through the system property the pom sets. */
final class ConfigSamples {
    static final String SCRAPE_CONFIG = "prometheus.yml";
    /** The scrape config for side ports with TLS and basic auth. */
    static final String TLS_SCRAPE_CONFIG = "prometheus-tls.yml";
    static final String RULES = "adaptive-pool-alerts.yml";
    static final String RULES_TEST = "adaptive-pool-alerts.test.yml";
    static final String DASHBOARD = "adaptive-pool-dashboard.json";

    private ConfigSamples() {
    }

    static Path dir() {
        String dir = System.getProperty("config.samples.dir");
        if (dir == null) {
            throw new IllegalStateException("system property config.samples.dir is not set (the module's pom sets it)");
        }
        return Paths.get(dir).toAbsolutePath().normalize();
    }

    static Path file(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing sample file " + p);
        }
        return p;
    }

    static String read(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(file(DASHBOARD).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PromQL query of the dashboard: where it is, and its text. */
    record Query(String where, String expr) {
    }

    /** Every PromQL query of the dashboard: panel targets (rows' nested panels too) and query variables. */
    static List<Query> dashboardQueries(JsonNode dashboard) {
        List<Query> out = new ArrayList<>();
        collectPanels(dashboard.path("panels"), out);
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                JsonNode q = v.path("query");
                out.add(new Query("variable " + v.path("name").asText(), q.isObject() ? q.path("query").asText() : q.asText()));
            }
        }
        return out;
    }

    private static void collectPanels(JsonNode panels, List<Query> out) {
        for (JsonNode panel : panels) {
            for (JsonNode t : panel.path("targets")) {
                out.add(new Query("panel '" + panel.path("title").asText() + "' target " + t.path("refId").asText(),
                        t.path("expr").asText()));
            }
            collectPanels(panel.path("panels"), out);
        }
    }

    /**
     * A dashboard query made plain PromQL: Grafana's variables replaced by values that parse,
     * {@code label_values(metric, label)} by its metric selector.
     */
    static String plainPromQl(String expr) {
        String plain = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
                .replaceAll("\\$\\{?\\w+}?", ".*");
        if (plain.startsWith("label_values(")) {
            String inner = plain.substring("label_values(".length(), plain.lastIndexOf(','));
            plain = inner.trim();
        }
        return plain;
    }
}
