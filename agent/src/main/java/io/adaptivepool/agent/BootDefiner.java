package io.adaptivepool.agent;

import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.function.Function;

/**
 * Defines a class in the bootstrap class loader with {@code jdk.internal.misc.Unsafe} (Java 9+).
 *
 * <p>Loaded on its own, by a throwaway class loader whose unnamed module alone is given access to
 * {@code jdk.internal.misc}: the application's modules (the class path's unnamed module included)
 * get no access they did not have. Uses nothing outside {@code java.base}. Public only so that
 * the agent, in another loader, can instantiate it; not an API.
 */
public final class BootDefiner implements Function<byte[], Class<?>> {
    /** The class file of a class to define in the bootstrap loader; answers the class. */
    @Override
    public Class<?> apply(byte[] classFile) {
        try {
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                    ClassLoader.class, ProtectionDomain.class);
            return (Class<?>) define.invoke(unsafe, null, classFile, 0, classFile.length, null, null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define a class in the bootstrap loader: " + e, e);
        }
    }
}
