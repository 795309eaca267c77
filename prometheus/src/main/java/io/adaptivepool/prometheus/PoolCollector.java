package io.adaptivepool.prometheus;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.HistogramSnapshot;
import io.adaptivepool.ModuleLog;
import io.adaptivepool.PoolMetrics;
import io.adaptivepool.PoolNames;
import io.prometheus.client.Collector;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The one collector of a registry: exports every pool added to it, labelled {@code pool}.
 *
 * <p>Scrape time only: {@link #collect()} takes one {@link AdaptivePoolExecutor#metrics()} snapshot
 * per pool and turns it into samples; nothing runs per task.
 *
 * <p>Lifetime: pools are held weakly, so a pool that the application dropped without shutting it
 * down (and whose workers have all ended) leaves after garbage collection instead of leaking.
 * A pool leaves at once when it terminates (a termination listener), and a terminated pool is
 * skipped at scrape time in any case.
 *
 * <p>Labels: the {@code pool} label is the pool's name, fixed when the pool is added. If another
 * live pool of this collector already has that name, the newcomer is exported as
 * {@code name#2} (then {@code #3}...), so that the exposition never holds two series with the
 * same labels, which Prometheus would drop.
 *
 * <p>Concurrency: the entry list is guarded by {@code this}; scrapes copy it and read the pools
 * outside the lock, so a slow scrape never blocks registration.
 */
final class PoolCollector extends Collector implements Collector.Describable {
    private static final ModuleLog LOG = ModuleLog.of(PoolCollector.class);

    static final String WORKERS = "adaptive_pool_workers";
    static final String WORKERS_BUSY = "adaptive_pool_workers_busy";
    static final String WORKERS_MIN = "adaptive_pool_workers_min";
    static final String WORKERS_MAX = "adaptive_pool_workers_max";
    static final String QUEUE_DEPTH = "adaptive_pool_queue_depth";
    static final String QUEUE_CAPACITY = "adaptive_pool_queue_capacity";
    /** Counter family names are given without {@code _total}; the samples carry it. */
    static final String JOBS_SUBMITTED = "adaptive_pool_jobs_submitted";
    static final String JOBS_PROCESSED = "adaptive_pool_jobs_processed";
    static final String JOBS_REJECTED = "adaptive_pool_jobs_rejected";
    static final String SCALE_EVENTS = "adaptive_pool_scale_events";
    static final String JOB_DURATION = "adaptive_pool_job_duration_seconds";
    static final String QUEUE_WAIT = "adaptive_pool_queue_wait_seconds";
    static final String QUEUE_OLDEST_AGE = "adaptive_pool_queue_oldest_age_seconds";
    static final String TASK_LONGEST_RUNNING = "adaptive_pool_task_longest_running_seconds";
    static final String SUBMITTERS_BLOCKED = "adaptive_pool_submitters_blocked";
    static final String WORKERS_OVER_MAX = "adaptive_pool_workers_over_max";
    static final String STALLS = "adaptive_pool_stalls";
    static final String STALLED = "adaptive_pool_stalled";

    private static final String POOL = "pool";
    private static final List<String> POOL_ONLY = Collections.singletonList(POOL);
    private static final List<String> POOL_OUTCOME = Arrays.asList(POOL, "outcome");
    private static final List<String> POOL_REASON = Arrays.asList(POOL, "reason");
    private static final List<String> POOL_DIRECTION = Arrays.asList(POOL, "direction");
    private static final List<String> POOL_LE = Arrays.asList(POOL, "le");

    /** Guarded by {@code this}; in the order the pools were added. */
    private final List<Entry> entries = new ArrayList<Entry>();

    /**
     * Adds {@code pool}, or does nothing if it is already here.
     *
     * @return the value of its {@code pool} label
     */
    String add(AdaptivePoolExecutor pool) {
        Entry entry;
        synchronized (this) {
            Entry existing = find(pool);
            if (existing != null) {
                return existing.label;
            }
            entry = new Entry(this, pool, uniqueLabel(pool.getName()));
            entries.add(entry);
        }
        if (!entry.label.equals(pool.getName())) {
            LOG.warning("another pool named '" + pool.getName() + "' is already exported; this one is exported as pool=\""
                    + entry.label + "\"");
        }
        // Outside the lock: on a pool that has already terminated the listener runs here, at once.
        pool.addTerminationListener(entry);
        return entry.label;
    }

    /**
     * Removes {@code pool}.
     *
     * @return false if it was not here
     */
    boolean remove(AdaptivePoolExecutor pool) {
        Entry entry;
        synchronized (this) {
            entry = find(pool);
            if (entry == null) {
                return false;
            }
            entries.remove(entry);
        }
        pool.removeTerminationListener(entry);
        return true;
    }

    /** Removes every pool, and this collector's termination listeners from them. */
    void removeAll() {
        List<Entry> removed;
        synchronized (this) {
            removed = new ArrayList<Entry>(entries);
            entries.clear();
        }
        for (Entry e : removed) {
            AdaptivePoolExecutor pool = e.get();
            if (pool != null) {
                pool.removeTerminationListener(e);
            }
        }
    }

    private synchronized void removeEntry(Entry entry) {
        entries.remove(entry);
    }

    /** The entry of {@code pool}, dropping entries whose pool was collected. Caller holds the lock. */
    private Entry find(AdaptivePoolExecutor pool) {
        Entry found = null;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            AdaptivePoolExecutor p = e.get();
            if (p == null) {
                it.remove();
            } else if (p == pool) {
                found = e;
            }
        }
        return found;
    }

    /**
     * The label of a pool named {@code name}: the rule of {@link PoolNames}, as JMX names it.
     * Caller holds the lock, and {@link #find} has just dropped collected entries.
     */
    private String uniqueLabel(String name) {
        Set<String> taken = new HashSet<String>();
        for (Entry e : entries) {
            taken.add(e.label);
        }
        return PoolNames.firstFree(name, taken::contains);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<Entry> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<Entry>(entries);
        }
        Families f = new Families();
        int exported = 0;
        for (Entry e : snapshot) {
            AdaptivePoolExecutor pool = e.get();
            if (pool == null || pool.isTerminated()) {
                continue;
            }
            f.add(e.label, pool.metrics(), pool.isMetricsEnabled());
            exported++;
        }
        return exported == 0 ? Collections.<MetricFamilySamples>emptyList() : f.list();
    }

    /** The families with no samples, so that registries reserve the names even before a pool is added. */
    @Override
    public List<MetricFamilySamples> describe() {
        return new Families().list();
    }

    /** The families of the contract, filled pool by pool. */
    private static final class Families {
        final MetricFamilySamples workers = gauge(WORKERS, "Worker threads alive in the pool.");
        final MetricFamilySamples busy = gauge(WORKERS_BUSY, "Workers running a task now.");
        final MetricFamilySamples min = gauge(WORKERS_MIN, "Configured minimum number of workers.");
        final MetricFamilySamples max = gauge(WORKERS_MAX, "Configured maximum number of workers.");
        final MetricFamilySamples depth = gauge(QUEUE_DEPTH, "Tasks waiting in the pool's queue.");
        final MetricFamilySamples capacity = gauge(QUEUE_CAPACITY, "Capacity of the pool's queue, in tasks.");
        final MetricFamilySamples submitted = counter(JOBS_SUBMITTED,
                "Tasks accepted by the pool, including those run by the caller under CALLER_RUNS.");
        final MetricFamilySamples processed = counter(JOBS_PROCESSED,
                "Tasks that finished running, by outcome: success (returned) or failure (threw).");
        final MetricFamilySamples rejected = counter(JOBS_REJECTED,
                "Submissions refused, by reason: saturated (queue full at max workers) or shutdown.");
        final MetricFamilySamples durations = histogram(JOB_DURATION, "Job duration (execution time: from a worker"
                + " starting a task until it returns or throws) of finished tasks, in seconds.");
        final MetricFamilySamples waits = histogram(QUEUE_WAIT,
                "Queue wait (time from acceptance to start) of started tasks, in seconds.");
        final MetricFamilySamples scaling = counter(SCALE_EVENTS, "Workers started above the minimum by scaling up"
                + " (direction=up); workers retired while the pool runs (direction=down): idle workers above the"
                + " minimum, and workers retired because the maximum was lowered.");
        final MetricFamilySamples oldestAge = seconds(QUEUE_OLDEST_AGE, "How long the oldest queued task has waited"
                + " so far, in seconds (to within about 0.25 s); 0 when the queue is empty. Rises while the queue is"
                + " stalled, when the queue wait histogram sees no task start.");
        final MetricFamilySamples longestRunning = seconds(TASK_LONGEST_RUNNING, "How long the longest-running task"
                + " now running has run, in seconds (to within about 0.25 s); 0 when no worker is busy.");
        final MetricFamilySamples blocked = gauge(SUBMITTERS_BLOCKED,
                "Submitters (threads) waiting now for room in the queue: BLOCK mode, or a submission with a maximum wait.");
        final MetricFamilySamples overMax = gauge(WORKERS_OVER_MAX, "Workers above the configured maximum: added by"
                + " the stall guard (at most stallWorkers), or not yet retired after the maximum was lowered.");
        final MetricFamilySamples stalls = counter(STALLS, "Stalls: episodes in which tasks were queued and none"
                + " started for the pool's stall timeout, whether or not the stall guard was on to add workers.");
        final MetricFamilySamples stalled = gauge(STALLED, "1 while the pool is in a stall (from its start until"
                + " the queue drains or tasks start at the pool's pace again), else 0.");

        void add(String pool, PoolMetrics m, boolean timed) {
            List<String> label = Collections.singletonList(pool);
            sample(workers, POOL_ONLY, label, m.workers());
            sample(busy, POOL_ONLY, label, m.busyWorkers());
            sample(min, POOL_ONLY, label, m.minWorkers());
            sample(max, POOL_ONLY, label, m.maxWorkers());
            sample(depth, POOL_ONLY, label, m.queueDepth());
            sample(capacity, POOL_ONLY, label, m.queueCapacity());
            total(submitted, POOL_ONLY, label, m.jobsSubmitted());
            total(processed, POOL_OUTCOME, Arrays.asList(pool, "success"), m.jobsSucceeded());
            total(processed, POOL_OUTCOME, Arrays.asList(pool, "failure"), m.jobsFailed());
            total(rejected, POOL_REASON, Arrays.asList(pool, "saturated"), m.jobsRejectedSaturated());
            total(rejected, POOL_REASON, Arrays.asList(pool, "shutdown"), m.jobsRejectedShutdown());
            if (timed) { // a pool built with metricsEnabled(false) records no timings: export none rather than zeros
                buckets(durations, pool, label, m.jobDuration());
                buckets(waits, pool, label, m.queueWait());
            }
            total(scaling, POOL_DIRECTION, Arrays.asList(pool, "up"), m.scaleUps());
            total(scaling, POOL_DIRECTION, Arrays.asList(pool, "down"), m.scaleDowns());
            sample(oldestAge, POOL_ONLY, label, seconds(m.oldestQueuedAge()));
            sample(longestRunning, POOL_ONLY, label, seconds(m.longestRunning()));
            sample(blocked, POOL_ONLY, label, m.blockedSubmitters());
            sample(overMax, POOL_ONLY, label, m.workersOverMax());
            total(stalls, POOL_ONLY, label, m.stalls());
            sample(stalled, POOL_ONLY, label, m.stalled() ? 1 : 0);
        }

        List<MetricFamilySamples> list() {
            return Arrays.asList(workers, busy, min, max, depth, capacity, submitted, processed, rejected,
                    durations, waits, scaling, oldestAge, longestRunning, blocked, overMax, stalls, stalled);
        }

        /** A duration in seconds, to the nanosecond (a duration beyond a long of nanoseconds is not expected). */
        private static double seconds(java.time.Duration d) {
            return d.getSeconds() + d.getNano() / 1e9;
        }

        private static void sample(MetricFamilySamples family, List<String> names, List<String> values, double value) {
            family.samples.add(new MetricFamilySamples.Sample(family.name, names, values, value));
        }

        private static void total(MetricFamilySamples family, List<String> names, List<String> values, double value) {
            family.samples.add(new MetricFamilySamples.Sample(family.name + "_total", names, values, value));
        }

        private static void buckets(MetricFamilySamples family, String pool, List<String> label, HistogramSnapshot h) {
            double[] bounds = h.upperBoundsSeconds();
            long[] cumulative = h.cumulativeCounts();
            String bucket = family.name + "_bucket";
            for (int i = 0; i < cumulative.length; i++) {
                String le = i < bounds.length ? doubleToGoString(bounds[i]) : "+Inf";
                family.samples.add(new MetricFamilySamples.Sample(bucket, POOL_LE, Arrays.asList(pool, le), cumulative[i]));
            }
            // _count equals the +Inf bucket by construction: both come from the same snapshot
            family.samples.add(new MetricFamilySamples.Sample(family.name + "_count", POOL_ONLY, label,
                    cumulative[cumulative.length - 1]));
            family.samples.add(new MetricFamilySamples.Sample(family.name + "_sum", POOL_ONLY, label, h.sumSeconds()));
        }

        private static MetricFamilySamples gauge(String name, String help) {
            return new MetricFamilySamples(name, Type.GAUGE, help, new ArrayList<MetricFamilySamples.Sample>());
        }

        private static MetricFamilySamples counter(String name, String help) {
            return new MetricFamilySamples(name, Type.COUNTER, help, new ArrayList<MetricFamilySamples.Sample>());
        }

        /** A gauge in seconds: OpenMetrics writes its {@code # UNIT seconds}. */
        private static MetricFamilySamples seconds(String name, String help) {
            return new MetricFamilySamples(name, "seconds", Type.GAUGE, help, new ArrayList<MetricFamilySamples.Sample>());
        }

        private static MetricFamilySamples histogram(String name, String help) {
            return new MetricFamilySamples(name, "seconds", Type.HISTOGRAM, help,
                    new ArrayList<MetricFamilySamples.Sample>());
        }
    }

    /** One pool: a weak reference to it, its label, and the listener that removes it on termination. */
    private static final class Entry extends WeakReference<AdaptivePoolExecutor> implements Runnable {
        private final PoolCollector owner;
        final String label;

        Entry(PoolCollector owner, AdaptivePoolExecutor pool, String label) {
            super(pool);
            this.owner = owner;
            this.label = label;
        }

        /** Termination listener. */
        @Override
        public void run() {
            owner.removeEntry(this);
        }
    }
}
