package io.adaptivepool.jmx;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.AttributeList;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;

/**
 * The MXBean of one pool on one MBean server. Writes go to the pool's live setters, which validate
 * and apply all or nothing; reads come from {@link AdaptivePoolExecutor#metrics()} snapshots and
 * volatile getters, never from anything that waits for the pool (the executor's own
 * {@code getPoolSize()} and {@code getActiveCount()} take its main lock, so they are not used).
 *
 * <p>It extends {@link StandardMBean} to give every attribute a description with its unit, and a
 * {@code units} / {@code metricType} descriptor field, which JConsole and VisualVM show. A batch
 * read ({@link #getAttributes(String[])}) takes one snapshot for the whole batch.
 */
final class PoolBean extends StandardMBean implements AdaptivePoolMXBean {
    /** Description, descriptor units (null for text), descriptor metricType (null for settings). */
    static final Map<String, String[]> ATTRIBUTES;

    static {
        Map<String, String[]> a = new LinkedHashMap<>();
        attr(a, "Name", "The pool's name, from its builder; worker threads are named after it. Unit: none (text).",
                null, null);
        attr(a, "Saturation", "What a submission does when the queue is full and workers are at max: BLOCK (wait"
                + " for room), REJECT (refuse at once) or CALLER_RUNS (run it in the submitting thread)."
                + " Unit: none (text).", null, null);
        attr(a, "Shutdown", "True once the pool has been shut down: it refuses new tasks and drains."
                + " Unit: none (boolean).", null, null);
        attr(a, "MinWorkers", "Minimum workers kept alive while the pool runs; raising it starts the missing"
                + " workers at once. Unit: threads. Writable: an integer >= 0 and <= MaxWorkers.", "threads", null);
        attr(a, "MaxWorkers", "Maximum workers that may run at once; raising it starts workers for queued tasks at"
                + " once, lowering it retires the extra workers as they finish their current task. Unit: threads."
                + " Writable: an integer >= 1 and >= MinWorkers.", "threads", null);
        attr(a, "QueueCapacity", "How many tasks may wait in the queue; shrinking it drops no queued task, it refuses"
                + " new ones until the depth falls under it. Unit: tasks. Writable: an integer >= 1.", "tasks", null);
        attr(a, "ScaleUpThreshold", "Queue fill ratio (depth / capacity) at or above which a submission scales the"
                + " pool up; 0 is eager (a worker whenever a task would wait and none is idle). Unit: ratio."
                + " Writable: 0.0 to 1.0.", "ratio", null);
        attr(a, "ScaleCooldownMillis", "Spacing between threshold-driven scale-up steps, and between retirements."
                + " Unit: milliseconds. Writable: >= 0.", "milliseconds", null);
        attr(a, "ScaleDownIdleMillis", "How long a worker above the minimum stays idle before it may retire."
                + " Unit: milliseconds. Writable: > 0.", "milliseconds", null);
        attr(a, "Workers", "Worker threads alive now. Unit: threads. Point-in-time reading.", "threads", "gauge");
        attr(a, "BusyWorkers", "Workers running a task now. Unit: threads. Point-in-time reading.", "threads", "gauge");
        attr(a, "PeakWorkers", "Most workers alive at once since the pool was built. Unit: threads.", "threads",
                "gauge");
        attr(a, "QueueDepth", "Tasks waiting in the queue now. Unit: tasks. Point-in-time reading.", "tasks", "gauge");
        attr(a, "JobsSubmitted", "Tasks accepted since the pool was built (including those run in the caller by"
                + " CALLER_RUNS). Unit: tasks, cumulative count.", "tasks", "counter");
        attr(a, "JobsProcessed", "Tasks that finished running, successfully or not, since the pool was built."
                + " Unit: tasks, cumulative count.", "tasks", "counter");
        attr(a, "JobsFailed", "Tasks that finished by throwing, since the pool was built. Unit: tasks, cumulative"
                + " count.", "tasks", "counter");
        attr(a, "JobsRejected", "Submissions refused since the pool was built, for saturation or shutdown."
                + " Unit: tasks, cumulative count.", "tasks", "counter");
        attr(a, "AvgJobLatencyMillis", "Mean execution time of the tasks that finished in the last ~10 s; 0 when"
                + " none did or timings are disabled. Unit: milliseconds.", "milliseconds", "gauge");
        attr(a, "AvgQueueWaitMillis", "Mean time from acceptance to start of the tasks that started in the last"
                + " ~10 s; 0 when none did or timings are disabled. Unit: milliseconds.", "milliseconds", "gauge");
        attr(a, "Throughput", "Tasks finished per second over the last 10 to 11 s (since start when the pool is"
                + " younger). Unit: tasks per second.", "tasks/s", "gauge");
        attr(a, "ScaleUps", "Workers started above the minimum by scaling up, since the pool was built."
                + " Unit: threads, cumulative count.", "threads", "counter");
        attr(a, "ScaleDowns", "Workers retired while the pool was running, since it was built. Unit: threads,"
                + " cumulative count.", "threads", "counter");
        ATTRIBUTES = Collections.unmodifiableMap(a);
    }

    private static void attr(Map<String, String[]> a, String name, String description, String units, String type) {
        a.put(name, new String[] {description, units, type});
    }

    private final AdaptivePoolExecutor pool;
    private final MBeanServer server;
    /** Set under AdaptivePoolJmx's lock once registered. */
    private volatile ObjectName objectName;
    /** The snapshot shared by the attributes of one batch read on this thread; holds null until first needed. */
    private final ThreadLocal<PoolMetrics[]> batch = new ThreadLocal<>();
    private volatile MBeanInfo info;

    PoolBean(AdaptivePoolExecutor pool, MBeanServer server) {
        super(AdaptivePoolMXBean.class, true);
        this.pool = pool;
        this.server = server;
    }

    AdaptivePoolExecutor pool() {
        return pool;
    }

    MBeanServer server() {
        return server;
    }

    ObjectName objectName() {
        return objectName;
    }

    void objectName(ObjectName objectName) {
        this.objectName = objectName;
    }

    // ---- identity ------------------------------------------------------------------------------

    @Override
    public String getName() {
        return pool.getName();
    }

    @Override
    public String getSaturation() {
        return pool.getSaturation().name();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    // ---- tuning --------------------------------------------------------------------------------

    @Override
    public int getMinWorkers() {
        return pool.getMinWorkers();
    }

    @Override
    public void setMinWorkers(int minWorkers) {
        pool.setMinWorkers(minWorkers);
    }

    @Override
    public int getMaxWorkers() {
        return pool.getMaxWorkers();
    }

    @Override
    public void setMaxWorkers(int maxWorkers) {
        pool.setMaxWorkers(maxWorkers);
    }

    @Override
    public int getQueueCapacity() {
        return pool.getQueueCapacity();
    }

    @Override
    public void setQueueCapacity(int queueCapacity) {
        pool.setQueueCapacity(queueCapacity);
    }

    @Override
    public double getScaleUpThreshold() {
        return pool.getScaleUpThreshold();
    }

    @Override
    public void setScaleUpThreshold(double scaleUpThreshold) {
        pool.setScaleUpThreshold(scaleUpThreshold);
    }

    @Override
    public long getScaleCooldownMillis() {
        return millis(pool.getScaleCooldown());
    }

    @Override
    public void setScaleCooldownMillis(long scaleCooldownMillis) {
        pool.setScaleCooldown(Duration.ofMillis(scaleCooldownMillis));
    }

    @Override
    public long getScaleDownIdleMillis() {
        return millis(pool.getScaleDownIdle());
    }

    @Override
    public void setScaleDownIdleMillis(long scaleDownIdleMillis) {
        pool.setScaleDownIdle(Duration.ofMillis(scaleDownIdleMillis));
    }

    // ---- statistics ----------------------------------------------------------------------------

    @Override
    public int getWorkers() {
        return metrics().workers();
    }

    @Override
    public int getBusyWorkers() {
        return metrics().busyWorkers();
    }

    @Override
    public int getPeakWorkers() {
        return metrics().peakWorkers();
    }

    @Override
    public int getQueueDepth() {
        return metrics().queueDepth();
    }

    @Override
    public long getJobsSubmitted() {
        return metrics().jobsSubmitted();
    }

    @Override
    public long getJobsProcessed() {
        return metrics().jobsProcessed();
    }

    @Override
    public long getJobsFailed() {
        return metrics().jobsFailed();
    }

    @Override
    public long getJobsRejected() {
        return metrics().jobsRejected();
    }

    @Override
    public double getAvgJobLatencyMillis() {
        return metrics().avgJobLatency().toNanos() / 1e6;
    }

    @Override
    public double getAvgQueueWaitMillis() {
        return metrics().avgQueueWait().toNanos() / 1e6;
    }

    @Override
    public double getThroughput() {
        return metrics().throughput();
    }

    @Override
    public long getScaleUps() {
        return metrics().scaleUps();
    }

    @Override
    public long getScaleDowns() {
        return metrics().scaleDowns();
    }

    /** One snapshot per attribute read, or one per batch read. */
    private PoolMetrics metrics() {
        PoolMetrics[] held = batch.get();
        if (held == null) {
            return pool.metrics();
        }
        if (held[0] == null) {
            held[0] = pool.metrics();
        }
        return held[0];
    }

    /** Reads the attributes from one snapshot, so that they agree with each other. */
    @Override
    public AttributeList getAttributes(String[] attributes) {
        if (batch.get() != null) {
            return super.getAttributes(attributes);
        }
        batch.set(new PoolMetrics[1]);
        try {
            return super.getAttributes(attributes);
        } finally {
            batch.remove();
        }
    }

    /** Saturated: a duration too long for a long number of milliseconds reads as the largest one. */
    static long millis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    // ---- MBeanInfo -----------------------------------------------------------------------------

    @Override
    protected String getDescription(MBeanInfo info) {
        return "An adaptive pool (io.adaptivepool.AdaptivePoolExecutor): live statistics, and live tuning of"
                + " workers, queue capacity and scaling. A write is validated like the builder, applied at once,"
                + " and all or nothing.";
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        String[] meta = ATTRIBUTES.get(info.getName());
        return meta != null ? meta[0] : super.getDescription(info);
    }

    /** The standard info with descriptions, plus {@code units} and {@code metricType} descriptor fields. */
    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanInfo cached = info;
        if (cached == null) {
            cached = withDescriptorFields(super.getMBeanInfo());
            info = cached;
        }
        return cached;
    }

    private static MBeanInfo withDescriptorFields(MBeanInfo base) {
        MBeanAttributeInfo[] attributes = base.getAttributes();
        MBeanAttributeInfo[] out = new MBeanAttributeInfo[attributes.length];
        for (int i = 0; i < attributes.length; i++) {
            MBeanAttributeInfo a = attributes[i];
            String[] meta = ATTRIBUTES.get(a.getName());
            Descriptor fields = null;
            if (meta != null && meta[1] != null) {
                fields = meta[2] != null
                        ? new ImmutableDescriptor(new String[] {"units", "metricType"}, new Object[] {meta[1], meta[2]})
                        : new ImmutableDescriptor(new String[] {"units"}, new Object[] {meta[1]});
            }
            if (fields == null) {
                out[i] = a;
            } else if (a instanceof OpenMBeanAttributeInfo) {
                out[i] = new OpenMBeanAttributeInfoSupport(a.getName(), a.getDescription(),
                        ((OpenMBeanAttributeInfo) a).getOpenType(), a.isReadable(), a.isWritable(), a.isIs(),
                        ImmutableDescriptor.union(a.getDescriptor(), fields));
            } else {
                out[i] = new MBeanAttributeInfo(a.getName(), a.getType(), a.getDescription(), a.isReadable(),
                        a.isWritable(), a.isIs(), ImmutableDescriptor.union(a.getDescriptor(), fields));
            }
        }
        return new MBeanInfo(base.getClassName(), base.getDescription(), out, base.getConstructors(),
                base.getOperations(), base.getNotifications(), base.getDescriptor());
    }

    // ---- registration --------------------------------------------------------------------------

    /** Also called when someone else unregisters the bean: forgets it, so that a new register() registers again. */
    @Override
    public void postDeregister() {
        super.postDeregister();
        AdaptivePoolJmx.forget(this);
    }
}
