package io.adaptivepool.spring;

import io.adaptivepool.Saturation;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code adaptive-pool.*} properties: the pools to create, the one that runs {@code @Async}
 * methods, and how long the pools may drain when the application stops.
 *
 * <pre>
 * adaptive-pool.pools.orders.max-workers=16
 * adaptive-pool.pools.orders.queue-capacity=500
 * adaptive-pool.pools.orders.saturation=reject
 * adaptive-pool.async=orders
 * </pre>
 */
@ConfigurationProperties(prefix = AdaptivePoolProperties.PREFIX, ignoreUnknownFields = false)
public class AdaptivePoolProperties {
    /** The prefix of every property of the starter. */
    public static final String PREFIX = "adaptive-pool";

    /** The pools, by name: each is a bean of that name, of type AdaptivePoolExecutor. */
    private Map<String, Pool> pools = new LinkedHashMap<>();

    /**
     * The name of the pool that runs @Async methods (with @EnableAsync) and is Spring's
     * applicationTaskExecutor. Unset: the starter names no pool for them.
     */
    private String async;

    /**
     * How long the pools may drain their queues when the application stops, all pools together;
     * then the tasks still running are interrupted and those never started are dropped (each
     * pool's ShutdownReport is logged).
     */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    public Map<String, Pool> getPools() {
        return pools;
    }

    public void setPools(Map<String, Pool> pools) {
        this.pools = pools;
    }

    public String getAsync() {
        return async;
    }

    public void setAsync(String async) {
        this.async = async;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** One pool's knobs; a knob left unset keeps the builder's default. */
    public static class Pool {
        /** Workers kept alive while the pool runs. Default 1; 0 allowed. */
        private Integer minWorkers;

        /** The most workers that may run at once. Default: the number of processors (or min-workers if larger). */
        private Integer maxWorkers;

        /** How many tasks may wait. Default 1000. */
        private Integer queueCapacity;

        /** The queue fill ratio in [0, 1] at or above which a submission scales the pool up. Default 0.7; 0 is eager. */
        private Double scaleUpThreshold;

        /** The spacing between scale-up steps, and between retirements. Default 5s; 0 allowed. */
        private Duration scaleCooldown;

        /** How long a worker above the minimum stays idle before it may retire. Default 30s. */
        private Duration scaleDownIdle;

        /** What a submission does when the queue is full and no worker can be added. Default block. */
        private Saturation saturation;

        /** The longest a blocking submission waits for room (saturation block). Default unbounded; 0 fails fast. */
        private Duration maxSubmitWait;

        /** How many workers the stall guard may add above max-workers when queued tasks see none start. Default 0 (off). */
        private Integer stallWorkers;

        /** How long queued tasks may see no task start before the pool counts a stall. Default 1s. */
        private Duration stallTimeout;

        /** Whether execution-time and queue-wait timings are recorded. Default true. */
        private Boolean metricsEnabled;

        public Integer getMinWorkers() {
            return minWorkers;
        }

        public void setMinWorkers(Integer minWorkers) {
            this.minWorkers = minWorkers;
        }

        public Integer getMaxWorkers() {
            return maxWorkers;
        }

        public void setMaxWorkers(Integer maxWorkers) {
            this.maxWorkers = maxWorkers;
        }

        public Integer getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(Integer queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public Double getScaleUpThreshold() {
            return scaleUpThreshold;
        }

        public void setScaleUpThreshold(Double scaleUpThreshold) {
            this.scaleUpThreshold = scaleUpThreshold;
        }

        public Duration getScaleCooldown() {
            return scaleCooldown;
        }

        public void setScaleCooldown(Duration scaleCooldown) {
            this.scaleCooldown = scaleCooldown;
        }

        public Duration getScaleDownIdle() {
            return scaleDownIdle;
        }

        public void setScaleDownIdle(Duration scaleDownIdle) {
            this.scaleDownIdle = scaleDownIdle;
        }

        public Saturation getSaturation() {
            return saturation;
        }

        public void setSaturation(Saturation saturation) {
            this.saturation = saturation;
        }

        public Duration getMaxSubmitWait() {
            return maxSubmitWait;
        }

        public void setMaxSubmitWait(Duration maxSubmitWait) {
            this.maxSubmitWait = maxSubmitWait;
        }

        public Integer getStallWorkers() {
            return stallWorkers;
        }

        public void setStallWorkers(Integer stallWorkers) {
            this.stallWorkers = stallWorkers;
        }

        public Duration getStallTimeout() {
            return stallTimeout;
        }

        public void setStallTimeout(Duration stallTimeout) {
            this.stallTimeout = stallTimeout;
        }

        public Boolean getMetricsEnabled() {
            return metricsEnabled;
        }

        public void setMetricsEnabled(Boolean metricsEnabled) {
            this.metricsEnabled = metricsEnabled;
        }
    }
}
