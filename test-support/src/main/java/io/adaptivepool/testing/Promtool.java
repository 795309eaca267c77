package io.adaptivepool.testing;

import org.opentest4j.TestAbortedException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Prometheus' promtool, run on a file. It comes with the Debian package {@code prometheus}; without
 * it the tests that need it are skipped (system property {@code promtool.optional}, true in the Maven
 * build unless {@code -Dtools.required=true}) or fail
 * (the prometheus, micrometer and spring-boot example tests share it).
 */
public final class Promtool {
    /** What {@code promtool} said, and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** Runs {@code promtool check metrics} on {@code scrape}, written to a file, for at most 60 s. */
    public static Result checkMetrics(String scrape, Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("scrape.txt");
        Files.writeString(file, scrape);
        return run(Files.readString(file), "check", "metrics");
    }

    /**
     * Runs {@code promtool args...} with {@code stdin} (or nothing) on its standard input, for at
     * most 60 s; its standard error is merged into the output.
     */
    public static Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(find().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), output.join());
    }

    /**
     * The promtool executable: on {@code PATH}, or at {@code /usr/bin/promtool}. Without it the
     * caller's test is skipped (property {@code promtool.optional}) or fails.
     */
    public static Path find() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Paths.get(dir, "promtool"));
                }
            }
        }
        candidates.add(Paths.get("/usr/bin/promtool"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        String why = "promtool not found on PATH nor at /usr/bin/promtool: install the Debian package 'prometheus' "
                + "(apt-get install -y prometheus); the Maven build skips this check when promtool is absent, unless"
                + " -Dtools.required=true";
        if (Boolean.getBoolean("promtool.optional")) {
            throw new TestAbortedException(why);
        }
        return fail(why);
    }
}
