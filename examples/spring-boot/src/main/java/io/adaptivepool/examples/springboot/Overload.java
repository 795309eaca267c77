package io.adaptivepool.examples.springboot;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.concurrent.RejectedExecutionException;

/**
 * A refused submission answers 503 with {@code Retry-After}: {@code PoolSaturatedException} (or
 * {@code PoolShutdownException} while the service stops), directly from {@code CompletableFuture.supplyAsync}
 * or wrapped by Spring's {@code @Async} in a {@code TaskRejectedException}; all are
 * {@link RejectedExecutionException}s.
 */
@RestControllerAdvice
class Overload {
    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<String> refused(RejectedExecutionException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body("busy, retry later\n");
    }
}
