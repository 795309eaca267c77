package io.adaptivepool.agent;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts {@code ExecutorsBridge} in the bootstrap class loader, where every class loader finds it.
 *
 * <p>Java 9+: the class is defined there directly ({@link BootDefiner}, through
 * {@code jdk.internal.misc.Unsafe}). Appending a jar to the bootstrap class path, the classic way,
 * works too, but it makes HotSpot print "Sharing is only supported for boot loader classes because
 * bootstrap classpath has been appended" on every start and stop sharing (CDS, and an
 * application's AppCDS archive) for every class outside the bootstrap loader; so it is only the
 * fallback. Java 8: the jar is appended (its class data sharing covers boot classes only anyway).
 * The jar is a one-entry file in the temporary directory, deleted as soon as the class is loaded.
 */
final class BridgeInstaller {
    static final String BRIDGE_CLASS = "io.adaptivepool.agent.bridge.ExecutorsBridge";
    private static final String BRIDGE_FILE = "io/adaptivepool/agent/bridge/ExecutorsBridge.class";
    private static final String DEFINER_CLASS = "io.adaptivepool.agent.BootDefiner";
    private static final String DEFINER_FILE = "io/adaptivepool/agent/BootDefiner.class";

    private BridgeInstaller() {
    }

    /** The bridge in the bootstrap loader, defining it unless an earlier start did. */
    static Class<?> install(Instrumentation instrumentation, Consumer<String> log) throws IOException,
            ClassNotFoundException {
        try {
            return Class.forName(BRIDGE_CLASS, true, null);
        } catch (ClassNotFoundException notYet) {
            // the usual case
        }
        byte[] bridge = ownClassFile(BRIDGE_FILE);
        Method getModule = getModuleMethod();
        if (getModule != null) {
            try {
                return checked(defineWithUnsafe(instrumentation, getModule, bridge));
            } catch (Exception | LinkageError e) {
                log.accept("could not define the bridge class in the bootstrap loader (" + e + "); appending it to the"
                        + " bootstrap class path instead, which turns class data sharing off for other loaders");
            }
        }
        return checked(appendToBootstrapClassPath(instrumentation, bridge));
    }

    private static Class<?> checked(Class<?> bridge) {
        if (bridge.getClassLoader() != null) {
            throw new IllegalStateException(BRIDGE_CLASS + " was not defined by the bootstrap class loader");
        }
        return bridge;
    }

    private static Method getModuleMethod() {
        try {
            return Class.class.getMethod("getModule");
        } catch (NoSuchMethodException java8) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Class<?> defineWithUnsafe(Instrumentation instrumentation, Method getModule, byte[] classFile)
            throws ReflectiveOperationException, IOException {
        Class<?> definerClass = new IsolatedLoader().define(DEFINER_CLASS, ownClassFile(DEFINER_FILE));
        Object javaBase = getModule.invoke(Object.class);
        Object definerModule = getModule.invoke(definerClass);
        Class<?> moduleClass = Class.forName("java.lang.Module");
        Map<String, Set<Object>> exports = Collections.singletonMap("jdk.internal.misc",
                Collections.singleton(definerModule));
        Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class, Map.class, Set.class,
                Map.class).invoke(instrumentation, javaBase, Collections.emptySet(), exports, Collections.emptyMap(),
                Collections.emptySet(), Collections.emptyMap());
        Function<byte[], Class<?>> definer = (Function<byte[], Class<?>>) definerClass.getConstructor().newInstance();
        return definer.apply(classFile);
    }

    static Class<?> appendToBootstrapClassPath(Instrumentation instrumentation, byte[] classFile)
            throws IOException, ClassNotFoundException {
        Path jar = Files.createTempFile("adaptive-pool-agent-bridge-", ".jar"); // owner-only permissions
        try {
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
                out.putNextEntry(new JarEntry(BRIDGE_FILE));
                out.write(classFile);
                out.closeEntry();
            }
            try (JarFile jarFile = new JarFile(jar.toFile())) {
                instrumentation.appendToBootstrapClassLoaderSearch(jarFile);
            }
            return Class.forName(BRIDGE_CLASS, true, null);
        } finally {
            // the JVM holds the jar open and its only class is loaded: the file is no longer needed
            if (!jar.toFile().delete()) {
                jar.toFile().deleteOnExit();
            }
        }
    }

    /**
     * A class file of the agent's own jar, read with {@link JarFile} directly: a few milliseconds
     * less than through a {@code jar:} URL, whose handler classes are not loaded yet at start-up.
     */
    private static byte[] ownClassFile(String file) throws IOException {
        File jar = ownJar();
        if (jar != null) {
            try (JarFile jarFile = new JarFile(jar, false)) {
                JarEntry entry = jarFile.getJarEntry(file);
                if (entry != null) {
                    try (InputStream in = jarFile.getInputStream(entry)) {
                        return readAll(in);
                    }
                }
            }
        }
        ClassLoader own = BridgeInstaller.class.getClassLoader(); // classes in a directory (tests)
        try (InputStream in = own == null ? ClassLoader.getSystemResourceAsStream(file) : own.getResourceAsStream(file)) {
            if (in == null) {
                throw new IOException(file + " is missing from the agent jar");
            }
            return readAll(in);
        }
    }

    /** The jar the agent's classes come from, or null (a directory, or unknown). */
    static File ownJar() {
        try {
            CodeSource source = BridgeInstaller.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            File file = new File(source.getLocation().toURI());
            return file.isFile() ? file : null;
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A throwaway loader with no parent but the bootstrap loader, for {@link BootDefiner} alone. */
    private static final class IsolatedLoader extends ClassLoader {
        IsolatedLoader() {
            super(null);
        }

        Class<?> define(String name, byte[] classFile) {
            return defineClass(name, classFile, 0, classFile.length);
        }
    }
}
