package io.adaptivepool.benchmarks.burst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JavaVersionsTest {

    @Test
    void featureOfTheUsualVersionStrings() {
        assertEquals(17, JavaVersions.featureOf("17.0.15"));
        assertEquals(25, JavaVersions.featureOf("25"));
        assertEquals(21, JavaVersions.featureOf("21-ea"));
        assertEquals(8, JavaVersions.featureOf("1.8.0_392"));
    }

    @Test
    void notAVersionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JavaVersions.featureOf("abc"));
        assertEquals("not a Java version: 'abc'", e.getMessage());
    }

    @Test
    void featureOfThisJvmsJava() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertEquals(Runtime.version().feature(), JavaVersions.feature(java));
    }
}
