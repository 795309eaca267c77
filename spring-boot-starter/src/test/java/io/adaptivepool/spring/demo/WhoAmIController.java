package io.adaptivepool.spring.demo;

import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

@RestController
class WhoAmIController {
    private final Greeter greeter;

    WhoAmIController(Greeter greeter) {
        this.greeter = greeter;
    }

    /** Puts the request id in the MDC, as a logging filter would, and answers from an @Async task. */
    @GetMapping("/whoami")
    CompletableFuture<String> whoAmI(@RequestHeader("X-Request-Id") String requestId) {
        MDC.put("requestId", requestId);
        try {
            return greeter.whereAmI();
        } finally {
            MDC.remove("requestId");
        }
    }
}
