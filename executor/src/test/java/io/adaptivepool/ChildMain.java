package io.adaptivepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.testing.Await;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's {@code main} in a child JVM, for a probe whose failure would harm every later test
 * of this JVM (a dead watch thread, a core spinning under a pool's lock).
 */
final class ChildMain {
    private ChildMain() {
    }

    /** Runs {@code main} in a child JVM (this module's classes and test-support) and expects exit 0. */
    static void assertSucceeds(Class<?> main, String failure) throws Exception {
        String classpath = String.join(File.pathSeparator, location(ChildMain.class),
                location(AdaptivePoolExecutor.class), location(Await.class));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Path out = Files.createTempFile("probe-child", ".txt");
        try {
            Process child = new ProcessBuilder(java, "-cp", classpath, main.getName()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            boolean ended = child.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            assertTrue(ended, "the child JVM did not end within 60 s:\n" + text);
            assertEquals(0, child.exitValue(), failure + ":\n" + text);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
