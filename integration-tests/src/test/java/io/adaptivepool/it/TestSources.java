package io.adaptivepool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Classes that must never reach the fixtures' class path (an isolated loader's, a module layer's)
 * live as sources under {@code src/<name>/java} and are compiled by the test that needs them.
 */
final class TestSources {
    private TestSources() {
    }

    /**
     * Compiles every {@code .java} file under {@code src/<tree>} into {@code out}.
     *
     * @param release the {@code --release} to compile for
     */
    static void compile(String tree, Path out, int release) throws IOException {
        compile(tree, out, release, null);
    }

    /**
     * Compiles every {@code .java} file under {@code src/<tree>} into {@code out}, against
     * {@code classpath} (null for none).
     */
    static void compile(String tree, Path out, int release, String classpath) throws IOException {
        Path root = Env.sources().resolve(tree);
        List<String> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no sources under " + root);
        List<String> args = new ArrayList<>(List.of("--release", String.valueOf(release), "-Xlint:-options",
                "-d", out.toString()));
        if (classpath != null) {
            args.add("-cp");
            args.add(classpath);
        }
        args.addAll(sources);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(messages, true, StandardCharsets.UTF_8);
        int status = ToolProvider.getSystemJavaCompiler().run(null, err, err, args.toArray(String[]::new));
        assertEquals(0, status, () -> "javac " + args + "\n" + messages.toString(StandardCharsets.UTF_8));
    }
}
