package io.adaptivepool.spring.demo;

import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * What a user's application is: pools only in properties, {@code @EnableAsync}, and a TaskDecorator
 * that carries the request id from the logging MDC into tasks. No pool wiring.
 */
@SpringBootApplication
@EnableAsync
public class DemoApplication {
    /*
     * Only the one MDC key the demo's controller sets. The full recipe (the whole MDC captured and
     * restored) is the one docs/spring-boot.md shows; the spring-boot example uses it, and its
     * ReportServiceTest proves it over HTTP.
     */
    @Bean
    TaskDecorator requestIdIntoTasks() {
        return task -> {
            String requestId = MDC.get("requestId");
            return () -> {
                MDC.put("requestId", requestId);
                try {
                    task.run();
                } finally {
                    MDC.remove("requestId");
                }
            };
        };
    }
}
