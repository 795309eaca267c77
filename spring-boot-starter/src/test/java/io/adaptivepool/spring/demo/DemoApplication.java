package io.adaptivepool.spring.demo;

import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.EnableAsync;

import java.util.Map;

/**
 * What a user's application is: pools only in properties, {@code @EnableAsync}, and a TaskDecorator
 * that carries the logging MDC into tasks. No pool wiring.
 */
@SpringBootApplication
@EnableAsync
public class DemoApplication {
    /** The submitter's MDC, restored around the task on the worker and cleared after it. */
    @Bean
    TaskDecorator mdcPropagation() {
        return task -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            return () -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    MDC.clear();
                }
            };
        };
    }
}
