package io.adaptivepool;

import java.util.function.Predicate;

/**
 * The one rule for telling apart pools that share a name, used wherever a pool is exported or
 * named: its JMX {@code ObjectName} (the jmx module), its Prometheus {@code pool} label (the
 * prometheus module's collector) and the agent's call-site names. The first pool keeps the
 * name; the next ones are {@code <name>#2}, {@code <name>#3}, ... , the first one free. So a JMX
 * client and a dashboard name two pools of the same name alike.
 */
public final class PoolNames {
    /** What separates a name from its repeat number: {@code orders#2}. */
    public static final String REPEAT_SEPARATOR = "#";

    private PoolNames() {
    }

    /**
     * The {@code n}-th name for pools called {@code name}: {@code name} itself for {@code n = 1},
     * then {@code name#2}, {@code name#3}, ...
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static String nth(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n (" + n + ") must be >= 1");
        }
        return n == 1 ? name : name + REPEAT_SEPARATOR + n;
    }

    /** The first of {@code name}, {@code name#2}, {@code name#3}, ... that {@code taken} does not hold. */
    public static String firstFree(String name, Predicate<String> taken) {
        for (int n = 1; ; n++) {
            String candidate = nth(name, n);
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }
}
