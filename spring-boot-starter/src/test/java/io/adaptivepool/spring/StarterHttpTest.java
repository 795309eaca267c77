package io.adaptivepool.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import io.adaptivepool.jmx.AdaptivePoolMXBean;
import io.adaptivepool.spring.demo.DemoApplication;
import io.adaptivepool.spring.demo.Greeter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.TaskDecorator;

import javax.management.JMX;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo application, configured by properties only, over real HTTP. */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "adaptive-pool.pools.orders.max-workers=4",
        "adaptive-pool.pools.orders.queue-capacity=20",
        "adaptive-pool.pools.orders.saturation=reject",
        "adaptive-pool.pools.reports.min-workers=1",
        "adaptive-pool.pools.reports.max-workers=2",
        "adaptive-pool.pools.reports.scale-cooldown=2s",
        "adaptive-pool.pools.reports.max-submit-wait=250ms",
        "adaptive-pool.async=orders",
        "management.endpoints.web.exposure.include=adaptivepools,prometheus",
        "spring.jmx.enabled=true"})
@AutoConfigureObservability // @SpringBootTest turns metrics export (and so the Prometheus endpoint) off otherwise
@Timeout(60)
class StarterHttpTest {
    private static final List<String> POOLS = List.of("orders", "reports");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    @Qualifier("orders")
    AdaptivePoolExecutor orders;

    @Autowired
    @Qualifier("reports")
    AdaptivePoolExecutor reports;

    @Autowired
    Greeter greeter;

    @Test
    void eachPoolIsABeanOfItsNameBuiltFromItsProperties() {
        assertEquals("orders", orders.getName());
        assertEquals(4, orders.getMaxWorkers());
        assertEquals(20, orders.getQueueCapacity());
        assertEquals(Duration.ofSeconds(2), reports.getScaleCooldown());
        assertEquals(Duration.ofMillis(250), reports.getMaxSubmitWait().orElseThrow());
        assertEquals(List.of("orders", "reports"), List.copyOf(context.getBean(AdaptivePools.class).asMap().keySet()));
    }

    @Test
    void theEndpointListsEveryPoolWithItsSettingsAndMetrics() throws Exception {
        HttpResponse<String> response = get("/actuator/adaptivepools");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode pools = json.readTree(response.body()).get("pools");
        assertEquals(4, pools.at("/orders/settings/maxWorkers").asInt(), response.body());
        assertEquals("reject", pools.at("/orders/settings/saturation").asText(), response.body());
        assertEquals("2s", pools.at("/reports/settings/scaleCooldown").asText(), response.body());
        assertEquals("250ms", pools.at("/reports/settings/maxSubmitWait").asText(), response.body());
        assertEquals("unbounded", pools.at("/orders/settings/maxSubmitWait").asText(), response.body());
        assertEquals("running", pools.at("/reports/state").asText(), response.body());
        assertTrue(pools.at("/reports/metrics/workers").asInt() >= 1, response.body());
        assertEquals(20, pools.at("/orders/metrics/queueCapacity").asInt(), response.body());
    }

    @Test
    void theEndpointReadsOnePoolAndAnswers404ForAnUnknownOne() throws Exception {
        HttpResponse<String> one = get("/actuator/adaptivepools/reports");
        HttpResponse<String> unknown = get("/actuator/adaptivepools/nosuch");

        assertEquals(200, one.statusCode(), one.body());
        assertEquals(2, json.readTree(one.body()).at("/settings/maxWorkers").asInt(), one.body());
        assertEquals(404, unknown.statusCode(), unknown.body());
    }

    @Test
    void aWriteChangesThePoolLive() throws Exception {
        try {
            HttpResponse<String> response = post("/actuator/adaptivepools/orders", "{\"maxWorkers\": 12, \"scaleCooldown\": \"750ms\"}");

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(12, orders.getMaxWorkers());
            assertEquals(Duration.ofMillis(750), orders.getScaleCooldown());
            assertEquals(12, json.readTree(response.body()).at("/settings/maxWorkers").asInt(), response.body());
        } finally {
            orders.setMaxWorkers(4);
            orders.setScaleCooldown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aWriteRaisingMinAboveThePresentMaxTakesTheNewMaxFirst() throws Exception {
        try {
            HttpResponse<String> response = post("/actuator/adaptivepools/reports", "{\"minWorkers\": 3, \"maxWorkers\": 5}");

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(3, reports.getMinWorkers());
            assertEquals(5, reports.getMaxWorkers());
        } finally {
            reports.setMinWorkers(1);
            reports.setMaxWorkers(2);
        }
    }

    @Test
    void aRefusedValueChangesNothingAndAnswers400WithTheReason() throws Exception {
        HttpResponse<String> response = post("/actuator/adaptivepools/reports", "{\"maxWorkers\": 3, \"scaleUpThreshold\": 1.5}");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("scaleUpThreshold (1.5) must be between 0.0 and 1.0", json.readTree(response.body()).get("error").asText());
        assertEquals(2, reports.getMaxWorkers(), "the maxWorkers applied before the refusal is undone");
        assertEquals(0.7, reports.getScaleUpThreshold());
    }

    @Test
    void aKnobThatTakesARestartIsRefusedWith400() throws Exception {
        HttpResponse<String> response = post("/actuator/adaptivepools/orders", "{\"saturation\": \"block\"}");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("saturation cannot change while the pool runs (it takes a restart)",
                json.readTree(response.body()).get("error").asText());
    }

    @Test
    void aWriteWithNoKnobOrAMalformedValueIsRefusedWith400() throws Exception {
        HttpResponse<String> noKnob = post("/actuator/adaptivepools/orders", "{}");
        HttpResponse<String> malformed = post("/actuator/adaptivepools/orders", "{\"maxWorkers\": \"many\"}");

        assertEquals(400, noKnob.statusCode(), noKnob.body());
        assertTrue(json.readTree(noKnob.body()).get("error").asText().startsWith("no knob given"), noKnob.body());
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals(4, orders.getMaxWorkers());
    }

    @Test
    void aWriteWithAKeyThatIsNoKnobChangesNothingAndAnswers400NamingIt() throws Exception {
        HttpResponse<String> response = post("/actuator/adaptivepools/orders", "{\"maxWorker\": 12, \"queueCapacity\": 100}");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = json.readTree(response.body());
        assertEquals("unknown knob maxWorker (12): the knobs are minWorkers, maxWorkers, queueCapacity, scaleUpThreshold,"
                + " scaleCooldown, scaleDownIdle, stallWorkers, stallTimeout, saturation, maxSubmitWait, metricsEnabled",
                body.get("error").asText(), response.body());
        assertEquals("orders", body.get("pool").asText(), response.body());
        assertEquals(4, orders.getMaxWorkers());
        assertEquals(20, orders.getQueueCapacity(), "the known knob beside the unknown one is not applied either");
    }

    @Test
    void aWriteToAnUnknownPoolAnswers404() throws Exception {
        assertEquals(404, post("/actuator/adaptivepools/nosuch", "{\"maxWorkers\": 12}").statusCode());
    }

    @Test
    void theScrapeHoldsEveryPoolsMeters() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertEquals(200, response.statusCode());
        for (String pool : POOLS) {
            for (String family : List.of("executor_pool_size_threads", "executor_pool_max_threads", "executor_completed_tasks_total",
                    "executor_queue_capacity_tasks", "executor_rejected_tasks_total", "executor_pool_scale_threads_total",
                    "executor_stalls_total", "executor_seconds_count")) {
                assertTrue(response.body().lines().anyMatch(l -> l.startsWith(family + "{") && l.contains("name=\"" + pool + "\"")),
                        family + " of " + pool + " in\n" + response.body());
            }
        }
    }

    @Test
    void asyncMethodsRunOnTheNamedPoolWhichIsTheApplicationTaskExecutor() throws Exception {
        String where = greeter.whereAmI().get(10, TimeUnit.SECONDS);

        assertTrue(where.endsWith(" on orders-worker-" + where.substring(where.lastIndexOf('-') + 1)), where);
        assertSame(orders, context.getBean("applicationTaskExecutor"));
        assertSame(orders, context.getBean("taskExecutor"));
    }

    @Test
    void theMdcOfTheRequestIsCarriedIntoTheTask() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/whoami")).header("X-Request-Id", "req-42")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("req-42 on orders-worker-"), response.body());
        assertEquals(1, context.getBeansOfType(TaskDecorator.class).size());
    }

    @Test
    void everyPoolIsAnMXBean() {
        for (AdaptivePoolExecutor pool : List.of(orders, reports)) {
            AdaptivePoolMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    AdaptivePoolJmx.objectName(pool.getName()), AdaptivePoolMXBean.class);

            assertEquals(pool.getName(), bean.getName());
            assertEquals(pool.getQueueCapacity(), bean.getQueueCapacity());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
