package io.adaptivepool.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Where things are: set by the failsafe configuration in this module's pom. */
final class Env {
    private Env() {
    }

    /** The {@code java} of the JVM running the tests: children run on the same JDK (17 or 25). */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The agent jar under test ({@code -Dit.agentJar}); fails the test when it has not been built. */
    static Path agentJar() {
        Path jar = path("it.agentJar");
        assertTrue(Files.isRegularFile(jar), "agent jar not found at " + jar
                + ": build it first (mvn -f agent/pom.xml package -DskipTests) or set -Dit.agentJar");
        return jar;
    }

    static Path fixtureClasses() {
        return path("it.fixtureClasses");
    }

    /** simpleclient 0.9.0, the old copy a fixture app bundles. */
    static Path legacySimpleclientJar() {
        Path jar = path("it.legacySimpleclientJar");
        assertTrue(Files.isRegularFile(jar), "simpleclient jar not found at " + jar);
        return jar;
    }

    /**
     * The real libraries (Guava, gRPC, Apache MINA) and their dependencies, for the children of
     * {@code RealLibrariesIT}: the module's provided dependencies, resolved by Maven.
     */
    static List<Path> libraryClasspath() {
        String value = System.getProperty("it.libraryClasspath");
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property it.libraryClasspath is not set: run the ITs through Maven "
                    + "(mvn -f integration-tests/pom.xml verify)");
        }
        return Arrays.stream(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    /** This module's {@code src} folder, for {@link TestSources}. */
    static Path sources() {
        return path("it.sources");
    }

    /**
     * The class path of the executor and jmx modules' compiled classes ({@code -Dit.libraryClasses}),
     * for a fixture that makes its pools in code; fails the test when they have not been built.
     */
    static String libraryClasses() {
        String value = System.getProperty("it.libraryClasses");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property it.libraryClasses is not set: run the ITs through Maven");
        }
        for (String entry : value.split(java.io.File.pathSeparator)) {
            assertTrue(Files.isDirectory(Path.of(entry)), "library classes not found at " + entry
                    + ": build the reactor first (mvn -pl agent,integration-tests -am verify)");
        }
        return value;
    }

    static Path configSamples() {
        return path("it.configSamples");
    }

    static Path logDir() {
        return path("it.logDir");
    }

    /** A port free on loopback a moment ago (for children that must be told their port up front). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the ITs through Maven "
                    + "(mvn -f integration-tests/pom.xml verify)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
