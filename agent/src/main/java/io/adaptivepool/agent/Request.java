package io.adaptivepool.agent;

import io.adaptivepool.agent.bridge.ExecutorsBridge;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;

/**
 * One call the bridge hands over, read: its kind, the pool settings the call itself fixes (a fixed
 * pool's size, a hand-written pool's core size and keep-alive), the caller's thread factory and
 * rejection handler, and how the log line names it.
 */
final class Request {
    final PoolKind kind;
    final SettingValues values = new SettingValues();
    final ThreadFactory threadFactory;
    final RejectedExecutionHandler handler;
    final String description;

    private Request(PoolKind kind, ThreadFactory threadFactory, RejectedExecutionHandler handler, String description) {
        this.kind = kind;
        this.threadFactory = threadFactory;
        this.handler = handler;
        this.description = description;
    }

    /**
     * @param call the factory's name, or {@link ExecutorsBridge#CONSTRUCTOR}
     * @param args as {@code ExecutorsBridge} passes them
     * @throws IllegalArgumentException for a call the bridge does not make
     */
    static Request of(String call, Object[] args) {
        if (call.equals(ExecutorsBridge.CONSTRUCTOR)) {
            int core = (Integer) args[0];
            long keepAliveNanos = (Long) args[1];
            ThreadFactory factory = (ThreadFactory) args[2];
            RejectedExecutionHandler handler = (RejectedExecutionHandler) args[3];
            Request r = new Request(PoolKind.CACHED, factory, handler, call + "(" + core + ", Integer.MAX_VALUE, "
                    + Setting.formatMillis(keepAliveNanos / 1_000_000) + ", SynchronousQueue"
                    + (factory != null ? ", factory" : "") + (handler != null ? ", handler" : "") + ")");
            r.values.put(Setting.MIN_WORKERS, core);
            if (keepAliveNanos > 0) {
                r.values.put(Setting.SCALE_DOWN_IDLE, Duration.ofNanos(keepAliveNanos));
            }
            return r;
        }
        ThreadFactory factory = args.length > 0 && args[args.length - 1] instanceof ThreadFactory
                ? (ThreadFactory) args[args.length - 1] : null;
        String factoryArg = factory != null ? "factory" : "";
        switch (call) {
            case "newCachedThreadPool":
                return new Request(PoolKind.CACHED, factory, null, "Executors." + call + "(" + factoryArg + ")");
            case "newFixedThreadPool": {
                int n = (Integer) args[0];
                Request r = new Request(PoolKind.FIXED, factory, null, "Executors." + call + "(" + n
                        + (factory != null ? ", factory" : "") + ")");
                r.values.put(Setting.MIN_WORKERS, n);
                r.values.put(Setting.MAX_WORKERS, n);
                return r;
            }
            case "newSingleThreadExecutor": {
                Request r = new Request(PoolKind.SINGLE, factory, null, "Executors." + call + "(" + factoryArg + ")");
                r.values.put(Setting.MIN_WORKERS, 0);
                r.values.put(Setting.MAX_WORKERS, 1);
                r.values.put(Setting.STALL_WORKERS, 0);
                return r;
            }
            case "newVirtualThreadPerTaskExecutor":
                return new Request(PoolKind.VIRTUAL, null, null, "Executors." + call + "()");
            default:
                throw new IllegalArgumentException("no such call: " + call);
        }
    }
}
