package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The builder's knobs, each once: its builder name (the endpoint's JSON keys), its property name
 * under {@code adaptive-pool.pools.<pool>.}, where its configured value comes from, how the builder
 * takes it, how the running pool reads it and, for the live ones, changes it.
 */
enum Knob {
    MIN_WORKERS("minWorkers", AdaptivePoolProperties.Pool::getMinWorkers,
            (b, v) -> b.minWorkers((Integer) v), AdaptivePoolExecutor::getMinWorkers,
            (p, v) -> p.setMinWorkers((Integer) v)),
    MAX_WORKERS("maxWorkers", AdaptivePoolProperties.Pool::getMaxWorkers,
            (b, v) -> b.maxWorkers((Integer) v), AdaptivePoolExecutor::getMaxWorkers,
            (p, v) -> p.setMaxWorkers((Integer) v)),
    QUEUE_CAPACITY("queueCapacity", AdaptivePoolProperties.Pool::getQueueCapacity,
            (b, v) -> b.queueCapacity((Integer) v), AdaptivePoolExecutor::getQueueCapacity,
            (p, v) -> p.setQueueCapacity((Integer) v)),
    SCALE_UP_THRESHOLD("scaleUpThreshold", AdaptivePoolProperties.Pool::getScaleUpThreshold,
            (b, v) -> b.scaleUpThreshold((Double) v), AdaptivePoolExecutor::getScaleUpThreshold,
            (p, v) -> p.setScaleUpThreshold((Double) v)),
    SCALE_COOLDOWN("scaleCooldown", AdaptivePoolProperties.Pool::getScaleCooldown,
            (b, v) -> b.scaleCooldown((Duration) v), AdaptivePoolExecutor::getScaleCooldown,
            (p, v) -> p.setScaleCooldown((Duration) v)),
    SCALE_DOWN_IDLE("scaleDownIdle", AdaptivePoolProperties.Pool::getScaleDownIdle,
            (b, v) -> b.scaleDownIdle((Duration) v), AdaptivePoolExecutor::getScaleDownIdle,
            (p, v) -> p.setScaleDownIdle((Duration) v)),
    STALL_WORKERS("stallWorkers", AdaptivePoolProperties.Pool::getStallWorkers,
            (b, v) -> b.stallWorkers((Integer) v), AdaptivePoolExecutor::getStallWorkers,
            (p, v) -> p.setStallWorkers((Integer) v)),
    STALL_TIMEOUT("stallTimeout", AdaptivePoolProperties.Pool::getStallTimeout,
            (b, v) -> b.stallTimeout((Duration) v), AdaptivePoolExecutor::getStallTimeout,
            (p, v) -> p.setStallTimeout((Duration) v)),
    SATURATION("saturation", AdaptivePoolProperties.Pool::getSaturation,
            (b, v) -> b.saturation((Saturation) v), AdaptivePoolExecutor::getSaturation, null),
    MAX_SUBMIT_WAIT("maxSubmitWait", AdaptivePoolProperties.Pool::getMaxSubmitWait,
            (b, v) -> b.maxSubmitWait((Duration) v), p -> p.getMaxSubmitWait().orElse(null), null),
    METRICS_ENABLED("metricsEnabled", AdaptivePoolProperties.Pool::getMetricsEnabled,
            (b, v) -> b.metricsEnabled((Boolean) v), AdaptivePoolExecutor::isMetricsEnabled, null);

    /** The builder's name of the knob. */
    final String builderName;
    /** The relaxed property name: {@code max-workers}. */
    final String propertyName;
    private final Function<AdaptivePoolProperties.Pool, Object> configured;
    private final BiConsumer<AdaptivePoolExecutor.Builder, Object> build;
    private final Function<AdaptivePoolExecutor, Object> read;
    private final BiConsumer<AdaptivePoolExecutor, Object> change;

    Knob(String builderName, Function<AdaptivePoolProperties.Pool, Object> configured,
         BiConsumer<AdaptivePoolExecutor.Builder, Object> build, Function<AdaptivePoolExecutor, Object> read,
         BiConsumer<AdaptivePoolExecutor, Object> change) {
        this.builderName = builderName;
        this.propertyName = builderName.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        this.configured = configured;
        this.build = build;
        this.read = read;
        this.change = change;
    }

    /** {@code adaptive-pool.pools.<pool>.<property name>}. */
    String property(String pool) {
        return AdaptivePoolProperties.PREFIX + ".pools." + pool + "." + propertyName;
    }

    /** The value the properties set, or null when they leave the builder's default. */
    Object configured(AdaptivePoolProperties.Pool pool) {
        return configured.apply(pool);
    }

    /** @throws IllegalArgumentException if the builder refuses the value */
    void build(AdaptivePoolExecutor.Builder builder, Object value) {
        build.accept(builder, value);
    }

    /** The running pool's value; null for an unbounded {@code maxSubmitWait}. */
    Object read(AdaptivePoolExecutor pool) {
        return read.apply(pool);
    }

    /** Whether a running pool takes a change of this knob. */
    boolean isLive() {
        return change != null;
    }

    /** @throws IllegalArgumentException if the pool refuses the value; it is then unchanged */
    void change(AdaptivePoolExecutor pool, Object value) {
        if (change == null) {
            throw new IllegalArgumentException(builderName + " cannot change while the pool runs (it takes a restart)");
        }
        change.accept(pool, value);
    }

    /** The knob whose builder name a builder message starts with ({@code "maxWorkers (2) must be ..."}), or null. */
    static Knob named(String builderMessage) {
        for (Knob k : values()) {
            if (builderMessage != null && builderMessage.startsWith(k.builderName + " ")) {
                return k;
            }
        }
        return null;
    }

    /** The knob of that builder name, or null. */
    static Knob ofBuilderName(String name) {
        for (Knob k : values()) {
            if (k.builderName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
