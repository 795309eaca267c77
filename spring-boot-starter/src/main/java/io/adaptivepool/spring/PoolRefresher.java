package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import java.util.EnumMap;
import java.util.Map;

/**
 * Applies changed pool properties to the running pools when Spring Cloud Context announces a
 * changed environment (its {@code /actuator/refresh}, a config server, a bus event). The live knobs
 * change at once, all of a pool's or none; a refused value is logged with the property and leaves
 * the pool as it was. A changed saturation, max-submit-wait or metrics-enabled, a pool added or
 * removed, takes a restart (logged). A knob removed from the properties keeps its present value.
 */
final class PoolRefresher implements ApplicationListener<EnvironmentChangeEvent> {
    private static final Log log = LogFactory.getLog(PoolRefresher.class);

    private final AdaptivePools pools;
    private final Environment environment;

    PoolRefresher(AdaptivePools pools, Environment environment) {
        this.pools = pools;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        AdaptivePoolProperties properties;
        try {
            properties = PoolRegistrar.bind(environment);
        } catch (RuntimeException e) {
            log.warn(AdaptivePoolProperties.PREFIX + " properties not applied, the pools are unchanged: " + e.getMessage());
            return;
        }
        pools.asMap().forEach((name, pool) -> refresh(name, pool, properties.getPools().get(name)));
        for (String name : properties.getPools().keySet()) {
            if (pools.get(name) == null) {
                log.warn("adaptive pool '" + name + "' was added to the properties: it takes a restart");
            }
        }
    }

    private void refresh(String name, AdaptivePoolExecutor pool, AdaptivePoolProperties.Pool config) {
        if (config == null) {
            log.warn("adaptive pool '" + name + "' was removed from the properties: it runs on until a restart");
            return;
        }
        Map<Knob, Object> changes = new EnumMap<>(Knob.class);
        for (Knob knob : Knob.values()) {
            Object value = knob.configured(config);
            if (value == null || value.equals(knob.read(pool))) {
                continue;
            }
            if (knob.isLive()) {
                changes.put(knob, value);
            } else {
                log.warn(knob.property(name) + "=" + value + " takes a restart; the pool keeps " + knob.read(pool));
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            LiveChange.apply(pool, changes);
            log.info("adaptive pool '" + name + "' refreshed: " + changes);
        } catch (IllegalArgumentException refused) {
            Knob knob = Knob.named(refused.getMessage());
            String property = knob != null ? knob.property(name) + "=" + changes.get(knob) : AdaptivePoolProperties.PREFIX + ".pools." + name;
            log.warn(property + " refused, pool '" + name + "' unchanged: " + refused.getMessage());
        }
    }
}
