package io.adaptivepool.examples.springboot;

import io.adaptivepool.AdaptivePoolExecutor;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

@RestController
class Endpoints {
    private final AdaptivePoolExecutor reports;
    private final JobService jobs;

    Endpoints(@Qualifier("reports") AdaptivePoolExecutor reports, JobService jobs) {
        this.reports = reports;
        this.jobs = jobs;
    }

    /**
     * Renders on the {@code reports} pool; the servlet thread is released while it runs (async MVC).
     * The task sees the request's MDC (see {@link RequestIds}).
     */
    @GetMapping("/reports/{id}")
    CompletableFuture<String> report(@PathVariable("id") String id) {
        return CompletableFuture.supplyAsync(() -> "report " + id + " by " + Thread.currentThread().getName()
                + " for request " + MDC.get(RequestIds.KEY) + "\n", reports);
    }

    /** Accepts background work for the {@code jobs} pool: 202 once queued. */
    @PostMapping("/jobs")
    ResponseEntity<String> submit(@RequestParam(name = "n", defaultValue = "1000") int n) {
        jobs.process(n);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body("accepted\n");
    }
}
