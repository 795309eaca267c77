package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

final class TestSupportFutures {
    private TestSupportFutures() {
    }

    /** The Future's value, failing the test if it does not complete within the patience. */
    static <T> T get(Future<T> future) {
        try {
            return future.get(TestSupport.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("task failed", e.getCause());
        } catch (TimeoutException e) {
            return fail("future not done within " + TestSupport.PATIENCE.toSeconds() + " s");
        }
    }
}
