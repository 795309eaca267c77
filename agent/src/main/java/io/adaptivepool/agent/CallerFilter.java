package io.adaptivepool.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * Which classes have their {@code Executors.newCachedThreadPool} calls rewritten.
 *
 * <ol>
 *   <li>Never the agent's own classes (including everything it shades).
 *   <li>Never a class matching an {@code exclude} prefix.
 *   <li>Without {@code include}: every class except the JDK's own.
 *   <li>With {@code include}: only classes matching one of its prefixes, JDK classes too when a
 *       prefix names them ({@code include=jdk.internal.net.http.} replaces the default executor of
 *       {@code java.net.http.HttpClient}); the entry {@code *} stands for "every non-JDK class".
 * </ol>
 *
 * <p>A JDK class is one defined by the bootstrap or platform (extension, on Java 8) class loader,
 * or named {@code java.*}, {@code jdk.*} or {@code sun.*} whatever its loader. {@code com.sun.*}
 * classes count as JDK classes only when those loaders define them: application libraries use that
 * package too (Jersey 1.x's client creates its pool with {@code newCachedThreadPool}), and are
 * rewritten like any other library.
 *
 * <p>Prefixes are plain string prefixes of the binary class name ({@code com.acme.} matches
 * {@code com.acme.Foo} and {@code com.acme.web.Bar}; {@code com.acme} also matches
 * {@code com.acmeinc.Baz}). Immutable and thread-safe.
 */
final class CallerFilter {
    private static final String[] JDK_PACKAGES = {"java/", "jdk/", "sun/"};
    private static final String AGENT_PACKAGE = "io/adaptivepool/agent/";

    private final String[] include;
    private final String[] exclude;
    private final boolean includeNonJdk;
    private final ClassLoader platformLoader;

    /**
     * @param include dotted class-name prefixes, or {@code *}; empty for "every non-JDK class"
     * @param exclude dotted class-name prefixes
     * @param platformLoader the loader whose classes count as the JDK's, beside the bootstrap loader
     */
    CallerFilter(List<String> include, List<String> exclude, ClassLoader platformLoader) {
        List<String> in = new ArrayList<>();
        boolean star = include.isEmpty();
        for (String p : include) {
            if (p.equals("*")) {
                star = true;
            } else {
                in.add(p.replace('.', '/'));
            }
        }
        this.include = in.toArray(new String[0]);
        this.includeNonJdk = star;
        List<String> ex = new ArrayList<>();
        for (String p : exclude) {
            ex.add(p.replace('.', '/'));
        }
        this.exclude = ex.toArray(new String[0]);
        this.platformLoader = platformLoader;
    }

    /** The filter of this JVM: the platform loader is the system loader's parent. */
    static CallerFilter of(AgentConfig config) {
        return new CallerFilter(config.include(), config.exclude(), ClassLoader.getSystemClassLoader().getParent());
    }

    /**
     * Whether calls in this class are rewritten.
     *
     * @param loader the class's defining loader (null for the bootstrap loader)
     * @param internalName the class's name with slashes, {@code com/acme/Foo}
     */
    boolean accepts(ClassLoader loader, String internalName) {
        return acceptsName(internalName, loader == null || loader == platformLoader);
    }

    /**
     * Same, as far as a dotted class name seen in a stack trace tells (its loader is unknown there):
     * only {@code java.*}, {@code jdk.*} and {@code sun.*} count as the JDK's.
     */
    boolean acceptsStackFrame(String className) {
        return acceptsName(className.replace('.', '/'), false);
    }

    private boolean acceptsName(String internalName, boolean jdkLoader) {
        if (internalName.startsWith(AGENT_PACKAGE) || matches(exclude, internalName)) {
            return false;
        }
        if (matches(include, internalName)) {
            return true;
        }
        return includeNonJdk && !jdkLoader && !isJdkName(internalName);
    }

    private static boolean isJdkName(String internalName) {
        for (String p : JDK_PACKAGES) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] prefixes, String internalName) {
        for (String p : prefixes) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
