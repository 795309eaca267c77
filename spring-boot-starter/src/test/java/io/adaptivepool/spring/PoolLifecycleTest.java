package io.adaptivepool.spring;

import io.adaptivepool.AdaptivePoolExecutor;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pools' life with the context: drained when it closes, and there without Actuator, Micrometer or Spring Cloud. */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class PoolLifecycleTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AdaptivePoolAutoConfiguration.class));

    @Test
    void aTaskRunningWhenTheContextClosesFinishesAndTheCleanReportIsLogged(CapturedOutput output) {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<AdaptivePoolExecutor> pool = new AtomicReference<>();
        runner.withPropertyValues("adaptive-pool.pools.orders.max-workers=2").run(context -> {
            pool.set(context.getBean("orders", AdaptivePoolExecutor.class));
            CountDownLatch started = new CountDownLatch(1);
            pool.get().execute(() -> {
                started.countDown();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300); // work still running at close
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                finished.set(true);
            });
            io.adaptivepool.testing.Await.latch(started);
        });

        assertTrue(finished.get(), "the running task finished before the context closed");
        assertTrue(pool.get().isTerminated());
        assertTrue(output.getOut().contains("adaptive pool 'orders' stopped: ShutdownReport{clean=true"), output.getOut());
    }

    @Test
    void aTaskStillRunningAfterTheDrainTimeoutIsInterruptedAndTheReportIsAWarning(CapturedOutput output) {
        AtomicReference<Future<?>> queued = new AtomicReference<>();
        CountDownLatch interrupted = new CountDownLatch(1);
        runner.withPropertyValues("adaptive-pool.pools.orders.max-workers=1", "adaptive-pool.shutdown-timeout=200ms").run(context -> {
            AdaptivePoolExecutor pool = context.getBean("orders", AdaptivePoolExecutor.class);
            CountDownLatch started = new CountDownLatch(1);
            pool.execute(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
            io.adaptivepool.testing.Await.latch(started);
            queued.set(pool.submit(() -> { }));
        });

        assertEquals(0, interrupted.getCount(), "the running task was interrupted");
        assertTrue(queued.get().isCancelled(), "the task that never started was dropped and its Future cancelled");
        assertTrue(output.getOut().contains("adaptive pool 'orders' stopped after adaptive-pool.shutdown-timeout (PT0.2S): "
                + "ShutdownReport{clean=false, dropped=1, interrupted=1"), output.getOut());
    }

    @Test
    void withActuatorMicrometerAndSpringCloudTheirBeansCome() {
        runner.withPropertyValues("adaptive-pool.pools.orders.max-workers=2",
                "management.endpoints.web.exposure.include=adaptivepools").run(context -> {
                    assertEquals(1, context.getBeansOfType(AdaptivePoolsEndpoint.class).size());
                    assertEquals(1, context.getBeansOfType(PoolRefresher.class).size());
                    assertTrue(context.containsBean("adaptivePoolMeters"));
                });
    }

    @Test
    void withoutActuatorMicrometerAndSpringCloudThePoolsStillCome() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class, MeterBinder.class, EnvironmentChangeEvent.class))
                .withPropertyValues("adaptive-pool.pools.orders.max-workers=2",
                        "management.endpoints.web.exposure.include=adaptivepools").run(context -> {
                    assertEquals(2, context.getBean("orders", AdaptivePoolExecutor.class).getMaxWorkers());
                    assertTrue(context.getBeansOfType(AdaptivePoolsEndpoint.class).isEmpty());
                    assertTrue(context.getBeansOfType(PoolRefresher.class).isEmpty());
                    assertFalse(context.containsBean("adaptivePoolMeters"));
                });
    }

    @Test
    void noPoolsDeclaredMeansNoPoolBeans() {
        runner.run(context -> {
            assertTrue(context.getBeansOfType(AdaptivePoolExecutor.class).isEmpty());
            assertTrue(context.getBean(AdaptivePools.class).asMap().isEmpty());
        });
    }
}
