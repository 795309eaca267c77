package io.adaptivepool.benchmarks.burst;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The feature version (8, 17, 25...) of a {@code java} executable. */
final class JavaVersions {
    private static final Pattern RELEASE = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");
    private static final Pattern VERSION_OUTPUT = Pattern.compile("version \"([^\"]+)\"");

    private JavaVersions() {
    }

    /**
     * The feature version of {@code javaExecutable} ({@code <home>/bin/java}): from
     * {@code <home>/release}, else from {@code java -version}; -1 if neither tells.
     */
    static int feature(Path javaExecutable) {
        Path home = javaExecutable.toAbsolutePath().getParent();
        home = home == null ? null : home.getParent();
        if (home != null) {
            Path release = home.resolve("release");
            if (Files.isRegularFile(release)) {
                try {
                    Matcher m = RELEASE.matcher(Files.readString(release, StandardCharsets.UTF_8));
                    if (m.find()) {
                        return featureOf(m.group(1));
                    }
                } catch (IOException | IllegalArgumentException ignored) {
                    // fall back to asking the JVM
                }
            }
        }
        try {
            Process p = new ProcessBuilder(javaExecutable.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            Matcher m = VERSION_OUTPUT.matcher(out);
            return m.find() ? featureOf(m.group(1)) : -1;
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * "17.0.15" is 17, "25" is 25, "21-ea" is 21, "1.8.0_392" is 8.
     *
     * @throws IllegalArgumentException if the text does not start with a version number
     */
    static int featureOf(String version) {
        Matcher m = Pattern.compile("^(\\d+)(?:\\.(\\d+))?").matcher(version.strip());
        if (!m.find()) {
            throw new IllegalArgumentException("not a Java version: '" + version + "'");
        }
        int first = Integer.parseInt(m.group(1));
        if (first == 1 && m.group(2) != null) {
            return Integer.parseInt(m.group(2));
        }
        return first;
    }
}
