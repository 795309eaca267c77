package io.adaptivepool.spring.demo;

import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

import java.util.concurrent.CompletableFuture;

@Service
public class Greeter {
    /** Where it ran and the request id the MDC held there. */
    @Async
    public CompletableFuture<String> whereAmI() {
        return CompletableFuture.completedFuture(MDC.get("requestId") + " on " + Thread.currentThread().getName());
    }
}
