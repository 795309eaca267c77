package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import io.adaptivepool.micrometer.AdaptivePoolMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.AsyncConfigurer;

import javax.management.MBeanServer;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executor;

/**
 * Adaptive pools from {@code adaptive-pool.pools.<name>.<knob>} properties: a bean of type
 * {@link AdaptivePoolExecutor} per pool, named after it, drained when the application stops; the
 * {@code adaptive-pool.async} pool runs {@code @Async} methods and is the
 * {@code applicationTaskExecutor}; an application {@code TaskDecorator} bean wraps every task.
 * Monitoring comes with what the application has: MXBeans with {@code spring.jmx.enabled=true},
 * meters with Micrometer, the endpoint {@code adaptivepools} with Actuator, live refresh with
 * Spring Cloud Context.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@Import(PoolRegistrar.class)
public class AdaptivePoolAutoConfiguration {
    @Bean
    PoolShutdown adaptivePoolShutdown(AdaptivePools adaptivePools) {
        return new PoolShutdown(adaptivePools);
    }

    /** {@code @Async} methods run on the named pool, whatever other executors the context holds. */
    @Bean
    @ConditionalOnProperty(prefix = AdaptivePoolProperties.PREFIX, name = "async")
    @ConditionalOnMissingBean(AsyncConfigurer.class)
    AsyncConfigurer adaptivePoolAsyncConfigurer(AdaptivePools adaptivePools, Environment environment) {
        AdaptivePoolExecutor pool = adaptivePools.get(PoolRegistrar.bind(environment).getAsync());
        return new AsyncConfigurer() {
            @Override
            public Executor getAsyncExecutor() {
                return pool;
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "spring.jmx", name = "enabled", havingValue = "true")
    static class Jmx {
        /** Each pool's MXBean on the context's MBeanServer (the platform's); it leaves when its pool terminates. */
        @Bean
        SmartInitializingSingleton adaptivePoolMBeans(AdaptivePools adaptivePools, ObjectProvider<MBeanServer> server) {
            return () -> {
                MBeanServer target = server.getIfUnique(ManagementFactory::getPlatformMBeanServer);
                adaptivePools.asMap().values().forEach(pool -> AdaptivePoolJmx.register(pool, target));
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Micrometer {
        /** Spring Boot binds it to every MeterRegistry; a pool's meters leave when it terminates. */
        @Bean
        MeterBinder adaptivePoolMeters(AdaptivePools adaptivePools) {
            return registry -> adaptivePools.asMap().values()
                    .forEach(pool -> new AdaptivePoolMetrics(pool, Tags.empty()).bindTo(registry));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Actuator {
        @Bean
        @ConditionalOnAvailableEndpoint(endpoint = AdaptivePoolsEndpoint.class)
        AdaptivePoolsEndpoint adaptivePoolsEndpoint(AdaptivePools adaptivePools) {
            return new AdaptivePoolsEndpoint(adaptivePools);
        }

        /** A write whose body holds a key that is no knob answers 400 instead of ignoring the key. */
        @Bean
        @ConditionalOnAvailableEndpoint(endpoint = AdaptivePoolsEndpoint.class)
        OperationInvokerAdvisor adaptivePoolsUnknownKnobAdvisor() {
            return new UnknownKnobAdvisor();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
    static class Refresh {
        @Bean
        PoolRefresher adaptivePoolRefresher(AdaptivePools adaptivePools, Environment environment) {
            return new PoolRefresher(adaptivePools, environment);
        }
    }
}
