package io.adaptivepool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads (Java 21 and later) for a library compiled for Java 8: the factory of
 * {@code Thread.ofVirtual().name(prefix, 1).factory()}, found by reflection through the public
 * interface {@code Thread.Builder}, so no Java 21 class is named in the bytecode.
 */
public final class VirtualThreads {
    /*
     * Resolved once, on first use: null methods mean this JVM has no virtual threads (before
     * Java 21, or Java 19 and 20 without --enable-preview, where ofVirtual() throws).
     */
    private static final Method OF_VIRTUAL;
    private static final Method NAME;
    private static final Method FACTORY;

    static {
        Method ofVirtual = null;
        Method name = null;
        Method factory = null;
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Method m = Thread.class.getMethod("ofVirtual");
            m.invoke(null); // throws on Java 19 and 20 without preview features
            ofVirtual = m;
            name = builder.getMethod("name", String.class, long.class);
            factory = builder.getMethod("factory");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError absent) {
            ofVirtual = null;
        }
        OF_VIRTUAL = ofVirtual;
        NAME = ofVirtual == null ? null : name;
        FACTORY = ofVirtual == null ? null : factory;
    }

    private VirtualThreads() {
    }

    /** True if this JVM makes virtual threads (Java 21 and later). */
    public static boolean supported() {
        return OF_VIRTUAL != null;
    }

    /**
     * A factory of unstarted virtual threads named {@code <prefix>1}, {@code <prefix>2}, ...
     *
     * @throws UnsupportedOperationException before Java 21, naming the running version
     */
    public static ThreadFactory factory(String prefix) {
        if (!supported()) {
            throw new UnsupportedOperationException("virtual threads need Java 21 or later; this JVM is Java "
                    + System.getProperty("java.specification.version"));
        }
        try {
            Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), prefix, 1L);
            return (ThreadFactory) FACTORY.invoke(builder);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Thread.ofVirtual() failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Thread.ofVirtual() is not accessible: " + e, e);
        }
    }
}
