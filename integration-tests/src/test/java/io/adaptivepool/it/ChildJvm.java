package io.adaptivepool.it;

import io.adaptivepool.testing.Await;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real child JVM, run with the same {@code java} as the test JVM, optionally with
 * {@code -javaagent:adaptive-pool-agent.jar}. Its stdout and stderr go to files under
 * {@code it.logDir/<name>/} (kept for post-mortems); the fixture protocol is one
 * {@code key=value} line per fact on stdout, and {@code <id> <command>} requests on stdin answered
 * by {@code reply.<id>=...}. Every wait polls every {@value #POLL_MILLIS} ms and gives up after a
 * bound, then fails with the child's output. {@link #close()} kills the child and its descendants.
 */
final class ChildJvm implements AutoCloseable {
    /** How long a wait for a line, a reply or an exit lasts by default. */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String AGENT_PREFIX = "[adaptive-pool-agent]";
    private static final long POLL_MILLIS = 25;
    static final Duration POLL = Duration.ofMillis(POLL_MILLIS);
    /** Small, fast-starting children: the suite starts dozens of them on a 2-core machine. */
    private static final List<String> FAST_START =
            List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC");
    /** Variables of the test's environment that would change a child: JVM options and the agent's settings. */
    private static final List<String> JVM_OPTION_VARIABLES =
            List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Writer stdin;
    private final AtomicInteger requestIds = new AtomicInteger();

    private ChildJvm(String name, List<String> command, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** A child running a fixture's {@code main} with the fixture classes on its classpath. */
    static Builder fixture(Class<?> mainClass) {
        return new Builder(List.of(mainClass.getName()));
    }

    /** A child running the {@code main} of a class the test only knows by name (compiled by the test). */
    static Builder fixture(String mainClassName) {
        return new Builder(List.of(mainClassName));
    }

    /** A child running {@code java -jar <jar> args...}. */
    static Builder jar(Path jar, String... args) {
        List<String> target = new ArrayList<>(List.of("-jar", jar.toString()));
        target.addAll(Arrays.asList(args));
        return new Builder(target).withoutFixtureClasspath();
    }

    static final class Builder {
        private final List<String> target;
        private final List<String> jvmArgs = new ArrayList<>(FAST_START);
        private final List<String> args = new ArrayList<>();
        private final List<Path> classpath = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String agentArgs;
        private boolean agent;
        private String name = "child";

        private Builder(List<String> target) {
            this.target = target;
            classpath.add(Env.fixtureClasses());
        }

        private Builder withoutFixtureClasspath() {
            classpath.clear();
            return this;
        }

        /** The log folder's name under {@code it.logDir}; make it unique per child in a test. */
        Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Runs the child with {@code -javaagent:<agent jar>=<arguments>}. */
        Builder agent(String arguments) {
            this.agent = true;
            this.agentArgs = arguments;
            return this;
        }

        Builder jvmArgs(String... more) {
            jvmArgs.addAll(Arrays.asList(more));
            return this;
        }

        Builder args(String... more) {
            args.addAll(Arrays.asList(more));
            return this;
        }

        Builder classpath(Path entry) {
            classpath.add(entry);
            return this;
        }

        Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        ChildJvm start() throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Env.java().toString());
            cmd.addAll(jvmArgs);
            if (agent) {
                cmd.add("-javaagent:" + Env.agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
            }
            if (!classpath.isEmpty()) {
                cmd.add("-cp");
                cmd.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
            }
            cmd.addAll(target);
            cmd.addAll(args);

            Path dir = Env.logDir().resolve(name);
            Files.createDirectories(dir);
            Path out = dir.resolve("stdout.log");
            Path err = dir.resolve("stderr.log");
            Files.writeString(dir.resolve("command.txt"), String.join(" ", cmd) + System.lineSeparator());
            ProcessBuilder builder = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().keySet()
                    .removeIf(key -> key.startsWith("ADAPTIVEPOOL_") || JVM_OPTION_VARIABLES.contains(key));
            builder.environment().putAll(env);
            return new ChildJvm(name, cmd, builder.start(), out, err);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The complete lines of stdout so far. */
    List<String> stdoutLines() {
        return completeLines(stdout);
    }

    /** The complete lines of stderr so far. */
    List<String> stderrLines() {
        return completeLines(stderr);
    }

    /** The agent's lines on stderr so far (those that start with {@value #AGENT_PREFIX}). */
    List<String> agentLines() {
        return stderrLines().stream().filter(line -> line.startsWith(AGENT_PREFIX)).toList();
    }

    /** Waits for the first stdout line {@code key=value} and answers the value. */
    String value(String key) {
        String prefix = key + "=";
        return awaitLine(this::stdoutLines, line -> line.startsWith(prefix), WAIT, "stdout line '" + prefix + "...'")
                .substring(prefix.length());
    }

    int intValue(String key) {
        return Integer.parseInt(value(key));
    }

    /** The value of {@code key=value} on stdout if such a line has been printed, without waiting. */
    Optional<String> valueNow(String key) {
        String prefix = key + "=";
        return stdoutLines().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst();
    }

    /** Waits for the first of the agent's lines on stderr that satisfies {@code accept}. */
    String awaitAgentLine(Predicate<String> accept, String what) {
        return awaitLine(this::stderrLines, l -> l.startsWith(AGENT_PREFIX) && accept.test(l), WAIT,
                "agent line " + what);
    }

    /** Waits for the first stderr line matching {@code pattern} (found anywhere in the line). */
    Matcher awaitStderr(Pattern pattern) {
        String line = awaitLine(this::stderrLines, l -> pattern.matcher(l).find(), WAIT,
                "stderr line matching /" + pattern + "/");
        Matcher matcher = pattern.matcher(line);
        matcher.find();
        return matcher;
    }

    /** Sends {@code <id> <request>} on stdin and waits for the fixture's {@code reply.<id>}. */
    String ask(String request) {
        int id = requestIds.incrementAndGet();
        try {
            stdin.write(id + " " + request + "\n");
            stdin.flush();
        } catch (IOException e) {
            fail("cannot send '" + request + "' to " + describe(), e);
        }
        return value("reply." + id);
    }

    /** Asks until the answer satisfies {@code accept} (every {@value #POLL_MILLIS} ms, within {@link #WAIT}). */
    String askUntil(String request, Predicate<String> accept, String what) {
        return Await.answer(WAIT, POLL, () -> ask(request), accept,
                last -> "'" + request + "' never answered " + what + " (last answer: " + last + ") in " + describe());
    }

    /** Asks the child to stop as Ctrl-C or {@code kill} would (SIGTERM: shutdown hooks run). */
    void terminate() {
        process.destroy();
    }

    /** Waits for the child to exit and answers its exit code. */
    int awaitExit(Duration wait) {
        try {
            if (process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fail("child did not exit within " + wait + ": " + describe());
    }

    int awaitExit() {
        return awaitExit(WAIT);
    }

    /** Everything a failure message needs: the command, the exit state, the output tails. */
    String describe() {
        String state = process.isAlive() ? "still running" : "exited with " + process.exitValue();
        return "child '" + name + "' (" + state + ")\n  command: " + String.join(" ", command)
                + "\n  --- stdout (tail) ---\n" + tail(stdout) + "\n  --- stderr (tail) ---\n" + tail(stderr);
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the child may be gone already
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String awaitLine(Supplier<List<String>> lines, Predicate<String> match, Duration wait,
            String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (;;) {
            boolean exited = !process.isAlive();
            Optional<String> found = lines.get().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (exited) {
                return fail("child exited without printing a " + what + ": " + describe());
            }
            if (System.nanoTime() > deadline) {
                return fail("no " + what + " within " + wait + ": " + describe());
            }
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }

    /** The lines of a file that end with a line break (the last one may still be being written). */
    private static List<String> completeLines(Path file) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        return text.substring(0, end).lines().map(ChildJvm::stripCr).toList();
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String tail(Path file) {
        String text = new String(readBytesOrEmpty(file), StandardCharsets.UTF_8);
        return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
    }

    private static byte[] readBytesOrEmpty(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
