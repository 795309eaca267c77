package io.adaptivepool;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Makes the engine's own threads that serve every pool or act for one: the watch, its line
 * writer, the guard's starters. Each is an unstarted daemon with no context class loader and no
 * inheritable thread-locals of the thread that happens to make it, in the thread group asked for.
 */
final class WatchThreads {
    /*
     * A new thread copies its maker's inheritable thread-locals (a tenant, an MDC map, a security
     * context). The watch is made by whichever thread builds the JVM's first pool, and the guard's
     * starters by the watch, so copied values would travel from one application to another pool's
     * workers. Java 9 added Thread(ThreadGroup, Runnable, String, long, boolean inheritThreadLocals);
     * the library is compiled for Java 8, so it is found by reflection, once. On Java 8 there is
     * no such constructor and a thread copies its maker's values: the watch then carries those of
     * the thread that built the first pool, and the guard's workers those of the watch.
     *
     * A thread group may refuse a new thread: destroyed (before Java 19 a daemon group is
     * destroyed when its last thread ends), or a security manager denies access to it. The thread
     * is then made in the group of the thread that makes it.
     */
    private static final Constructor<Thread> NO_INHERITANCE = noInheritance();

    private WatchThreads() {
    }

    private static Constructor<Thread> noInheritance() {
        try {
            return Thread.class.getConstructor(ThreadGroup.class, Runnable.class, String.class, long.class,
                    boolean.class);
        } catch (NoSuchMethodException | RuntimeException java8) {
            return null;
        }
    }

    /** True if the threads made here do not copy their maker's inheritable thread-locals (Java 9 and later). */
    static boolean withoutInheritance() {
        return NO_INHERITANCE != null;
    }

    /**
     * An unstarted daemon thread running {@code task}, in {@code group} if it takes one (null: the
     * maker's group).
     */
    static Thread make(ThreadGroup group, Runnable task, String name) {
        Thread t;
        try {
            t = make0(group, task, name);
        } catch (IllegalThreadStateException | SecurityException refused) {
            t = make0(null, task, name);
        }
        t.setDaemon(true);
        t.setContextClassLoader(null);
        return t;
    }

    private static Thread make0(ThreadGroup group, Runnable task, String name) {
        if (NO_INHERITANCE == null) {
            return new Thread(group, task, name);
        }
        try {
            return NO_INHERITANCE.newInstance(group, task, name, 0L, false);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("could not make thread " + name + ": " + cause, cause);
        } catch (InstantiationException | IllegalAccessException e) {
            return new Thread(group, task, name);
        }
    }
}
