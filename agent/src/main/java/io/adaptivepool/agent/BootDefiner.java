package io.adaptivepool.agent;

import jdk.internal.misc.Unsafe;

import java.util.function.Function;

/**
 * Defines a class in the bootstrap class loader with {@code jdk.internal.misc.Unsafe} (Java 9+).
 *
 * <p>Loaded on its own, by a throwaway class loader whose unnamed module alone is given access to
 * {@code jdk.internal.misc}: the application's modules (the class path's unnamed module included)
 * get no access they did not have. Compiled against a stub of {@code Unsafe} (see that class) so
 * that the call is direct. Uses nothing else outside {@code java.base}. Public only so that the
 * agent, in another loader, can instantiate it; not an API.
 */
public final class BootDefiner implements Function<byte[], Class<?>> {
    /** The class file of a class to define in the bootstrap loader; answers the class. */
    @Override
    public Class<?> apply(byte[] classFile) {
        return Unsafe.getUnsafe().defineClass(null, classFile, 0, classFile.length, null, null);
    }
}
