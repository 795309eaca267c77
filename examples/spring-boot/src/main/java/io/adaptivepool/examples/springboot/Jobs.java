package io.adaptivepool.examples.springboot;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

import java.util.concurrent.CompletableFuture;

/** Background work, run on the {@code jobs} pool; the caller gets a 503 if the pool refuses it. */
@Service
class Jobs {
    /** Sums the first {@code n} squares: stands for work worth taking off the request thread. */
    @Async
    public CompletableFuture<Long> process(int n) {
        long sum = 0;
        for (long i = 1; i <= n; i++) {
            sum += i * i;
        }
        return CompletableFuture.completedFuture(sum);
    }
}
