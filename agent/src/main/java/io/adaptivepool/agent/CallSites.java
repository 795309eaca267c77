package io.adaptivepool.agent;

import io.adaptivepool.PoolNames;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names replaced pools after their call site, {@code <caller class>.<caller method>}, from the
 * stack of the thread creating the pool (creation is rare, so a stack walk is affordable).
 *
 * <p>The frames of the bridge and of the agent are skipped, and so is the plumbing between a
 * method reference and its caller: lambda proxy classes ({@code $$Lambda}), method handles and
 * reflection. Of the frames left, the first one whose class the agent would rewrite names the
 * pool; so a method reference {@code Executors::newCachedThreadPool} that JDK code invokes (say a
 * {@code ThreadLocal.withInitial}) is named after the application frame that led there. Failing
 * that, the first frame left names it. A lambda body {@code lambda$start$0} counts as its
 * enclosing method {@code start} ({@code lambda$static$N} as {@code <clinit>}, {@code lambda$new$N}
 * as {@code <init>}).
 */
final class CallSites {
    private static final String BRIDGE = "io.adaptivepool.agent.bridge.ExecutorsBridge";
    private static final String AGENT_PACKAGE = "io.adaptivepool.agent.";
    private static final String[] PLUMBING = {"java.lang.invoke.", "java.lang.reflect.", "jdk.internal.reflect.",
            "jdk.internal.invoke.", "sun.reflect."};

    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** The call site of the current pool creation, named from {@code stack} (innermost frame first). */
    static String siteName(StackTraceElement[] stack, CallerFilter filter) {
        int start = 0;
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals(BRIDGE)) {
                start = i + 1;
            }
        }
        String firstLeft = null;
        for (int i = start; i < stack.length; i++) {
            String className = stack[i].getClassName();
            if (isPlumbing(className)) {
                continue;
            }
            String name = className + "." + methodName(stack[i].getMethodName());
            if (filter.acceptsStackFrame(className)) {
                return name;
            }
            if (firstLeft == null) {
                firstLeft = name;
            }
        }
        return firstLeft != null ? firstLeft : "unknown";
    }

    private static boolean isPlumbing(String className) {
        if (className.startsWith(AGENT_PACKAGE) || className.contains("$$Lambda")) {
            return true;
        }
        for (String p : PLUMBING) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** {@code lambda$start$0} is {@code start}; other names are kept. */
    static String methodName(String method) {
        if (method.startsWith("lambda$")) {
            int end = method.lastIndexOf('$');
            if (end > "lambda$".length()) {
                String enclosing = method.substring("lambda$".length(), end);
                return enclosing.equals("static") ? "<clinit>" : enclosing.equals("new") ? "<init>" : enclosing;
            }
        }
        return method;
    }

    /** The site's name the first time, then {@code site#2}, {@code site#3}, ... ({@link PoolNames#nth}). */
    String uniqueName(String site) {
        AtomicInteger count = counts.get(site);
        if (count == null) {
            counts.putIfAbsent(site, new AtomicInteger());
            count = counts.get(site);
        }
        int n = count.incrementAndGet();
        return PoolNames.nth(site, n);
    }
}
