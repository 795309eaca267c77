package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.scheduling.annotation.AsyncAnnotationBeanPostProcessor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers a bean per pool of {@code adaptive-pool.pools}, named after it, and the
 * {@code adaptivePools} bean; names the {@code adaptive-pool.async} pool
 * {@code applicationTaskExecutor} and {@code taskExecutor} too.
 */
final class PoolRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {
    /*
     * A registrar rather than a post-processor: it runs while the auto-configurations load, in their
     * order, so Spring Boot's TaskExecutionAutoConfiguration (ordered after ours) sees the pools,
     * which are Executors, and does not make its own applicationTaskExecutor. Binding here makes a
     * malformed value (max-workers=abc) or an unknown key fail the start before any bean exists;
     * the builder's own checks run when each pool is built (PoolFactory), still during start-up.
     */
    static final String POOLS_BEAN = "adaptivePools";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        AdaptivePoolProperties properties = bind(environment);
        BeanFactory beans = (BeanFactory) registry;
        for (Map.Entry<String, AdaptivePoolProperties.Pool> e : properties.getPools().entrySet()) {
            String name = e.getKey();
            AdaptivePoolProperties.Pool config = e.getValue();
            if (registry.containsBeanDefinition(name)) {
                throw new InvalidConfigurationPropertyValueException(AdaptivePoolProperties.PREFIX + ".pools", name,
                        "each pool is a bean of its name, and the application has a bean named '" + name + "' ("
                                + registry.getBeanDefinition(name).getBeanClassName() + "): rename the pool or that bean");
            }
            RootBeanDefinition pool = new RootBeanDefinition(AdaptivePoolExecutor.class,
                    () -> PoolFactory.create(name, config, beans.getBeanProvider(TaskDecorator.class).getIfUnique()));
            pool.setDestroyMethodName("shutdown"); // PoolShutdown drains first; this covers a start that failed
            registry.registerBeanDefinition(name, pool);
        }
        registry.registerBeanDefinition(POOLS_BEAN, new RootBeanDefinition(AdaptivePools.class, () -> {
            Map<String, AdaptivePoolExecutor> pools = new LinkedHashMap<>();
            for (String name : properties.getPools().keySet()) {
                pools.put(name, beans.getBean(name, AdaptivePoolExecutor.class));
            }
            return new AdaptivePools(pools, properties.getShutdownTimeout());
        }));
        String async = properties.getAsync();
        if (async != null) {
            if (!properties.getPools().containsKey(async)) {
                throw new InvalidConfigurationPropertyValueException(AdaptivePoolProperties.PREFIX + ".async", async,
                        "no pool of that name in " + AdaptivePoolProperties.PREFIX + ".pools " + properties.getPools().keySet());
            }
            for (String alias : new String[] {TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME,
                    AsyncAnnotationBeanPostProcessor.DEFAULT_TASK_EXECUTOR_BEAN_NAME}) {
                if (!registry.isBeanNameInUse(alias)) {
                    registry.registerAlias(async, alias);
                }
            }
        }
    }

    /** The {@code adaptive-pool.*} properties; an unknown key under them fails. */
    static AdaptivePoolProperties bind(Environment environment) {
        return Binder.get(environment).bindOrCreate(AdaptivePoolProperties.PREFIX,
                Bindable.of(AdaptivePoolProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
    }
}
