package io.adaptivepool.examples.springboot;

import io.adaptivepool.AdaptivePoolExecutor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

import java.util.concurrent.Executor;

/** {@code @Async} methods run on the {@code jobs} pool. */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class AsyncConfig implements AsyncConfigurer {
    private final AdaptivePoolExecutor jobs;

    AsyncConfig(@Qualifier(Pools.JOBS) AdaptivePoolExecutor jobs) {
        this.jobs = jobs;
    }

    @Override
    public Executor getAsyncExecutor() {
        return jobs;
    }
}
