package io.adaptivepool.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.adaptivepool.AdaptivePoolExecutor;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samples in config-samples/prometheus name only series that the exporter really serves, with
 * labels those series really carry, so that no sample goes stale when a metric changes. What the
 * exporter serves is read from a real scrape, not from a list in this test.
 */
@Timeout(60)
class ConfigSamplesTest {
    private static final Pattern METRIC = Pattern.compile("\\badaptive_pool_[a-z_]+");
    private static final Pattern SELECTOR = Pattern.compile("\\b(adaptive_pool_[a-z_]+)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"[^\"]*\"\\s*");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    /** Labels Prometheus adds to every scraped series (job, instance) and the scrape config's own. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "service");

    private final TestSupport.Pools pools = new TestSupport.Pools();
    /** Sample name -> the label names it carries, from a real scrape. */
    private final Map<String, Set<String>> served = new HashMap<>();

    @BeforeEach
    void scrapeARealPool() {
        CollectorRegistry registry = new CollectorRegistry();
        AdaptivePoolExecutor pool = pools.make("samples", 1, 1, 1);
        AdaptivePoolCollector.register(pool, registry);
        for (Exposition.Family f : TestSupport.scrape(registry).families().values()) {
            for (Exposition.Sample s : f.samples) {
                served.computeIfAbsent(s.name(), k -> new HashSet<>()).addAll(s.labels().keySet());
            }
        }
        assertEquals(22, served.size(), "11 gauges and 5 counters, and _bucket, _count, _sum of 2 histograms: "
                + served.keySet());
    }

    @AfterEach
    void shutDown() throws InterruptedException {
        pools.close();
    }

    @Test
    void everyDashboardQueryNamesServedSeriesAndLabels() {
        JsonNode dashboard = ConfigSamples.dashboard();
        List<ConfigSamples.Query> queries = ConfigSamples.dashboardQueries(dashboard);
        assertTrue(queries.size() >= 20, "the dashboard has its queries: " + queries.size());

        Set<String> used = new TreeSet<>();
        for (ConfigSamples.Query q : queries) {
            assertFalse(q.expr().isBlank(), q.where() + " has no query");
            used.addAll(checkNames(q.where(), q.expr()));
        }
        assertEquals(familiesOf(served.keySet()), familiesOf(used), "the dashboard shows every metric of the contract");
    }

    @Test
    void theDashboardIsWellFormedForGrafana() {
        JsonNode dashboard = ConfigSamples.dashboard();
        assertEquals("adaptive-pool", dashboard.path("uid").asText());
        assertFalse(dashboard.path("title").asText().isBlank());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt(-1);
            int w = grid.path("w").asInt(-1);
            assertTrue(x >= 0 && w > 0 && x + w <= 24, "panel '" + panel.path("title").asText() + "' fits 24 columns");
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(),
                    "panel '" + panel.path("title").asText() + "' uses the datasource variable");
        }
        Set<String> variables = new HashSet<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            variables.add(v.path("name").asText());
        }
        assertEquals(Set.of("datasource", "job", "instance", "pool"), variables);
        for (ConfigSamples.Query q : ConfigSamples.dashboardQueries(dashboard)) {
            Matcher m = Pattern.compile("\\$\\{?(\\w+)").matcher(q.expr());
            while (m.find()) {
                String name = m.group(1);
                assertTrue(variables.contains(name) || name.startsWith("__"), q.where() + " uses undefined $" + name);
            }
        }
    }

    @Test
    void theDashboardIsFleetAware() {
        JsonNode dashboard = ConfigSamples.dashboard();
        JsonNode instance = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals("instance")) {
                instance = v;
            }
        }
        assertTrue(instance != null && instance.path("multi").asBoolean() && instance.path("includeAll").asBoolean(),
                "a variable selects one, several or all instances");
        for (JsonNode panel : dashboard.path("panels")) {
            String title = "panel '" + panel.path("title").asText() + "'";
            boolean stat = panel.path("type").asText().equals("stat");
            if (stat) {
                assertTrue(panel.path("description").asText().contains("Aggregated deliberately across the selected jobs,"
                        + " instances and pools"), title + " says that it aggregates the fleet");
            }
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                String legend = target.path("legendFormat").asText();
                assertTrue(expr.contains("instance=~\"$instance\""), title + " filters by the instance variable: " + expr);
                if (!stat) {
                    assertTrue(legend.contains("{{instance}}") && legend.contains("{{pool}}"),
                            title + ": the legend names instance and pool: " + legend);
                    assertKeepsJobAndInstance(title, expr);
                }
            }
        }
    }

    @Test
    void alertRulesNameServedSeriesAndLabels() {
        Set<String> used = checkNames(ConfigSamples.RULES, withoutComments(ConfigSamples.read(ConfigSamples.RULES)));
        assertTrue(used.containsAll(Set.of("adaptive_pool_workers_busy", "adaptive_pool_workers_max",
                "adaptive_pool_queue_depth", "adaptive_pool_queue_capacity", "adaptive_pool_jobs_rejected_total",
                "adaptive_pool_queue_wait_seconds_bucket", "adaptive_pool_stalls_total",
                "adaptive_pool_queue_oldest_age_seconds")), "the alerts of the contract are there: " + used);
    }

    @Test
    void alertRulesKeepJobInstanceAndPoolAndPrintPlainNumbers() {
        String rules = withoutComments(ConfigSamples.read(ConfigSamples.RULES));
        assertKeepsJobAndInstance(ConfigSamples.RULES, rules);
        Matcher by = GROUPING.matcher(rules);
        while (by.find()) {
            assertTrue(by.group(1).contains("pool"), "an alert groups by pool too: " + by.group());
        }
        assertFalse(rules.contains("humanize"), "no humanize: it prints 0.24 per second as 240m");
        Matcher value = Pattern.compile("\\{\\{[^}]*\\$value[^}]*}}").matcher(rules);
        while (value.find()) {
            assertTrue(value.group().matches("\\{\\{ printf \"%\\.[01]f\" \\$value }}"),
                    "a value is printed rounded, to 0 or 1 decimal: " + value.group());
        }
    }

    /** Every aggregation keeps job and instance ({@code by (job, instance, ...)}); none drops them silently. */
    private static void assertKeepsJobAndInstance(String where, String promQl) {
        Matcher aggregation = Pattern.compile("\\b(sum|max|min|avg|count|topk|bottomk|quantile)\\s*(by|without)?\\s*\\(")
                .matcher(promQl);
        while (aggregation.find()) {
            assertEquals("by", aggregation.group(2), where + ": " + aggregation.group(1)
                    + " without 'by (job, instance, ...)' aggregates across instances: " + promQl);
        }
        Matcher by = GROUPING.matcher(promQl);
        while (by.find()) {
            Set<String> labels = new HashSet<>();
            for (String label : by.group(1).split(",")) {
                labels.add(label.trim());
            }
            assertTrue(labels.containsAll(Set.of("job", "instance")), where + " drops job or instance: " + by.group());
        }
    }

    @Test
    void theAlertRuleTestsFeedServedSeriesAndLabels() {
        String text = withoutComments(ConfigSamples.read(ConfigSamples.RULES_TEST));
        checkNames(ConfigSamples.RULES_TEST, text.replace("'", ""));
    }

    @Test
    void theScrapeConfigTargetsTheDefaultPortAndPath() {
        String config = ConfigSamples.read(ConfigSamples.SCRAPE_CONFIG);
        assertTrue(config.contains("'localhost:" + MetricsServer.DEFAULT_PORT + "'"), "scrapes the default port");
        assertTrue(config.contains("metrics_path: /metrics"));
        assertTrue(config.contains("- " + ConfigSamples.RULES), "loads the alert rules");
    }

    // ---- helpers ----

    /** Checks every adaptive_pool_ name and label matcher in {@code text}; returns the names used. */
    private Set<String> checkNames(String where, String text) {
        Set<String> used = new TreeSet<>();
        Matcher names = METRIC.matcher(text);
        while (names.find()) {
            String name = names.group();
            assertTrue(served.containsKey(name), where + " names " + name + ", which the exporter does not serve; it serves "
                    + new TreeSet<>(served.keySet()));
            used.add(name);
        }
        Matcher selectors = SELECTOR.matcher(text);
        while (selectors.find()) {
            String name = selectors.group(1);
            for (String matcher : selectors.group(2).split(",")) {
                if (matcher.isBlank()) {
                    continue;
                }
                Matcher m = MATCHER.matcher(matcher);
                assertTrue(m.matches(), where + ": cannot read label matcher '" + matcher + "'");
                String label = m.group(1);
                assertTrue(served.get(name).contains(label) || TARGET_LABELS.contains(label),
                        where + ": " + name + " has no label '" + label + "'; it has " + served.get(name));
            }
        }
        Set<String> allLabels = new HashSet<>(TARGET_LABELS);
        served.values().forEach(allLabels::addAll);
        Matcher grouping = GROUPING.matcher(text);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                assertTrue(allLabels.contains(label.trim()), where + " groups by unknown label '" + label.trim() + "'");
            }
        }
        return used;
    }

    /** Sample names to their families: histogram suffixes off, counters keep _total (as in CONTRACT_FAMILIES). */
    private static Set<String> familiesOf(Set<String> sampleNames) {
        Set<String> out = new TreeSet<>();
        for (String n : sampleNames) {
            out.add(n.replaceAll("_(bucket|count|sum)$", ""));
        }
        return out;
    }

    private static String withoutComments(String yaml) {
        StringBuilder out = new StringBuilder();
        for (String line : yaml.split("\n")) {
            int hash = line.indexOf('#');
            out.append(hash >= 0 && !line.substring(0, hash).contains("'") ? line.substring(0, hash) : line).append('\n');
        }
        return out.toString();
    }
}
