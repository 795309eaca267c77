package io.adaptivepool.agent;

import io.adaptivepool.testing.Await;

import com.example.legacy.Creator;
import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import io.adaptivepool.agent.bridge.ExecutorsBridge;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replacement pools themselves: settings, the cached pool's contract, JMX, failures. */
@Timeout(60)
class PoolFactoryTest {
    private static final String SITE = "com.example.legacy.Creator.create";

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<ExecutorService> created = new ArrayList<>();

    private void install(String args) {
        AgentConfig config = AgentConfig.load(args, new Properties(), Map.of());
        assertEquals(List.of(), config.problems());
        assertTrue(ExecutorsBridge.install(new PoolFactory(config, CallerFilter.of(config), null, log::add)));
    }

    private ExecutorService create() {
        ExecutorService e = Creator.create();
        created.add(e);
        return e;
    }

    private ExecutorService create(ThreadFactory factory) {
        ExecutorService e = Creator.create(factory);
        created.add(e);
        return e;
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        ExecutorsBridge.uninstall();
        for (ExecutorService e : created) {
            e.shutdownNow();
            assertTrue(e.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, condition);
    }

    @Test
    void theFirstPoolOfASiteIsAnnouncedWithItsSettings() {
        install("jmx.enabled=false,pool.defaults.maxWorkers=8");
        create();
        create();
        assertEquals(List.of("pool " + SITE + ": Executors.newCachedThreadPool() is an adaptive pool (minWorkers=0,"
                + " maxWorkers=8, queueCapacity=10000, scaleUpThreshold=0.0, scaleDownIdle=1m, scaleCooldown=0ms,"
                + " saturation=BLOCK, maxSubmitWait=unbounded, stallWorkers=2048, stallTimeout=1s)"), log);
    }

    @Test
    void theStallGuardIsOnByDefaultAndItsKnobsReachTheBuilder() {
        install("jmx.enabled=false,pool." + SITE + "#2.stallWorkers=0,pool." + SITE + "#2.stallTimeout=250ms");
        AdaptivePoolExecutor first = assertInstanceOf(AdaptivePoolExecutor.class, create());
        AdaptivePoolExecutor second = assertInstanceOf(AdaptivePoolExecutor.class, create());
        assertEquals(PoolSettings.BUILT_IN.get(Setting.STALL_WORKERS), first.getStallWorkers());
        assertEquals(2048, first.getStallWorkers(), "a cached pool never makes a task wait: the guard is on");
        assertEquals(java.time.Duration.ofSeconds(1), first.getStallTimeout());
        assertEquals(0, second.getStallWorkers());
        assertEquals(java.time.Duration.ofMillis(250), second.getStallTimeout());
        AdaptivePoolExecutor plain = AdaptivePoolExecutor.builder().name("plain").build();
        created.add(plain);
        assertEquals(0, plain.getStallWorkers(), "the library's own default stays off: the agent turns the guard on");
    }

    @Test
    void perPoolSettingsApplyByName() {
        install("jmx.enabled=false,pool.defaults.maxWorkers=8,pool." + SITE + "#2.maxWorkers=3,"
                + "pool." + SITE + ".queueCapacity=7");
        AdaptivePoolExecutor first = assertInstanceOf(AdaptivePoolExecutor.class, create());
        AdaptivePoolExecutor second = assertInstanceOf(AdaptivePoolExecutor.class, create());
        assertEquals(8, first.getMaxWorkers());
        assertEquals(7, first.getQueueCapacity());
        assertEquals(3, second.getMaxWorkers());
        assertEquals(7, second.getQueueCapacity());
    }

    @Test
    void aTaskThatSubmitsToItsOwnPoolAndWaitsRunsEvenWithOneWorker() throws Exception {
        install("jmx.enabled=false,pool.defaults.maxWorkers=1");
        AdaptivePoolExecutor pool = (AdaptivePoolExecutor) create();
        Future<String> outer = pool.submit(() -> {
            Future<String> inner = pool.submit(() -> "inner on " + Thread.currentThread().getName());
            return inner.get(); // the only worker waits for a task queued behind it
        });
        // the only worker waits; the stall guard (on by default under the agent) adds a worker
        // above max for the queued task within about a stall timeout
        assertEquals("inner on " + SITE + "-worker-2", outer.get(20, TimeUnit.SECONDS));
        PoolMetrics m = pool.metrics();
        assertEquals(0, m.nestedRunsInline(), "the waiting worker did not run it itself");
        assertEquals(1, m.stalls(), m.toString());
        assertEquals(2, m.peakWorkers(), "one worker above max 1, within the guard's ceiling");
    }

    @Test
    void nestedInvokeAllWithASmallMaxCompletes() throws Exception {
        install("jmx.enabled=false,pool.defaults.maxWorkers=2");
        AdaptivePoolExecutor pool = (AdaptivePoolExecutor) create();
        List<Callable<Integer>> outer = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int base = i * 10;
            outer.add(() -> {
                List<Callable<Integer>> inner = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    int v = base + j;
                    inner.add(() -> v);
                }
                int sum = 0;
                for (Future<Integer> f : pool.invokeAll(inner)) {
                    sum += f.get();
                }
                return sum;
            });
        }
        int total = 0;
        for (Future<Integer> f : pool.invokeAll(outer, 20, TimeUnit.SECONDS)) {
            total += f.get();
        }
        assertEquals(3 * (0 + 10 + 20 + 30) + 4 * (0 + 1 + 2), total);
        PoolMetrics m = pool.metrics();
        assertTrue(m.stalls() >= 1, "both workers waited on queued tasks: " + m);
        assertTrue(m.peakWorkers() <= 2 + Setting.DEFAULT_STALL_WORKERS, m.toString());
    }

    @Test
    void aPoolThatIsNeverShutDownLetsItsNonDaemonThreadsGoOnceIdle() throws Exception {
        install("jmx.enabled=false,pool.defaults.scaleDownIdle=200ms");
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = create(r -> {
            Thread t = new Thread(r, "non-daemon");
            t.setDaemon(false);
            threads.add(t);
            return t;
        });
        CountDownLatch running = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            pool.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(running.await(20, TimeUnit.SECONDS));
        assertEquals(3, threads.size(), "eager: a thread for each task that would wait");
        release.countDown();
        eventually("every worker thread ended", () -> threads.stream().noneMatch(Thread::isAlive));
        assertEquals(0, ((AdaptivePoolExecutor) pool).metrics().workers());
        assertFalse(pool.isShutdown());
    }

    @Test
    void thePoolIsAThreadPoolExecutorWhoseSettersWork() {
        install("jmx.enabled=false");
        ThreadPoolExecutor pool = (ThreadPoolExecutor) create(Thread::new);
        pool.setKeepAliveTime(10, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        pool.setMaximumPoolSize(12);
        pool.setCorePoolSize(2);
        assertEquals(10, pool.getKeepAliveTime(TimeUnit.SECONDS));
        assertTrue(pool.allowsCoreThreadTimeOut());
        assertEquals(12, pool.getMaximumPoolSize());
        assertEquals(2, pool.getCorePoolSize());
    }

    @Test
    void aPoolCreatedWhileOneIsBeingCreatedOnTheSameThreadIsTheJdks() {
        install("jmx.enabled=false,pool.defaults.minWorkers=1");
        List<ExecutorService> inner = new ArrayList<>();
        ExecutorService outer = create(r -> {
            if (inner.isEmpty()) {
                inner.add(Creator.create()); // e.g. JDK code that the pool's creation runs, when included
            }
            return new Thread(r);
        });
        created.addAll(inner);
        assertInstanceOf(AdaptivePoolExecutor.class, outer);
        assertEquals(1, inner.size());
        assertInstanceOf(ThreadPoolExecutor.class, inner.get(0));
        assertFalse(inner.get(0) instanceof AdaptivePoolExecutor);
    }

    @Test
    void whenThePoolCannotBeBuiltTheCallerGetsTheJdksPoolAndOneLine() {
        // each section is valid alone; together they contradict each other
        install("jmx.enabled=false,pool." + SITE + ".maxWorkers=2,pool." + SITE + "#2.minWorkers=10");
        assertInstanceOf(AdaptivePoolExecutor.class, create());
        ExecutorService second = create();
        ExecutorService third = create();
        assertFalse(second instanceof AdaptivePoolExecutor);
        assertInstanceOf(AdaptivePoolExecutor.class, third);
        assertEquals("could not replace the pool of " + SITE + " (java.lang.IllegalArgumentException:"
                + " maxWorkers (2) must be >= minWorkers (10)); it is the JDK's pool", log.get(1));
        assertEquals(2, log.size());
    }

    @Test
    void poolsAreRegisteredInJmxUntilTheyTerminate() throws Exception {
        install("jmx.enabled=true");
        AdaptivePoolExecutor pool = (AdaptivePoolExecutor) create();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.adaptivepool:type=AdaptivePool,name=" + SITE);
        eventually("the MBean is registered (off the creating thread)", () -> server.isRegistered(name));
        assertEquals(Setting.DEFAULT_MAX_WORKERS, server.getAttribute(name, "MaxWorkers"));
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        eventually("the MBean is gone", () -> !server.isRegistered(name));
    }

    @Test
    void jmxKeepsAtMostAHundredLivePoolsPerSite() throws Exception {
        install("jmx.enabled=true");
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<AdaptivePoolExecutor> pools = new ArrayList<>();
        for (int i = 0; i < PoolFactory.MAX_LIVE_MBEANS_PER_SITE + 2; i++) {
            pools.add((AdaptivePoolExecutor) create());
        }
        ObjectName pattern = new ObjectName("io.adaptivepool:type=AdaptivePool,*");
        // 100 registrations were queued, and 2 refused at once: the count reaches 100 and no more
        eventually("100 MBeans", () -> server.queryNames(pattern, null).size() == PoolFactory.MAX_LIVE_MBEANS_PER_SITE);
        assertEquals("call site " + SITE + " has 100 live pools registered in JMX; pool " + SITE + "#101 and later"
                + " ones of that site are not (an MBean would keep a pool that is never shut down alive)", log.get(1));
        assertEquals(2, log.size());
        pools.get(0).shutdown();
        assertTrue(pools.get(0).awaitTermination(10, TimeUnit.SECONDS));
        eventually("a slot is free", () -> server.queryNames(pattern, null).size() < PoolFactory.MAX_LIVE_MBEANS_PER_SITE);
        AdaptivePoolExecutor next = (AdaptivePoolExecutor) create();
        ObjectName nextName = AdaptivePoolJmx.objectName(next.getName());
        eventually("the freed slot is used", () -> server.isRegistered(nextName));
        assertEquals(PoolFactory.MAX_LIVE_MBEANS_PER_SITE, server.queryNames(pattern, null).size());
    }
}
