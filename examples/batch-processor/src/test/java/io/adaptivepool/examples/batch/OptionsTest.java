package io.adaptivepool.examples.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaults() {
        BatchProcessor.Options o = BatchProcessor.Options.parse(new String[0]);
        assertEquals(100_000, o.items);
        assertEquals(16, o.maxWorkers);
        assertEquals(1000, o.queue);
    }

    @Test
    void badValuesNameTheOptionAndTheValue() {
        assertEquals("--items (ten) is not a whole number", message("--items", "ten"));
        assertEquals("--max-workers (0) must be between 1 and 10000", message("--max-workers", "0"));
        assertEquals("--queue (-5) must be between 1 and 1000000", message("--queue", "-5"));
        assertEquals("--queue needs a value", message("--queue"));
        assertEquals("unknown option '--workers'", message("--workers", "3"));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> BatchProcessor.Options.parse(args)).getMessage();
    }
}
