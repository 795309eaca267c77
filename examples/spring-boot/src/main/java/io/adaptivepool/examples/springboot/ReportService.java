package io.adaptivepool.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small report service: {@code GET /reports/{id}} renders on the {@code reports} pool,
 * {@code POST /jobs} queues {@code @Async} work on the {@code jobs} pool, and either answers 503 when
 * its pool is saturated. Both pools show on {@code /actuator/prometheus} and as MXBeans.
 */
@SpringBootApplication
public class ReportService {
    public static void main(String[] args) {
        SpringApplication.run(ReportService.class, args);
    }
}
