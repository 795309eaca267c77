package io.adaptivepool.agent;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerFilterTest {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final ClassLoader APP = ClassLoader.getSystemClassLoader();

    private static CallerFilter filter(List<String> include, List<String> exclude) {
        return new CallerFilter(include, exclude, PLATFORM);
    }

    @Test
    void byDefaultEveryNonJdkClassOfAnyLoader() throws Exception {
        CallerFilter f = filter(List.of(), List.of());
        try (URLClassLoader isolated = new URLClassLoader(new URL[0], PLATFORM)) {
            assertTrue(f.accepts(isolated, "com/acme/web/Servlet"));
        }
        assertTrue(f.accepts(APP, "com/acme/Service"));
        assertTrue(f.accepts(APP, "com/sun/jersey/api/client/Client"));
        assertFalse(f.accepts(null, "com/acme/OnBootClassPath"), "bootstrap loader");
        assertFalse(f.accepts(PLATFORM, "java/net/http/HttpClient"), "platform loader");
        assertFalse(f.accepts(APP, "java/lang/Anything"));
        assertFalse(f.accepts(APP, "jdk/internal/Anything"));
        assertFalse(f.accepts(APP, "sun/nio/Anything"));
        assertFalse(f.accepts(APP, "io/adaptivepool/agent/AdaptivePoolAgent"), "the agent itself");
        assertFalse(f.accepts(APP, "io/adaptivepool/agent/shaded/io/prometheus/client/exporter/HTTPServer"));
        assertTrue(f.accepts(APP, "io/adaptivepool/examples/LegacyApp"), "the project's other code is an app");
    }

    @Test
    void excludeBeatsEverything() {
        CallerFilter f = filter(List.of("com.acme."), List.of("com.acme.gen.", "org.lib."));
        assertTrue(f.accepts(APP, "com/acme/Service"));
        assertFalse(f.accepts(APP, "com/acme/gen/Stub"));
        assertFalse(f.accepts(APP, "org/lib/Pool"));
    }

    @Test
    void includeRestrictsToItsPrefixes() {
        CallerFilter f = filter(List.of("com.acme.", "org.legacy.Pool"), List.of());
        assertTrue(f.accepts(APP, "com/acme/Service"));
        assertTrue(f.accepts(APP, "org/legacy/PoolFactory"), "a plain string prefix");
        assertFalse(f.accepts(APP, "org/other/Service"));
        assertFalse(f.accepts(APP, "com/acmeinc/Service"));
    }

    @Test
    void includeCanNameJdkClassesAndStarKeepsTheRest() {
        CallerFilter f = filter(List.of("*", "jdk.internal.net.http."), List.of());
        assertTrue(f.accepts(PLATFORM, "jdk/internal/net/http/HttpClientImpl"));
        assertTrue(f.accepts(APP, "com/acme/Service"));
        assertFalse(f.accepts(null, "java/util/concurrent/ForkJoinPool"));
        CallerFilter onlyJdk = filter(List.of("jdk.internal.net.http."), List.of());
        assertFalse(onlyJdk.accepts(APP, "com/acme/Service"));
    }

    @Test
    void stackFramesAreJudgedByName() {
        CallerFilter f = filter(List.of(), List.of("com.acme.gen."));
        assertTrue(f.acceptsStackFrame("com.acme.Service"));
        assertTrue(f.acceptsStackFrame("com.sun.jersey.api.client.Client"));
        assertFalse(f.acceptsStackFrame("java.lang.ThreadLocal"));
        assertFalse(f.acceptsStackFrame("com.acme.gen.Stub"));
    }
}
