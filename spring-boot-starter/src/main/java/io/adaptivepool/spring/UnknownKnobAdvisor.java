package io.adaptivepool.spring;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvoker;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameter;
import org.springframework.boot.actuate.endpoint.invoke.OperationParameters;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses a write to {@code adaptivepools} whose body holds a key that is no knob, such as
 * {@code {"maxWorker": 12}}: 400 naming the key and its value and listing the knobs, nothing changed.
 */
/*
 * Actuator maps a request's arguments (the path's selector, the JSON body's entries, the query's
 * parameters) to the operation's parameters by name and drops whatever matches none, so without this
 * a typo beside a known knob would pass unnoticed. The knobs are the operation's parameters that are
 * no selector.
 */
final class UnknownKnobAdvisor implements OperationInvokerAdvisor {
    private static final EndpointId ENDPOINT = EndpointId.of(AdaptivePoolsEndpoint.ID);

    @Override
    public OperationInvoker apply(EndpointId endpointId, OperationType operationType,
            OperationParameters parameters, OperationInvoker invoker) {
        if (!ENDPOINT.equals(endpointId) || operationType != OperationType.WRITE) {
            return invoker;
        }
        Set<String> names = parameters.stream().map(OperationParameter::getName).collect(Collectors.toSet());
        String selector = parameters.stream().filter(p -> p.getAnnotation(Selector.class) != null)
                .map(OperationParameter::getName).findFirst().orElse(null);
        List<String> knobs = parameters.stream().filter(p -> p.getAnnotation(Selector.class) == null)
                .map(OperationParameter::getName).collect(Collectors.toList());
        return context -> {
            List<String> unknown = context.getArguments().entrySet().stream()
                    .filter(e -> !names.contains(e.getKey()))
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.toList());
            if (unknown.isEmpty()) {
                return invoker.invoke(context);
            }
            Object pool = selector == null ? null : context.getArguments().get(selector);
            return AdaptivePoolsEndpoint.refused(String.valueOf(pool), (unknown.size() == 1 ? "unknown knob " : "unknown knobs ")
                    + String.join(", ", unknown) + ": the knobs are " + String.join(", ", knobs));
        };
    }
}
