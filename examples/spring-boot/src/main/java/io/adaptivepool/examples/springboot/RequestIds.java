package io.adaptivepool.examples.springboot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Every request gets an id in the logging MDC ({@code requestId}: the {@code X-Request-Id} header, or a
 * new one), and the starter applies the {@link TaskDecorator} bean to every task of the pools: a task
 * runs with the MDC of the thread that submitted it, so its log lines carry the request's id.
 */
@Configuration(proxyBeanMethods = false)
class RequestIds {
    static final String KEY = "requestId";

    @Bean
    OncePerRequestFilter requestIdFilter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String id = request.getHeader("X-Request-Id");
                MDC.put(KEY, id != null ? id : UUID.randomUUID().toString().substring(0, 8));
                try {
                    chain.doFilter(request, response);
                } finally {
                    MDC.remove(KEY);
                }
            }
        };
    }

    /** Captures the submitter's MDC at submission; the task runs with it, and leaves the worker's MDC empty. */
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
