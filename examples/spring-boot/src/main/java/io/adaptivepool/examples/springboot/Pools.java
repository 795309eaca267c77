package io.adaptivepool.examples.springboot;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import io.adaptivepool.micrometer.AdaptivePoolMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The two pools, their MXBeans and their meters.
 *
 * <p>{@code jobs} runs {@code @Async} work: a submitter waits up to {@code pools.jobs.max-submit-wait}
 * for room (BLOCK), then gets {@code PoolSaturatedException}. {@code reports} runs request work and
 * refuses at once when full (REJECT): a request thread should not wait. Either refusal answers 503
 * ({@link Overload}). A pool leaves JMX and the meter registry by itself when it terminates, which
 * {@code shutdown} at context close brings about once its queue is drained.
 */
@Configuration(proxyBeanMethods = false)
class Pools {
    static final String JOBS = "jobsPool";
    static final String REPORTS = "reportsPool";

    @Bean(name = JOBS, destroyMethod = "shutdown")
    AdaptivePoolExecutor jobsPool(@Value("${pools.jobs.max-workers}") int maxWorkers,
                                  @Value("${pools.jobs.queue-capacity}") int queueCapacity,
                                  @Value("${pools.jobs.max-submit-wait}") Duration maxSubmitWait) {
        return registered(AdaptivePoolExecutor.builder().name("jobs").minWorkers(1).maxWorkers(maxWorkers)
                .queueCapacity(queueCapacity).saturation(Saturation.BLOCK).maxSubmitWait(maxSubmitWait).build());
    }

    @Bean(name = REPORTS, destroyMethod = "shutdown")
    AdaptivePoolExecutor reportsPool(@Value("${pools.reports.max-workers}") int maxWorkers,
                                     @Value("${pools.reports.queue-capacity}") int queueCapacity) {
        return registered(AdaptivePoolExecutor.builder().name("reports").minWorkers(1).maxWorkers(maxWorkers)
                .queueCapacity(queueCapacity).saturation(Saturation.REJECT).build());
    }

    /** Spring Boot binds every MeterBinder bean to its registry: this one publishes every pool bean. */
    @Bean
    MeterBinder adaptivePoolMetrics(ObjectProvider<AdaptivePoolExecutor> pools) {
        return registry -> pools.orderedStream().forEach(pool -> new AdaptivePoolMetrics(pool, Tags.empty()).bindTo(registry));
    }

    private static AdaptivePoolExecutor registered(AdaptivePoolExecutor pool) {
        AdaptivePoolJmx.register(pool);
        return pool;
    }
}
