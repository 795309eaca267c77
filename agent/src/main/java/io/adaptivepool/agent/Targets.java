package io.adaptivepool.agent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@link CallSiteTransformer} rewrites for the kinds of {@code replace}: the factories of
 * {@code Executors} by name and descriptor, and (with {@code cached}) constructions of
 * {@code ThreadPoolExecutor}; and the byte search that spares every other class the parse.
 */
final class Targets {
    private static final String SERVICE = ")Ljava/util/concurrent/ExecutorService;";
    private static final String FACTORY = "Ljava/util/concurrent/ThreadFactory;";
    private static final byte[] JUC = bytes("java/util/concurrent/");
    private static final byte[] EXECUTORS = bytes("Executors");
    private static final byte[] THREAD_POOL_EXECUTOR = bytes("ThreadPoolExecutor");
    private static final byte[] SYNCHRONOUS_QUEUE = bytes("SynchronousQueue");

    /** Names of the replaced factories, and for each its descriptors: {@code names[i]} has {@code descriptors[i]}. */
    private final List<String> names = new ArrayList<>();
    private final List<String[]> descriptors = new ArrayList<>();
    private final List<byte[]> nameBytes = new ArrayList<>();
    private final boolean constructions;

    Targets(Set<PoolKind> kinds) {
        if (kinds.contains(PoolKind.CACHED)) {
            add("newCachedThreadPool", "(" + SERVICE, "(" + FACTORY + SERVICE);
        }
        if (kinds.contains(PoolKind.FIXED)) {
            add("newFixedThreadPool", "(I" + SERVICE, "(I" + FACTORY + SERVICE);
        }
        if (kinds.contains(PoolKind.SINGLE)) {
            add("newSingleThreadExecutor", "(" + SERVICE, "(" + FACTORY + SERVICE);
        }
        if (kinds.contains(PoolKind.VIRTUAL)) {
            add("newVirtualThreadPerTaskExecutor", "(" + SERVICE);
        }
        constructions = kinds.contains(PoolKind.CACHED);
    }

    private void add(String name, String... overloads) {
        names.add(name);
        descriptors.add(overloads);
        nameBytes.add(bytes(name));
    }

    /** True if a construction of {@code ThreadPoolExecutor} is rewritten (kind {@code cached}). */
    boolean constructions() {
        return constructions;
    }

    /** True for a replaced factory: {@code Executors}, a replaced name, one of its descriptors. */
    boolean isFactory(String owner, String name, String descriptor) {
        if (!CallSiteTransformer.EXECUTORS.equals(owner)) {
            return false;
        }
        int i = names.indexOf(name);
        if (i < 0) {
            return false;
        }
        for (String d : descriptors.get(i)) {
            if (d.equals(descriptor)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The byte search: true if the class file names {@code java/util/concurrent/Executors} and a
     * replaced factory, or (with {@code cached}) both {@code ThreadPoolExecutor} and
     * {@code SynchronousQueue}. One pass over the bytes for {@code java/util/concurrent/}, then a
     * look at what follows each; the factory names are searched only in the rare class that names
     * {@code Executors}.
     */
    boolean mayCall(byte[] classFile) {
        boolean executors = false;
        boolean pool = false;
        boolean queue = false;
        for (int i = indexOf(classFile, JUC, 0); i >= 0; i = indexOf(classFile, JUC, i + JUC.length)) {
            int at = i + JUC.length;
            executors |= isName(classFile, at, EXECUTORS);
            pool |= isName(classFile, at, THREAD_POOL_EXECUTOR);
            queue |= isName(classFile, at, SYNCHRONOUS_QUEUE);
        }
        if (constructions && pool && queue) {
            return true;
        }
        if (executors) {
            for (byte[] name : nameBytes) {
                if (indexOf(classFile, name, 0) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True if {@code name} is at {@code at} and ends there ({@code Executors}, not {@code ExecutorService}). */
    private static boolean isName(byte[] b, int at, byte[] name) {
        int end = at + name.length;
        if (end > b.length) {
            return false;
        }
        for (int j = 0; j < name.length; j++) {
            if (b[at + j] != name[j]) {
                return false;
            }
        }
        if (end == b.length) {
            return true;
        }
        byte next = b[end];
        return !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9')
                || next == '_' || next == '$');
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
