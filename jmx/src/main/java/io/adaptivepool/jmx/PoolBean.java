package io.adaptivepool.jmx;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * <p>It extends {@link StandardMBean} to give every attribute the description with its unit that the
 * {@link Description} on its getter in {@link AdaptivePoolMXBean} states, and a {@code units} /
 * {@code metricType} descriptor field from the same annotation, which JConsole and VisualVM show. A batch
 * read ({@link #getAttributes(String[])}) takes one snapshot for the whole batch.
 */
final class PoolBean extends StandardMBean implements AdaptivePoolMXBean {
    /**
     * Attribute name to its {@link Description}, read once from the getters of
     * {@link AdaptivePoolMXBean}: the one place where attributes are described.
     */
    static final Map<String, Description> ATTRIBUTES = descriptions();

    private static Map<String, Description> descriptions() {
        Map<String, Description> a = new TreeMap<>();
        for (Method m : AdaptivePoolMXBean.class.getMethods()) {
            Description d = m.getAnnotation(Description.class);
            if (d != null) {
                String name = m.getName();
                a.put(name.substring(name.startsWith("is") ? 2 : 3), d);
            }
        }
        return Collections.unmodifiableMap(a);
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
    public long getMaxSubmitWaitMillis() {
        Optional<Duration> wait = pool.getMaxSubmitWait();
        return wait.isPresent() ? millis(wait.get()) : -1L;
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

    @Override
    public int getStallWorkers() {
        return pool.getStallWorkers();
    }

    @Override
    public void setStallWorkers(int stallWorkers) {
        pool.setStallWorkers(stallWorkers);
    }

    @Override
    public long getStallTimeoutMillis() {
        return millis(pool.getStallTimeout());
    }

    @Override
    public void setStallTimeoutMillis(long stallTimeoutMillis) {
        pool.setStallTimeout(Duration.ofMillis(stallTimeoutMillis));
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

    // ---- stall signals -------------------------------------------------------------------------

    @Override
    public long getOldestQueuedAgeMillis() {
        return millis(metrics().oldestQueuedAge());
    }

    @Override
    public long getLongestRunningMillis() {
        return millis(metrics().longestRunning());
    }

    @Override
    public int getBlockedSubmitters() {
        return metrics().blockedSubmitters();
    }

    @Override
    public int getWorkersOverMax() {
        return metrics().workersOverMax();
    }

    @Override
    public long getStalls() {
        return metrics().stalls();
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
        Description d = ATTRIBUTES.get(info.getName());
        return d != null ? d.value() : super.getDescription(info);
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
            Description d = ATTRIBUTES.get(a.getName());
            Descriptor fields = null;
            if (d != null && !d.units().isEmpty()) {
                fields = !d.metricType().isEmpty()
                        ? new ImmutableDescriptor(new String[] {"units", "metricType"},
                                new Object[] {d.units(), d.metricType()})
                        : new ImmutableDescriptor(new String[] {"units"}, new Object[] {d.units()});
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
