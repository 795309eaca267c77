package io.adaptivepool.examples.springboot;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

import java.util.concurrent.CompletableFuture;

/**
 * Background work, run on the {@code jobs} pool ({@code adaptive-pool.async: jobs}); the caller gets a
 * 503 if the pool refuses it.
 */
@Service
class JobService {
    private static final Log log = LogFactory.getLog(JobService.class);

    /** Sums the first {@code n} squares: stands for work worth taking off the request thread. */
    @Async
    public CompletableFuture<Long> process(int n) {
        long sum = 0;
        for (long i = 1; i <= n; i++) {
            sum += i * i;
        }
        log.info("processed " + n + " squares"); // the log line carries the request's id (MDC)
        return CompletableFuture.completedFuture(sum);
    }
}
