package io.adaptivepool.testing;

/**
 * How hard the randomized and soak tests push: a multiple of their everyday amount of work (Lincheck
 * iterations and invocations, tasks, refusals, seconds of load), read from the system property
 * {@value #PROPERTY} (default 1). {@code mvn verify} runs depth 1; the project's CI adds a deeper
 * pass of the executor and Prometheus suites ({@code -Dtest.depth=4}, see {@code docs/reliability.md}).
 * Fixed scenarios, such as the regressions a test keeps, run in full at every depth.
 */
public final class TestDepth {
    /** The system property; Maven hands {@code -Dtest.depth=N} on to the test JVMs. */
    public static final String PROPERTY = "test.depth";

    private TestDepth() {
    }

    /** The multiple, at least 1. */
    public static int factor() {
        String value = System.getProperty(PROPERTY, "1").trim();
        int factor;
        try {
            factor = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a whole number >= 1, got '" + value + "'", e);
        }
        if (factor < 1) {
            throw new IllegalArgumentException(PROPERTY + " must be a whole number >= 1, got '" + value + "'");
        }
        return factor;
    }

    /** {@code amount} at the everyday depth, times {@link #factor()}. */
    public static int times(int amount) {
        return Math.multiplyExact(amount, factor());
    }

    /** {@code amount} at the everyday depth, times {@link #factor()}. */
    public static long times(long amount) {
        return Math.multiplyExact(amount, (long) factor());
    }
}
