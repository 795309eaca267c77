package io.adaptivepool.conformance;

import java.time.Duration;

/** The shape of a pool under test: what a ThreadPoolExecutor constructor would be given. */
final class PoolSpec {
    int core = 1;
    int max = 1;
    int capacity = 10;
    Duration keepAlive = Duration.ofSeconds(30);
    /** Saturation refuses at once (the JDK's behaviour); the adaptive pool's default would wait. */
    boolean rejecting;
    /** The adaptive pool's stall guard allowance (the JDK's pool has no such thing); 0: off. */
    int stallWorkers;
    RecordingThreadFactory factory = new RecordingThreadFactory("conformance");

    static PoolSpec of(int core, int max, int capacity) {
        PoolSpec spec = new PoolSpec();
        spec.core = core;
        spec.max = max;
        spec.capacity = capacity;
        return spec;
    }

    PoolSpec keepAlive(Duration keepAlive) {
        this.keepAlive = keepAlive;
        return this;
    }

    PoolSpec rejecting() {
        this.rejecting = true;
        return this;
    }

    PoolSpec stallWorkers(int stallWorkers) {
        this.stallWorkers = stallWorkers;
        return this;
    }

    PoolSpec factory(RecordingThreadFactory factory) {
        this.factory = factory;
        return this;
    }
}
