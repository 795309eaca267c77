package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watch's lines are written on a thread of their own: a log handler that blocks delays them
 * (up to a bound, the rest counted), one that throws loses its own line, and neither holds up the
 * caller, which is the watch.
 */
@Timeout(60)
class LineWriterTest {
    private static final Logger ENGINE_LOG = Logger.getLogger(AdaptivePoolExecutor.class.getName());

    private final List<String> written = new CopyOnWriteArrayList<>();
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch unblock = new CountDownLatch(1);
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message == null || !message.startsWith("line-writer-test ")) {
                return;
            }
            if (message.contains("block")) {
                blocked.countDown();
                TestSupport.awaitLatch(unblock);
            }
            if (message.contains("throw")) {
                throw new IllegalStateException("a handler that fails on this line");
            }
            written.add(record.getLevel() + " " + message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void install() {
        ENGINE_LOG.addHandler(handler);
    }

    @AfterEach
    void tearDown() {
        unblock.countDown();
        TestSupport.await("the line writer to end once no line is left",
                () -> TestSupport.threadsNamed("adaptive-pool-watch-lines").isEmpty());
        ENGINE_LOG.removeHandler(handler);
    }

    private static void write(String text) {
        LineWriter.write(Level.WARNING, () -> "line-writer-test " + text, null);
    }

    @Test
    void aBlockedHandlerHoldsLinesUpToTheBoundAndTheNextLineSaysHowManyWereDropped() {
        write("block");
        TestSupport.awaitLatch(blocked);
        for (int i = 0; i < LineWriter.BOUND + 3; i++) {
            write("queued " + i); // returns at once while the handler is blocked
        }
        assertTrue(written.isEmpty(), "nothing is written past the blocked handler: " + written);

        unblock.countDown();
        TestSupport.await("the waiting lines to be written", () -> written.size() == LineWriter.BOUND + 1,
                written::toString);
        assertEquals("WARNING line-writer-test block", written.get(0));
        assertEquals("WARNING line-writer-test queued 0 (3 other lines of the stall watch were not written:"
                + " the log was slow, or no thread could write them)", written.get(1));
        assertEquals("WARNING line-writer-test queued " + (LineWriter.BOUND - 1), written.get(LineWriter.BOUND),
                "the lines within the bound are written in order, the last ones dropped");
    }

    @Test
    void aHandlerThatThrowsLosesItsOwnLineOnly() {
        write("throw");
        LineWriter.write(Level.INFO, () -> "line-writer-test after", null);
        TestSupport.await("the next line to be written", () -> !written.isEmpty(), written::toString);
        assertEquals("INFO line-writer-test after", written.get(0));
    }

    @Test
    void aLineWhoseTextFailsIsLostAndTheWriterGoesOn() {
        LineWriter.write(Level.WARNING, () -> {
            throw new IllegalStateException("a line that cannot be made");
        }, null);
        write("after");
        TestSupport.await("the next line to be written", () -> !written.isEmpty(), written::toString);
        assertEquals("WARNING line-writer-test after", written.get(0));
    }
}
