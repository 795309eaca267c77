package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Actuator endpoint {@code adaptivepools}: {@code GET /actuator/adaptivepools} lists the pools
 * with their settings (builder knob names) and metrics, {@code GET /actuator/adaptivepools/{name}}
 * gives one, and {@code POST /actuator/adaptivepools/{name}} with a JSON body of knobs
 * ({@code {"maxWorkers": 12, "scaleCooldown": "2s"}}) changes them live, all or none: a refused
 * value or a key that is no knob changes nothing and answers 400 with the reason. Durations are written as {@code 500ms},
 * {@code 2s}, {@code 1m} or ISO-8601; saturation, maxSubmitWait and metricsEnabled take a restart.
 */
@WebEndpoint(id = AdaptivePoolsEndpoint.ID)
public class AdaptivePoolsEndpoint {
    static final String ID = "adaptivepools";

    private final AdaptivePools pools;

    AdaptivePoolsEndpoint(AdaptivePools pools) {
        this.pools = pools;
    }

    /** Every pool: {@code {"pools": {"<name>": {"settings": {...}, "metrics": {...}, "state": ...}}}}. */
    @ReadOperation
    public Map<String, Object> pools() {
        Map<String, Object> all = new LinkedHashMap<>();
        pools.asMap().forEach((name, pool) -> all.put(name, view(pool)));
        return Map.of("pools", all);
    }

    /** One pool; 404 when there is none of that name. */
    @ReadOperation
    public Map<String, Object> pool(@Selector String name) {
        AdaptivePoolExecutor pool = pools.get(name);
        return pool == null ? null : view(pool);
    }

    /** Changes the knobs given; 200 with the pool's view, 400 with the reason, 404 for an unknown pool. */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> change(@Selector String name,
            @Nullable Integer minWorkers, @Nullable Integer maxWorkers, @Nullable Integer queueCapacity,
            @Nullable Double scaleUpThreshold, @Nullable Duration scaleCooldown, @Nullable Duration scaleDownIdle,
            @Nullable Integer stallWorkers, @Nullable Duration stallTimeout,
            @Nullable String saturation, @Nullable String maxSubmitWait, @Nullable Boolean metricsEnabled) {
        AdaptivePoolExecutor pool = pools.get(name);
        if (pool == null) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        Map<Knob, Object> changes = new EnumMap<>(Knob.class);
        putIfGiven(changes, Knob.MIN_WORKERS, minWorkers);
        putIfGiven(changes, Knob.MAX_WORKERS, maxWorkers);
        putIfGiven(changes, Knob.QUEUE_CAPACITY, queueCapacity);
        putIfGiven(changes, Knob.SCALE_UP_THRESHOLD, scaleUpThreshold);
        putIfGiven(changes, Knob.SCALE_COOLDOWN, scaleCooldown);
        putIfGiven(changes, Knob.SCALE_DOWN_IDLE, scaleDownIdle);
        putIfGiven(changes, Knob.STALL_WORKERS, stallWorkers);
        putIfGiven(changes, Knob.STALL_TIMEOUT, stallTimeout);
        putIfGiven(changes, Knob.SATURATION, saturation);
        putIfGiven(changes, Knob.MAX_SUBMIT_WAIT, maxSubmitWait);
        putIfGiven(changes, Knob.METRICS_ENABLED, metricsEnabled);
        if (changes.isEmpty()) {
            return refused(name, "no knob given: the body is a JSON object of builder knob names, such as {\"maxWorkers\": 12}");
        }
        try {
            LiveChange.apply(pool, changes);
        } catch (IllegalArgumentException e) {
            return refused(name, e.getMessage());
        }
        return new WebEndpointResponse<>(view(pool));
    }

    private static void putIfGiven(Map<Knob, Object> changes, Knob knob, Object value) {
        if (value != null) {
            changes.put(knob, value);
        }
    }

    /** 400 with {@code {"pool": ..., "error": reason, "changed": false}}. */
    static WebEndpointResponse<Map<String, Object>> refused(String pool, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pool", pool);
        body.put("error", reason);
        body.put("changed", false);
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    private static Map<String, Object> view(AdaptivePoolExecutor pool) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Knob knob : Knob.values()) {
            Object value = knob.read(pool);
            settings.put(knob.builderName, value instanceof Duration ? duration((Duration) value)
                    : value instanceof Enum ? ((Enum<?>) value).name().toLowerCase(java.util.Locale.ROOT)
                    : value == null ? "unbounded" : value);
        }
        PoolMetrics m = pool.metrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("workers", m.workers());
        metrics.put("busyWorkers", m.busyWorkers());
        metrics.put("peakWorkers", m.peakWorkers());
        metrics.put("queueDepth", m.queueDepth());
        metrics.put("queueCapacity", m.queueCapacity());
        metrics.put("jobsSubmitted", m.jobsSubmitted());
        metrics.put("jobsProcessed", m.jobsProcessed());
        metrics.put("jobsFailed", m.jobsFailed());
        metrics.put("jobsRejected", m.jobsRejected());
        metrics.put("avgJobLatencyMillis", millis(m.avgJobLatency()));
        metrics.put("avgQueueWaitMillis", millis(m.avgQueueWait()));
        metrics.put("throughput", m.throughput());
        metrics.put("scaleUps", m.scaleUps());
        metrics.put("scaleDowns", m.scaleDowns());
        metrics.put("oldestQueuedAgeMillis", millis(m.oldestQueuedAge()));
        metrics.put("longestRunningMillis", millis(m.longestRunning()));
        metrics.put("blockedSubmitters", m.blockedSubmitters());
        metrics.put("workersOverMax", m.workersOverMax());
        metrics.put("stalls", m.stalls());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", pool.isTerminated() ? "terminated" : pool.isShutdown() ? "shutting down" : "running");
        view.put("settings", settings);
        view.put("metrics", metrics);
        return view;
    }

    /** {@code 2s} or {@code 250ms}: the form the write and the properties take back. */
    private static String duration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
