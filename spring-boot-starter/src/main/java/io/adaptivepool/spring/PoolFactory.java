package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.task.TaskDecorator;

/**
 * Builds a pool from its properties. A value the builder refuses fails with
 * {@link InvalidConfigurationPropertyValueException}, which names the property in full and its
 * value, and which Spring Boot reports at start-up with the property's origin (file and line).
 */
final class PoolFactory {
    private PoolFactory() {
    }

    /**
     * @param decorator the application's TaskDecorator, applied to every task; may be null
     * @throws InvalidConfigurationPropertyValueException for a value the builder refuses
     */
    static AdaptivePoolExecutor create(String name, AdaptivePoolProperties.Pool config, TaskDecorator decorator) {
        AdaptivePoolExecutor.Builder builder = AdaptivePoolExecutor.builder();
        try {
            builder.name(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(AdaptivePoolProperties.PREFIX + ".pools", name, e.getMessage());
        }
        for (Knob knob : Knob.values()) {
            Object value = knob.configured(config);
            if (value != null) {
                try {
                    knob.build(builder, value);
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationPropertyValueException(knob.property(name), value, e.getMessage());
                }
            }
        }
        if (decorator != null) {
            builder.taskDecorator(decorator::decorate);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // a combination (maxWorkers below minWorkers): the builder's message starts with the knob it blames
            Knob knob = Knob.named(e.getMessage());
            if (knob == null) {
                throw new InvalidConfigurationPropertyValueException(AdaptivePoolProperties.PREFIX + ".pools." + name, null, e.getMessage());
            }
            throw new InvalidConfigurationPropertyValueException(knob.property(name), knob.configured(config), e.getMessage());
        }
    }
}
