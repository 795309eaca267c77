package io.adaptivepool.agent.cli;

import java.util.Map;

/**
 * One pool's readings, from one batch read of its MBean (so they agree with each other). A value
 * is null when the pool's version has no such attribute (an older pool in the target JVM).
 */
final class PoolSnapshot {
    /** The attributes read, in the order the JSON lists them. */
    static final String[] ATTRIBUTES = {
        "Workers", "BusyWorkers", "MinWorkers", "MaxWorkers", "QueueDepth", "QueueCapacity",
        "OldestQueuedAgeMillis", "Throughput", "JobsSubmitted", "JobsProcessed", "JobsFailed", "JobsRejected",
        "Saturation", "Shutdown", "Stalls", "WorkersOverMax",
    };

    /** The {@code name} key of the MBean's ObjectName: the pool's name ({@code #2} added for a repeat). */
    final String name;
    final Integer workers;
    final Integer busyWorkers;
    final Integer minWorkers;
    final Integer maxWorkers;
    final Integer queueDepth;
    final Integer queueCapacity;
    final Long oldestQueuedAgeMillis;
    final Double throughput;
    final Long jobsSubmitted;
    final Long jobsProcessed;
    final Long jobsFailed;
    final Long jobsRejected;
    final String saturation;
    final Boolean shutdown;
    /** Stall episodes so far, and workers the stall guard keeps above max now. */
    final Long stalls;
    final Integer workersOverMax;

    PoolSnapshot(String name, Map<String, Object> values) {
        this.name = name;
        this.workers = intOrNull(values.get("Workers"));
        this.busyWorkers = intOrNull(values.get("BusyWorkers"));
        this.minWorkers = intOrNull(values.get("MinWorkers"));
        this.maxWorkers = intOrNull(values.get("MaxWorkers"));
        this.queueDepth = intOrNull(values.get("QueueDepth"));
        this.queueCapacity = intOrNull(values.get("QueueCapacity"));
        this.oldestQueuedAgeMillis = longOrNull(values.get("OldestQueuedAgeMillis"));
        this.throughput = values.get("Throughput") instanceof Number
                ? Double.valueOf(((Number) values.get("Throughput")).doubleValue()) : null;
        this.jobsSubmitted = longOrNull(values.get("JobsSubmitted"));
        this.jobsProcessed = longOrNull(values.get("JobsProcessed"));
        this.jobsFailed = longOrNull(values.get("JobsFailed"));
        this.jobsRejected = longOrNull(values.get("JobsRejected"));
        Object saturationValue = values.get("Saturation");
        this.saturation = saturationValue == null ? null : String.valueOf(saturationValue);
        Object shutdownValue = values.get("Shutdown");
        this.shutdown = shutdownValue instanceof Boolean ? (Boolean) shutdownValue : null;
        this.stalls = longOrNull(values.get("Stalls"));
        this.workersOverMax = intOrNull(values.get("WorkersOverMax"));
    }

    private static Integer intOrNull(Object value) {
        return value instanceof Number ? Integer.valueOf(((Number) value).intValue()) : null;
    }

    private static Long longOrNull(Object value) {
        return value instanceof Number ? Long.valueOf(((Number) value).longValue()) : null;
    }
}
