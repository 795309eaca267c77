package io.adaptivepool.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A small report service: {@code GET /reports/{id}} renders on the {@code reports} pool,
 * {@code POST /jobs} queues {@code @Async} work on the {@code jobs} pool, and either answers 503 when
 * its pool is saturated. The pools are declared in {@code application.yml} (the
 * adaptive-pool-spring-boot-starter makes them); they show on {@code /actuator/prometheus},
 * {@code /actuator/adaptivepools} and as MXBeans.
 */
@SpringBootApplication
@EnableAsync
public class ReportService {
    public static void main(String[] args) {
        SpringApplication.run(ReportService.class, args);
    }
}
