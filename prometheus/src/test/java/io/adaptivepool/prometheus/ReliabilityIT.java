package io.adaptivepool.prometheus;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import io.adaptivepool.PoolSaturatedException;
import io.adaptivepool.PoolShutdownException;
import io.adaptivepool.Saturation;
import io.adaptivepool.ShutdownReport;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import io.adaptivepool.jmx.AdaptivePoolMXBean;
import io.adaptivepool.testing.TestDepth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The executor, its MBean and the side port together, the way production exercises them at once:
 * a pool under a bursty load from eight producers with random task outcomes, while one thread
 * scrapes the side port without pause (each scrape parsed strictly, counters never going back,
 * gauges within the bounds the knobs ever allowed), and another reads every MBean attribute
 * through a JMX proxy and writes random values, valid ones (read back at once) and invalid ones
 * (refused with the builder's exact message, changing nothing). It ends with
 * {@code shutdownGracefully} while the producers still submit, then checks the accounting against
 * the producers' own counts, that the pool's series leave the next scrape and that its MBean is
 * gone.
 *
 * <p>Length: {@code -Dreliability.seconds=N} of load (default 5 times {@link TestDepth#factor()}); seed {@code -Dreliability.seed}.
 */
@Timeout(value = 120)
class ReliabilityIT {
    private static final String POOL = "reliability";
    private static final int PRODUCERS = 8;
    private static final long LOAD_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("reliability.seconds", TestDepth.times(5L)));
    private static final long SEED = Long.getLong("reliability.seed", 20261126L);
    private static final int MAX_MIN = 3;
    private static final int MAX_MAX = 8;
    private static final int MAX_CAPACITY = 400;

    private final AtomicBoolean stopLoad = new AtomicBoolean();
    private final AtomicBoolean stopJmx = new AtomicBoolean();
    private final AtomicBoolean stopScraper = new AtomicBoolean();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    // the producers' own accounting
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong ran = new AtomicLong();
    private final AtomicLong threw = new AtomicLong();
    private final AtomicLong uncaught = new AtomicLong();

    // the highest values the knobs were ever given: the bounds of what a scrape may show
    private final AtomicInteger highestMax = new AtomicInteger();
    private final AtomicInteger highestCapacity = new AtomicInteger();

    @Test
    void poolMBeanAndSidePortHoldTogetherUnderLoadRetuningAndShutdown() throws Exception {
        highestMax.set(4);
        highestCapacity.set(200);
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name(POOL)
                .minWorkers(1).maxWorkers(4).queueCapacity(200).scaleUpThreshold(0.5)
                .scaleCooldown(Duration.ofMillis(5)).scaleDownIdle(Duration.ofMillis(20))
                .saturation(Saturation.BLOCK).maxSubmitWait(Duration.ofMillis(1))
                .threadFactory(r -> {
                    Thread t = new Thread(r, POOL + "-worker");
                    t.setUncaughtExceptionHandler((thread, e) -> uncaught.incrementAndGet()); // tasks that throw, silently
                    return t;
                })
                .build();
        System.out.println("[reliability] seed " + SEED + " (-Dreliability.seed to replay)");
        MBeanServer mbs = MBeanServerFactory.newMBeanServer();
        ObjectName name = AdaptivePoolJmx.register(pool, mbs);
        AdaptivePoolMXBean bean = JMX.newMXBeanProxy(mbs, name, AdaptivePoolMXBean.class);
        MetricsServer server = MetricsServer.builder().host("127.0.0.1").port(0).pools(pool).start();
        try {
            Random seeds = new Random(SEED);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                producers.add(thread("producer-" + p, producer(pool, seeds.nextLong())));
            }
            AtomicInteger scrapes = new AtomicInteger();
            Thread scraper = thread("scraper", scraper(server, scrapes));
            JmxStats jmx = new JmxStats();
            Thread tuner = thread("jmx", jmx(mbs, name, bean, pool, seeds.nextLong(), jmx));

            long end = System.nanoTime() + LOAD_NANOS;
            while (System.nanoTime() - end < 0 && failures.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            stopJmx.set(true); // the JMX client stops first: the bean goes with the pool
            tuner.join(30_000);
            assertFalse(tuner.isAlive(), "the JMX thread ended");
            assertTrue(bean.getMinWorkers() >= 0); // the bean still answers once the writes stop

            // a graceful shutdown while the producers still submit and the scraper still scrapes; the
            // drain time is short, so that queued tasks are usually dropped and reported
            ShutdownReport report = pool.shutdownGracefully(Duration.ofMillis(2));
            stopLoad.set(true);
            for (Thread t : producers) {
                t.join(30_000);
                assertFalse(t.isAlive(), t.getName() + " ended");
            }
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "the pool terminated: " + report);
            int scrapesBeforeEnd = scrapes.get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (scrapes.get() <= scrapesBeforeEnd + 1 && failures.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    fail("the scraper made no progress for 20 s after termination\n" + threadDump());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            stopScraper.set(true);
            scraper.join(30_000);
            assertFalse(scraper.isAlive(), "the scraper ended");
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError(failures.size() + " failure(s) while running; first: " + failures.get(0));
                failures.forEach(e::addSuppressed);
                throw e;
            }

            // accounting, at rest
            PoolMetrics m = pool.metrics();
            assertEquals(accepted.get(), m.jobsSubmitted(), "every accepted submission counted once: " + m);
            assertEquals(m.jobsSubmitted(), m.jobsProcessed() + m.jobsDropped(), "submitted == processed + dropped: " + m);
            assertEquals(report.droppedTasks().size(), m.jobsDropped(), "dropped as reported by shutdownGracefully");
            assertEquals(ran.get(), m.jobsProcessed(), "processed == tasks that ran");
            assertEquals(threw.get(), m.jobsFailed(), "failed == tasks that threw");
            assertEquals(refused.get(), m.jobsRejected(), "rejected == refusals the producers saw");
            assertEquals(0, m.workers());
            assertEquals(0, m.queueDepth());

            // the pool's series leave the next scrape; the server itself carries on
            Exposition after = Exposition.parse004(Http.get(server.port(), "/metrics").body());
            for (String family : TestSupport.CONTRACT_FAMILIES.keySet()) {
                assertTrue(after.families().get(family) == null || after.families().get(family).samples.stream()
                        .noneMatch(s -> POOL.equals(s.label("pool"))), family + " still has the terminated pool");
            }
            assertTrue(after.families().containsKey("jvm_threads_current"), "the JVM's series are still served");
            assertFalse(mbs.isRegistered(name), "the MBean left with its pool");
            assertTrue(jmx.goodWrites.get() > 100 && jmx.badWrites.get() > 100 && jmx.reads.get() > 100, jmx.toString());
            assertTrue(scrapes.get() > 20, "scrapes: " + scrapes.get());
            assertTrue(m.jobsRejectedSaturated() > 0 && m.jobsRejectedShutdown() > 0 && m.jobsFailed() > 0,
                    "the load reached every outcome: " + m);
            System.out.printf("[reliability] %d s, seed %d: submitted %d, processed %d (failed %d), dropped %d,"
                            + " rejected %d (saturated %d, shutdown %d), peak workers %d, scale-ups %d, scale-downs %d;"
                            + " %d scrapes; JMX %s; shutdown %s%n",
                    TimeUnit.NANOSECONDS.toSeconds(LOAD_NANOS), SEED, m.jobsSubmitted(), m.jobsProcessed(), m.jobsFailed(),
                    m.jobsDropped(), m.jobsRejected(), m.jobsRejectedSaturated(), m.jobsRejectedShutdown(),
                    m.peakWorkers(), m.scaleUps(), m.scaleDowns(), scrapes.get(), jmx, report);
        } finally {
            stopLoad.set(true);
            stopJmx.set(true);
            stopScraper.set(true);
            pool.shutdownNow();
            server.close();
        }
    }

    private static String threadDump() {
        StringBuilder dump = new StringBuilder("thread dump:\n");
        for (java.lang.management.ThreadInfo info
                : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(info);
        }
        return dump.toString();
    }

    private Thread thread(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---- load ---------------------------------------------------------------------------------------

    /** Bursts of 1 to 300 submissions by every API, then a pause of up to 5 ms; outcomes at random. */
    private Runnable producer(AdaptivePoolExecutor pool, long seed) {
        return () -> {
            Random r = new Random(seed);
            while (!stopLoad.get()) {
                int burst = 1 + r.nextInt(300);
                for (int i = 0; i < burst && !stopLoad.get(); i++) {
                    submit(pool, r, task(r.nextInt(10), r.nextInt(5000)));
                }
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(r.nextInt(5000)));
            }
        };
    }

    /** 0: throws; 1: throws an Error; 2: interrupts itself; 3: blocks up to 5 ms; else returns. */
    private Runnable task(int outcome, int blockMicros) {
        return () -> {
            ran.incrementAndGet();
            switch (outcome) {
                case 0:
                    threw.incrementAndGet();
                    throw new IllegalStateException("task fails");
                case 1:
                    threw.incrementAndGet();
                    throw new AssertionError("task throws an Error");
                case 2:
                    Thread.currentThread().interrupt();
                    break;
                case 3:
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(blockMicros));
                    break;
                default:
                    break;
            }
        };
    }

    private void submit(AdaptivePoolExecutor pool, Random r, Runnable task) {
        try {
            switch (r.nextInt(4)) {
                case 0:
                    pool.execute(task); // waits up to maxSubmitWait (1 ms)
                    break;
                case 1:
                    pool.execute(task, Duration.ZERO);
                    break;
                case 2:
                    pool.submit(() -> {
                        task.run();
                        return null;
                    }, Duration.ofMillis(r.nextInt(3)));
                    break;
                default:
                    if (!pool.tryExecute(task)) {
                        refused.incrementAndGet();
                        return;
                    }
                    break;
            }
            accepted.incrementAndGet();
        } catch (PoolSaturatedException | PoolShutdownException e) {
            refused.incrementAndGet();
            Thread.interrupted(); // not expected here, but a refusal by interrupt sets the flag again
        }
    }

    // ---- the scraper ------------------------------------------------------------------------------

    private Runnable scraper(MetricsServer server, AtomicInteger scrapes) {
        return () -> {
            Map<String, Double> last = new HashMap<>();
            try {
                while (!stopScraper.get()) {
                    Http.Response response = Http.get(server.port(), "/metrics");
                    assertEquals(200, response.status());
                    Exposition e = Exposition.parse004(response.body()); // strict: syntax, types, histograms
                    check(e, last);
                    scrapes.incrementAndGet();
                }
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        };
    }

    /** Invariants of one scrape, and against the previous one. */
    private void check(Exposition e, Map<String, Double> last) {
        Double workers = e.value("adaptive_pool_workers", "pool", POOL);
        if (workers == null) {
            assertTrue(e.samples("adaptive_pool_workers").isEmpty(), "no other pool is exported");
            return; // terminated: the pool has left
        }
        int maxBound = highestMax.get();
        int capacityBound = highestCapacity.get();
        assertTrue(workers >= 0 && workers <= maxBound, "workers " + workers + " above every max ever set (" + maxBound + ")");
        double busy = e.value("adaptive_pool_workers_busy", "pool", POOL);
        assertTrue(busy >= 0 && busy <= maxBound, "busy " + busy);
        double depth = e.value("adaptive_pool_queue_depth", "pool", POOL);
        assertTrue(depth >= 0 && depth <= capacityBound, "depth " + depth + " above every capacity ever set (" + capacityBound + ")");
        double capacity = e.value("adaptive_pool_queue_capacity", "pool", POOL);
        assertTrue(capacity >= 1 && capacity <= capacityBound, "capacity " + capacity);
        double max = e.value("adaptive_pool_workers_max", "pool", POOL);
        assertTrue(max >= 1 && max <= maxBound, "max " + max);
        double min = e.value("adaptive_pool_workers_min", "pool", POOL);
        assertTrue(min >= 0 && min <= MAX_MIN, "min " + min);
        double submitted = e.value("adaptive_pool_jobs_submitted_total", "pool", POOL);
        double success = e.value("adaptive_pool_jobs_processed_total", "pool", POOL, "outcome", "success");
        double failure = e.value("adaptive_pool_jobs_processed_total", "pool", POOL, "outcome", "failure");
        assertTrue(success + failure <= submitted, "processed " + (success + failure) + " > submitted " + submitted);

        // every counter, and every histogram series, never goes back
        for (String family : List.of("adaptive_pool_jobs_submitted_total", "adaptive_pool_jobs_processed_total",
                "adaptive_pool_jobs_rejected_total", "adaptive_pool_scale_events_total")) {
            for (Exposition.Sample s : e.samples(family)) {
                monotonic(last, s);
            }
        }
        for (String histogram : List.of("adaptive_pool_job_duration_seconds", "adaptive_pool_queue_wait_seconds")) {
            for (String suffix : List.of("_bucket", "_count", "_sum")) {
                for (Exposition.Sample s : e.samples(histogram + suffix)) {
                    monotonic(last, s);
                }
            }
        }
    }

    private static void monotonic(Map<String, Double> last, Exposition.Sample s) {
        String key = s.name() + s.labels();
        Double before = last.put(key, s.value());
        if (before != null && s.value() < before) {
            fail(key + " went back from " + before + " to " + s.value());
        }
    }

    // ---- the JMX client ---------------------------------------------------------------------------

    static final class JmxStats {
        final AtomicLong reads = new AtomicLong();
        final AtomicLong goodWrites = new AtomicLong();
        final AtomicLong badWrites = new AtomicLong();

        @Override
        public String toString() {
            return reads + " full reads, " + goodWrites + " valid writes, " + badWrites + " refused writes";
        }
    }

    private Runnable jmx(MBeanServer mbs, ObjectName name, AdaptivePoolMXBean bean, AdaptivePoolExecutor pool, long seed,
            JmxStats stats) {
        return () -> {
            Random r = new Random(seed);
            Map<String, Long> lastCounters = new HashMap<>();
            try {
                String[] attributes = attributeNames(mbs, name);
                assertEquals(30, attributes.length, "the contract's 30 attributes");
                while (!stopJmx.get()) {
                    readEverything(mbs, name, bean, attributes, lastCounters);
                    stats.reads.incrementAndGet();
                    if (r.nextInt(3) == 0) {
                        badWrite(bean, pool, r);
                        stats.badWrites.incrementAndGet();
                    } else {
                        goodWrite(bean, pool, r);
                        stats.goodWrites.incrementAndGet();
                    }
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(r.nextInt(2000)));
                }
            } catch (Exception e) {
                throw new AssertionError("JMX client failed", e);
            }
        };
    }

    private static String[] attributeNames(MBeanServer mbs, ObjectName name) throws Exception {
        MBeanAttributeInfo[] infos = mbs.getMBeanInfo(name).getAttributes();
        String[] names = new String[infos.length];
        for (int i = 0; i < infos.length; i++) {
            names[i] = infos[i].getName();
        }
        return names;
    }

    /** A batch read of every attribute (as JConsole does), then every getter of the proxy. */
    private void readEverything(MBeanServer mbs, ObjectName name, AdaptivePoolMXBean bean, String[] attributes,
            Map<String, Long> lastCounters) throws Exception {
        AttributeList list = mbs.getAttributes(name, attributes);
        assertEquals(attributes.length, list.size(), "every attribute answered");
        Map<String, Object> values = new HashMap<>();
        for (Attribute a : list.asList()) {
            values.put(a.getName(), a.getValue());
        }
        assertEquals(POOL, values.get("Name"));
        assertEquals("BLOCK", values.get("Saturation"));
        assertEquals(Boolean.FALSE, values.get("Shutdown"));
        long submitted = (Long) values.get("JobsSubmitted");
        long processed = (Long) values.get("JobsProcessed");
        assertTrue((Long) values.get("JobsFailed") <= processed && processed <= submitted, "one batch, one snapshot: " + values);
        assertTrue((Integer) values.get("Workers") <= highestMax.get(), "workers " + values.get("Workers"));
        assertTrue((Integer) values.get("QueueDepth") <= highestCapacity.get(), "depth " + values.get("QueueDepth"));
        for (String counter : List.of("JobsSubmitted", "JobsProcessed", "JobsFailed", "JobsRejected", "ScaleUps",
                "ScaleDowns", "Stalls")) {
            long now = (Long) values.get(counter);
            Long before = lastCounters.put(counter, now);
            assertTrue(before == null || now >= before, counter + " went back from " + before + " to " + now);
        }
        long peak = ((Integer) values.get("PeakWorkers")).longValue();
        Long peakBefore = lastCounters.put("PeakWorkers", peak);
        assertTrue(peakBefore == null || peak >= peakBefore, "PeakWorkers went back");
        assertTrue(peak <= highestMax.get(), "PeakWorkers " + peak + " above every max ever set (" + highestMax.get() + "): " + values);
        for (Object v : values.values()) {
            if (v instanceof Double) {
                assertTrue(!((Double) v).isNaN() && (Double) v >= 0, "a NaN or negative reading: " + values);
            }
        }
        // the proxy's getters, one by one
        bean.getName();
        bean.getSaturation();
        bean.isShutdown();
        bean.getWorkers();
        bean.getBusyWorkers();
        bean.getPeakWorkers();
        bean.getQueueDepth();
        bean.getJobsSubmitted();
        bean.getJobsProcessed();
        bean.getJobsFailed();
        bean.getJobsRejected();
        bean.getAvgJobLatencyMillis();
        bean.getAvgQueueWaitMillis();
        bean.getThroughput();
        bean.getScaleUps();
        bean.getScaleDowns();
        bean.getOldestQueuedAgeMillis();
        bean.getLongestRunningMillis();
        bean.getBlockedSubmitters();
        bean.getWorkersOverMax();
        bean.getStalls();
        bean.getMaxSubmitWaitMillis();
        settings(bean);
    }

    /** The six writable settings, through the proxy. */
    private static List<Object> settings(AdaptivePoolMXBean bean) {
        return List.of(bean.getMinWorkers(), bean.getMaxWorkers(), bean.getQueueCapacity(), bean.getScaleUpThreshold(),
                bean.getScaleCooldownMillis(), bean.getScaleDownIdleMillis());
    }

    /** The same six, from the pool itself. */
    private static List<Object> settings(AdaptivePoolExecutor pool) {
        return List.of(pool.getMinWorkers(), pool.getMaxWorkers(), pool.getQueueCapacity(), pool.getScaleUpThreshold(),
                pool.getScaleCooldown().toMillis(), pool.getScaleDownIdle().toMillis());
    }

    private void goodWrite(AdaptivePoolMXBean bean, AdaptivePoolExecutor pool, Random r) {
        switch (r.nextInt(6)) {
            case 0: {
                int min = r.nextInt(Math.min(MAX_MIN, bean.getMaxWorkers()) + 1);
                bean.setMinWorkers(min);
                assertEquals(min, pool.getMinWorkers());
                break;
            }
            case 1: {
                int low = Math.max(1, bean.getMinWorkers());
                int max = low + r.nextInt(MAX_MAX - low + 1);
                highestMax.accumulateAndGet(max, Math::max); // before the write: a scrape may show it at once
                bean.setMaxWorkers(max);
                assertEquals(max, pool.getMaxWorkers());
                break;
            }
            case 2: {
                int capacity = 1 + r.nextInt(MAX_CAPACITY);
                highestCapacity.accumulateAndGet(capacity, Math::max);
                bean.setQueueCapacity(capacity);
                assertEquals(capacity, pool.getQueueCapacity());
                break;
            }
            case 3: {
                double threshold = r.nextInt(101) / 100.0;
                bean.setScaleUpThreshold(threshold);
                assertEquals(threshold, pool.getScaleUpThreshold());
                break;
            }
            case 4: {
                long cooldown = r.nextInt(21);
                bean.setScaleCooldownMillis(cooldown);
                assertEquals(cooldown, pool.getScaleCooldown().toMillis());
                break;
            }
            default: {
                long idle = 1 + r.nextInt(50);
                bean.setScaleDownIdleMillis(idle);
                assertEquals(idle, pool.getScaleDownIdle().toMillis());
                break;
            }
        }
        assertEquals(settings(pool), settings(bean), "the bean reads what the pool has");
    }

    /** One invalid write, refused with the builder's exact message; no setting changes. */
    private void badWrite(AdaptivePoolMXBean bean, AdaptivePoolExecutor pool, Random r) {
        List<Object> before = settings(pool);
        int min = bean.getMinWorkers();
        int max = bean.getMaxWorkers();
        String expected;
        Runnable write;
        switch (r.nextInt(9)) {
            case 0: {
                int bad = -1 - r.nextInt(1000);
                expected = "minWorkers (" + bad + ") must be >= 0";
                write = () -> bean.setMinWorkers(bad);
                break;
            }
            case 1: {
                int bad = max + 1 + r.nextInt(5);
                expected = "minWorkers (" + bad + ") must be <= maxWorkers (" + max + ")";
                write = () -> bean.setMinWorkers(bad);
                break;
            }
            case 2: {
                int bad = -r.nextInt(3);
                expected = "maxWorkers (" + bad + ") must be >= 1";
                write = () -> bean.setMaxWorkers(bad);
                break;
            }
            case 3: {
                if (min < 2) {
                    bean.setMinWorkers(Math.min(2, max)); // a valid write, so that a max below min exists
                    before = settings(pool);
                    min = pool.getMinWorkers();
                }
                int bad = min - 1;
                expected = bad < 1 ? "maxWorkers (" + bad + ") must be >= 1"
                        : "maxWorkers (" + bad + ") must be >= minWorkers (" + min + ")";
                write = () -> bean.setMaxWorkers(bad);
                break;
            }
            case 4: {
                int bad = -r.nextInt(100);
                expected = "queueCapacity (" + bad + ") must be >= 1";
                write = () -> bean.setQueueCapacity(bad);
                break;
            }
            case 5: {
                double[] bads = {Double.NaN, -0.1, 1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0000001};
                double bad = bads[r.nextInt(bads.length)];
                expected = "scaleUpThreshold (" + bad + ") must be between 0.0 and 1.0";
                write = () -> bean.setScaleUpThreshold(bad);
                break;
            }
            case 6: {
                long bad = -1 - r.nextInt(100_000);
                expected = "scaleCooldown (" + bad + "ms) must be >= 0";
                write = () -> bean.setScaleCooldownMillis(bad);
                break;
            }
            case 7: {
                long bad = -r.nextInt(100_000);
                expected = "scaleDownIdle (" + bad + "ms) must be > 0";
                write = () -> bean.setScaleDownIdleMillis(bad);
                break;
            }
            default: {
                int bad = Integer.MIN_VALUE;
                expected = "queueCapacity (" + bad + ") must be >= 1";
                write = () -> bean.setQueueCapacity(bad);
                break;
            }
        }
        try {
            write.run();
            fail("accepted: " + expected);
        } catch (IllegalArgumentException refusedWrite) {
            assertEquals(expected, refusedWrite.getMessage());
        }
        assertEquals(before, settings(pool), "a refused write changed nothing");
        assertEquals(before, settings(bean), "a refused write changed nothing, as JMX reads it");
    }
}
