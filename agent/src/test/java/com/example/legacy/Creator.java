package com.example.legacy;

import io.adaptivepool.agent.bridge.ExecutorsBridge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/** A call site as rewritten code has it: a direct call of the bridge, from a class outside the agent. */
public final class Creator {
    private Creator() {
    }

    public static ExecutorService create() {
        return ExecutorsBridge.newCachedThreadPool();
    }

    public static ExecutorService create(ThreadFactory factory) {
        return ExecutorsBridge.newCachedThreadPool(factory);
    }
}
