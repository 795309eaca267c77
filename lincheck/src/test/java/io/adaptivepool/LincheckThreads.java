package io.adaptivepool;

/**
 * Runs bodies on threads of their own and joins them, inside {@link org.jetbrains.lincheck.Lincheck#runConcurrentTest}:
 * the model checker controls the threads started there, explores their interleavings, and reports
 * a body that throws, or threads that all wait with no one left to wake them (a lost wake-up), with
 * the interleaving that led there.
 */
final class LincheckThreads {
    /** A thread's body, which may wait and so may be interrupted. */
    interface Body {
        void run() throws Exception;
    }

    private LincheckThreads() {
    }

    static void concurrently(Body... bodies) {
        Thread[] threads = new Thread[bodies.length];
        Throwable[] failures = new Throwable[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            Body body = bodies[i];
            int k = i;
            threads[i] = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failures[k] = e;
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            join(t);
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new AssertionError("a thread failed: " + failure, failure);
            }
        }
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while joining " + t.getName(), e);
        }
    }
}
