package jdk.internal.misc;

import java.security.ProtectionDomain;

/**
 * COMPILE-TIME STUB, never packaged (the jar plugin excludes {@code jdk/**}; AgentJarIT checks).
 *
 * <p>The two methods of the JDK's own {@code jdk.internal.misc.Unsafe} (Java 9 to 25 and on) that
 * {@code io.adaptivepool.agent.BootDefiner} calls, so that it calls them directly rather than by
 * reflection: on JDK 18+ a reflective call of a six-argument method spins method-handle classes,
 * tens of milliseconds at start-up. At run time the JDK's class is used: the package belongs to
 * {@code java.base}, so no class loader ever takes this one from the class path. Should a future
 * JDK drop a method, the call fails with a {@code LinkageError}, which the agent catches (it then
 * appends the bridge to the bootstrap class path instead).
 */
public final class Unsafe {
    private Unsafe() {
    }

    public static Unsafe getUnsafe() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public Class<?> defineClass(String name, byte[] b, int off, int len, ClassLoader loader,
            ProtectionDomain protectionDomain) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}
