package io.adaptivepool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The thread factory of an engine under the model checker: plain threads, made inside the test so
 * that the model checker controls them, each kept so that the test can join them all at its end
 * (the model checker waits for every thread it saw start).
 */
final class WorkerThreads implements ThreadFactory {
    private final String name;
    private final List<Thread> threads = new ArrayList<>();

    WorkerThreads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, name);
        synchronized (threads) {
            threads.add(t);
        }
        return t;
    }

    /** Joins every thread made, those made while it joins too. */
    void joinAll() {
        for (int i = 0; ; i++) {
            Thread t;
            synchronized (threads) {
                if (i == threads.size()) {
                    return;
                }
                t = threads.get(i);
            }
            LincheckThreads.join(t);
        }
    }
}
