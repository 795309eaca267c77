package com.example.kinds;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A construction with a branch among its arguments: a frame names its NEW, so the class stays as it is. */
public class Branchy {
    public static ThreadPoolExecutor make(boolean quick) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, quick ? 1L : 60L, TimeUnit.SECONDS,
                new SynchronousQueue<Runnable>());
    }
}
