package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pools declared in {@code adaptive-pool.pools}, by name, in the order of the properties. A bean
 * named {@code adaptivePools}; each pool is also a bean of its own name.
 */
public final class AdaptivePools {
    private final Map<String, AdaptivePoolExecutor> pools;
    private final Duration shutdownTimeout;

    AdaptivePools(Map<String, AdaptivePoolExecutor> pools, Duration shutdownTimeout) {
        this.pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        this.shutdownTimeout = shutdownTimeout;
    }

    /** The pools by name (unmodifiable). */
    public Map<String, AdaptivePoolExecutor> asMap() {
        return pools;
    }

    /** The pool of that name, or null. */
    public AdaptivePoolExecutor get(String name) {
        return pools.get(name);
    }

    /** {@code adaptive-pool.shutdown-timeout}. */
    Duration shutdownTimeout() {
        return shutdownTimeout;
    }
}
