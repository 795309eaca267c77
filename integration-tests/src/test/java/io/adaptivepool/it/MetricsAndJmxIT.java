package io.adaptivepool.it;

import io.adaptivepool.testing.Await;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.NO_STALL_GUARD;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.ServiceApp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running legacy service under the agent: its pool's series on the side port, and live tuning
 * over remote JMX on loopback, seen in the app's threads and in the next scrape.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MetricsAndJmxIT {
    static final String POOL = "io.adaptivepool.it.fixtures.ServiceApp.start";
    static final Map<String, String> LABEL = Map.of("pool", POOL);

    @Test
    void theSidePortServesThePoolsSeriesWithItsCallSiteLabel() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(ServiceApp.class).name("scrape")
                .agent(METRICS_ON_LOOPBACK + NO_STALL_GUARD + ",pool.defaults.maxWorkers=3,pool.defaults.queueCapacity=50,"
                        + "pool.defaults.scaleUpThreshold=0")
                .start()) {
            assertAdaptive(child, "pool");
            assertEquals(POOL, child.value("pool.name"));
            assertEquals("true", child.value("ready"));
            int port = AgentFacts.metricsPort(child);

            assertEquals("10", child.ask("hold 10"));
            child.askUntil("running", "3"::equals, "3 running tasks (max 3)");
            Scrape busy = awaitScrape(port, "adaptive_pool_workers_busy", v -> v == 3);
            assertEquals(3, busy.value("adaptive_pool_workers", LABEL));
            assertEquals(3, busy.value("adaptive_pool_workers_max", LABEL));
            assertEquals(7, busy.value("adaptive_pool_queue_depth", LABEL));
            assertEquals(50, busy.value("adaptive_pool_queue_capacity", LABEL));
            assertEquals(10, busy.value("adaptive_pool_jobs_submitted_total", LABEL));
            assertEquals(0, busy.value("adaptive_pool_workers_min", LABEL),
                    "a replaced cached pool keeps no idle worker");

            assertEquals("10", child.ask("release"));
            child.askUntil("done", "10"::equals, "10 finished tasks");
            Scrape after = awaitScrape(port, "adaptive_pool_jobs_processed_total", Map.of("outcome", "success"),
                    v -> v == 10);
            assertEquals(0, after.value("adaptive_pool_jobs_processed_total", with("outcome", "failure")));
            assertEquals(0, after.value("adaptive_pool_queue_depth", LABEL));
            assertEquals(10, after.value("adaptive_pool_job_duration_seconds_count", LABEL));
            assertEquals(10, after.value("adaptive_pool_queue_wait_seconds_count", LABEL));
            assertEquals(1, after.find("adaptive_pool_job_duration_seconds_bucket", with("le", "+Inf")).size());
            assertEquals(1, after.find("adaptive_pool_scale_events_total", with("direction", "up")).size());
            assertEquals(1, after.find("adaptive_pool_scale_events_total", with("direction", "down")).size());
            assertEquals(1, after.find("adaptive_pool_jobs_rejected_total", with("reason", "saturated")).size());
            assertEquals(1, after.find("adaptive_pool_jobs_rejected_total", with("reason", "shutdown")).size());
            for (Scrape.Sample sample : after.samples()) {
                if (sample.name().startsWith("adaptive_pool_")) {
                    assertEquals(POOL, sample.labels().get("pool"), () -> "every pool series carries pool=: " + sample);
                }
            }
            assertTrue(after.names().stream().anyMatch(n -> n.startsWith("jvm_")),
                    "JVM metrics on the side port: " + after.names());
            // the agent's side port is the hardened MetricsServer: read-only, two paths
            assertEquals(200, Scrape.status(port, "HEAD", "/metrics"));
            assertEquals(200, Scrape.status(port, "GET", "/-/healthy"));
            assertEquals(405, Scrape.status(port, "POST", "/metrics"));
            assertEquals(405, Scrape.status(port, "DELETE", "/metrics"));
            assertEquals(404, Scrape.status(port, "GET", "/"));
            assertEquals(404, Scrape.status(port, "GET", "/admin"));
            assertEquals("bye", child.ask("exit"));
            assertEquals(0, child.awaitExit(), child::describe);
        }
    }

    @Test
    void maxWorkersChangedOverRemoteJmxShowsInTheThreadsAndTheNextScrape() throws Exception {
        int jmxPort = Env.freePort();
        try (ChildJvm child = ChildJvm.fixture(ServiceApp.class).name("jmx-live-tuning")
                .jvmArgs("-Dcom.sun.management.jmxremote.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                        "-Dcom.sun.management.jmxremote.authenticate=false",
                        "-Dcom.sun.management.jmxremote.ssl=false",
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                        "-Djava.rmi.server.hostname=127.0.0.1")
                .agent(METRICS_ON_LOOPBACK + NO_STALL_GUARD + ",pool.defaults.maxWorkers=2,pool.defaults.scaleUpThreshold=0")
                .start()) {
            assertAdaptive(child, "pool");
            assertEquals("true", child.value("ready"));
            int metricsPort = AgentFacts.metricsPort(child);

            assertEquals("12", child.ask("hold 12"));
            child.askUntil("running", "2"::equals, "2 running tasks (max 2)");
            assertEquals("2", child.ask("live"));

            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
            try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName bean = poolBean(server);
                assertEquals(POOL, server.getAttribute(bean, "Name"));
                assertEquals(2, server.getAttribute(bean, "MaxWorkers"));
                assertEquals(2, server.getAttribute(bean, "Workers"));

                server.setAttribute(bean, new Attribute("MaxWorkers", 5));
                assertEquals(5, server.getAttribute(bean, "MaxWorkers"));
                child.askUntil("running", "5"::equals, "5 running tasks after MaxWorkers=5");
                assertEquals("5", child.ask("live"), "the app's own factory made the extra workers");
                assertEquals(5, server.getAttribute(bean, "PeakWorkers"));
                Scrape raised = awaitScrape(metricsPort, "adaptive_pool_workers_max", v -> v == 5);
                assertEquals(5, raised.value("adaptive_pool_workers", LABEL));
                assertEquals(5, raised.value("adaptive_pool_workers_busy", LABEL));

                Exception refused = assertThrows(Exception.class,
                        () -> server.setAttribute(bean, new Attribute("MaxWorkers", 0)));
                assertTrue(causes(refused).contains("maxWorkers (0)"),
                        () -> "the message names the field and the value: " + causes(refused));
                assertEquals(5, server.getAttribute(bean, "MaxWorkers"), "a refused write changes nothing");

                server.setAttribute(bean, new Attribute("MaxWorkers", 1));
                assertEquals("12", child.ask("release"));
                child.askUntil("done", "12"::equals, "12 finished tasks");
                child.askUntil("live", live -> Integer.parseInt(live) <= 1,
                        "extra workers retired down to the lowered max");
                Scrape lowered = awaitScrape(metricsPort, "adaptive_pool_jobs_processed_total",
                        Map.of("outcome", "success"), v -> v == 12);
                assertEquals(1, lowered.value("adaptive_pool_workers_max", LABEL));
                assertEquals(12, (long) server.getAttribute(bean, "JobsProcessed"));
            }
            assertEquals("bye", child.ask("exit"));
            assertEquals(0, child.awaitExit(), child::describe);
            assertFalse(child.isAlive());
        }
    }

    /** The pool's bean, {@code io.adaptivepool:type=AdaptivePool,name=<pool>}, polled until registered. */
    private static ObjectName poolBean(MBeanServerConnection server) throws Exception {
        ObjectName pattern = new ObjectName("io.adaptivepool:type=AdaptivePool,*");
        Set<ObjectName> names = Await.answer(ChildJvm.WAIT, ChildJvm.POLL, () -> server.queryNames(pattern, null),
                found -> found.stream().anyMatch(MetricsAndJmxIT::isPoolBean),
                found -> "no bean for pool " + POOL + " among " + found);
        ObjectName name = names.stream().filter(MetricsAndJmxIT::isPoolBean).findFirst().orElseThrow();
        assertEquals(2, name.getKeyPropertyList().size(), "type and name only: " + name);
        return name;
    }

    private static boolean isPoolBean(ObjectName name) {
        String value = name.getKeyProperty("name");
        return POOL.equals(value.startsWith("\"") ? ObjectName.unquote(value) : value);
    }

    private static Scrape awaitScrape(int port, String series, DoublePredicate accept) throws Exception {
        return awaitScrape(port, series, Map.of(), accept);
    }

    /** Scrapes until {@code series} with the pool's label (and {@code extra}) has an accepted value. */
    private static Scrape awaitScrape(int port, String series, Map<String, String> extra, DoublePredicate accept)
            throws Exception {
        Map<String, String> labels = new HashMap<>(LABEL);
        labels.putAll(extra);
        return Await.answer(ChildJvm.WAIT, ChildJvm.POLL, () -> Scrape.metrics(port), scrape -> {
            List<Scrape.Sample> found = scrape.find(series, labels);
            return found.size() == 1 && accept.test(found.get(0).value());
        }, scrape -> "no accepted value for " + series + labels + " in:\n" + scrape.text());
    }

    private static Map<String, String> with(String label, String value) {
        return Map.of("pool", POOL, label, value);
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append(" | ");
        }
        return all.toString();
    }
}
