package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.PoolMetrics;
import io.adaptivepool.Saturation;
import io.adaptivepool.agent.bridge.ExecutorsBridge;
import io.adaptivepool.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of {@code replace}, rewritten from a class that makes it and replaced through the bridge. */
@Timeout(60)
class KindsTest {
    private static final String KINDS = "com.example.kinds.Kinds";

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<ExecutorService> created = new ArrayList<>();
    private Class<?> kinds;

    /** Installs the hook with these agent arguments and loads the fixtures through the transformer. */
    private void load(String args) throws ClassNotFoundException {
        AgentConfig config = AgentConfig.load("jmx.enabled=false,metrics.enabled=false," + args, new Properties(),
                Map.of());
        assertEquals(List.of(), config.problems());
        CallerFilter filter = CallerFilter.of(config);
        assertTrue(ExecutorsBridge.install(new PoolFactory(config, filter, null, log::add)));
        CallSiteTransformer transformer = new CallSiteTransformer(filter, config.replace(), null, log::add);
        RewritingLoader loader = new RewritingLoader(transformer, "com.example.kinds.", null);
        kinds = loader.loadClass(KINDS);
    }

    @SuppressWarnings("unchecked")
    private <T> T call(String method, Object... args) throws Exception {
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i] instanceof Integer ? int.class : args[i] instanceof ThreadFactory ? ThreadFactory.class
                    : RejectedExecutionHandler.class;
        }
        Object made = kinds.getMethod(method, types).invoke(null, args);
        if (made instanceof ExecutorService) {
            created.add((ExecutorService) made);
        }
        return (T) made;
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        ExecutorsBridge.uninstall();
        for (ExecutorService e : created) {
            e.shutdownNow();
            assertTrue(e.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    // ---- fixed ----------------------------------------------------------------------------------

    @Test
    void aFixedPoolHasExactlyNWorkersABoundedQueueThatBlocksAndNoStallWorkers() throws Exception {
        load("replace=fixed");
        AdaptivePoolExecutor pool = assertInstanceOf(AdaptivePoolExecutor.class, call("fixed", 3));
        assertEquals(3, pool.getMinWorkers());
        assertEquals(3, pool.getMaxWorkers());
        assertEquals(3, pool.getPoolSize(), "its n workers, as a JDK fixed pool keeps them");
        assertEquals(KindDefaults.FIXED_QUEUE_CAPACITY, pool.getQueueCapacity());
        assertEquals(Saturation.BLOCK, pool.getSaturation());
        assertEquals(0, pool.getStallWorkers());
        assertEquals(List.of("pool " + KINDS + ".fixed: Executors.newFixedThreadPool(3) is an adaptive pool"
                + " (minWorkers=3, maxWorkers=3, queueCapacity=1000, scaleUpThreshold=0.0, scaleDownIdle=1m,"
                + " scaleCooldown=0ms, saturation=BLOCK, maxSubmitWait=unbounded, stallWorkers=0, stallTimeout=1s)"),
                log);
        ThreadPoolExecutor asJdk = pool; // what code that casts sees
        asJdk.setMaximumPoolSize(5);
        asJdk.setCorePoolSize(5);
        assertEquals(5, pool.getMaxWorkers());
    }

    @Test
    void theCallersThreadFactoryAndMethodReferencesToo() throws Exception {
        load("replace=fixed");
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = r -> new Thread(r, "mine-" + made.incrementAndGet());
        AdaptivePoolExecutor pool = assertInstanceOf(AdaptivePoolExecutor.class, call("fixed", 2, factory));
        assertTrue(pool.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS).startsWith("mine-"));
        IntFunction<ExecutorService> reference = call("fixedReference");
        ExecutorService viaReference = reference.apply(4);
        created.add(viaReference);
        assertEquals(4, assertInstanceOf(AdaptivePoolExecutor.class, viaReference).getMaxWorkers());
    }

    @Test
    void aTaskSubmittingToItsOwnFullFixedPoolDoesNotDeadlockIt() throws Exception {
        load("replace=fixed,pool.defaults.queueCapacity=1");
        AdaptivePoolExecutor pool = assertInstanceOf(AdaptivePoolExecutor.class, call("fixed", 1));
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Future<?> outer = pool.submit(() -> {
            pool.execute(() -> ran.add("queued"));            // fills the queue of one
            pool.execute(() -> ran.add("nested, run inline")); // the pool's only worker submits to it, full
            ran.add("outer");
        });
        outer.get(20, TimeUnit.SECONDS);
        Await.until("the queued task ran", () -> ran.size() == 3);
        assertEquals(List.of("nested, run inline", "outer", "queued"), ran);
        PoolMetrics m = pool.metrics();
        assertEquals(1, m.nestedRunsInline(), m.toString());
        assertEquals(1, m.peakWorkers(), "never a second worker");
    }

    @Test
    void withoutReplaceFixedAndSingleStayTheJdksAndHandWrittenCachedPoolsAreReplaced() throws Exception {
        load("include=*");
        assertFalse(call("fixed", 2) instanceof AdaptivePoolExecutor);
        assertEquals("java.util.concurrent.Executors$FinalizableDelegatedExecutorService",
                call("single").getClass().getName().replace("AutoShutdown", "Finalizable"));
        assertInstanceOf(AdaptivePoolExecutor.class, call("handWritten"));
    }

    // ---- single ---------------------------------------------------------------------------------

    @Test
    void aSingleThreadExecutorRunsABurstInOrderOneAtATimeAndCannotBeCast() throws Exception {
        load("replace=single");
        ExecutorService single = call("single");
        assertFalse(single instanceof ThreadPoolExecutor, "a cast to ThreadPoolExecutor fails, as with the JDK's");
        assertTrue(log.get(0).startsWith("pool " + KINDS + ".single: Executors.newSingleThreadExecutor() is an"
                + " adaptive pool (minWorkers=0, maxWorkers=1, queueCapacity=1000,"), log.get(0));
        int tasks = 5000; // five times the queue: the producer blocks, and order holds
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        for (int i = 0; i < tasks; i++) {
            int n = i;
            single.execute(() -> {
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                order.add(n);
                running.decrementAndGet();
            });
        }
        single.shutdown();
        assertTrue(single.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
    }

    @Test
    void aSingleThreadExecutorKeepsOneWorkerWhateverThePoolKeysSay() throws Exception {
        load("replace=single,pool.defaults.maxWorkers=8,pool." + KINDS + ".single.maxWorkers=4,pool." + KINDS
                + ".single.stallWorkers=4");
        ExecutorService single = call("single");
        DelegatedExecutor delegated = assertInstanceOf(DelegatedExecutor.class, single);
        assertEquals(1, delegated.pool.getMaxWorkers());
        assertEquals(0, delegated.pool.getStallWorkers());
    }

    @Test
    void aSingleThreadExecutorsSizeCannotChangeLiveAndItsQueueCan() throws Exception {
        load("replace=single");
        AdaptivePoolExecutor pool = assertInstanceOf(DelegatedExecutor.class, call("single")).pool;
        assertEquals("maxWorkers (2) cannot change: pool '" + KINDS + ".single' replaces"
                + " Executors.newSingleThreadExecutor(), which runs one task at a time",
                assertThrows(IllegalArgumentException.class, () -> pool.setMaxWorkers(2)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> pool.setMinWorkers(1)).getMessage()
                .startsWith("minWorkers (1) cannot change: pool '" + KINDS + ".single'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> pool.setStallWorkers(4)).getMessage()
                .startsWith("stallWorkers (4) cannot change: pool '" + KINDS + ".single'"));
        assertEquals(0, pool.getMinWorkers());
        assertEquals(1, pool.getMaxWorkers());
        assertEquals(0, pool.getStallWorkers());
        pool.setQueueCapacity(50);
        assertEquals(50, pool.getQueueCapacity());
    }

    // ---- hand-written cached pools --------------------------------------------------------------

    @Test
    void aHandWrittenCachedPoolIsReplacedAndNamedForItsConstructor() throws Exception {
        load("replace=cached");
        AdaptivePoolExecutor pool = assertInstanceOf(AdaptivePoolExecutor.class, call("handWritten"));
        assertEquals(KINDS + ".handWritten", pool.getName());
        assertEquals(0, pool.getMinWorkers());
        assertEquals(Setting.DEFAULT_STALL_WORKERS, pool.getStallWorkers(), "as a cached pool");
        assertEquals(List.of("pool " + KINDS + ".handWritten: new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1m,"
                + " SynchronousQueue) is an adaptive pool (minWorkers=0, maxWorkers=" + Setting.DEFAULT_MAX_WORKERS
                + ", queueCapacity=10000, scaleUpThreshold=0.0, scaleDownIdle=1m, scaleCooldown=0ms, saturation=BLOCK,"
                + " maxSubmitWait=unbounded, stallWorkers=" + Setting.DEFAULT_STALL_WORKERS + ", stallTimeout=1s)"), log);
    }

    @Test
    void aHandWrittenPoolKeepsTheCallersFactoryHandlerCoreSizeAndKeepAlive() throws Exception {
        load("replace=cached");
        ThreadFactory factory = r -> new Thread(r, "lib-thread");
        List<Runnable> refused = Collections.synchronizedList(new ArrayList<>());
        RejectedExecutionHandler handler = (task, executor) -> refused.add(task);
        AdaptivePoolExecutor pool = assertInstanceOf(AdaptivePoolExecutor.class, call("handWritten", factory, handler));
        assertEquals(2, pool.getMinWorkers());
        assertEquals(Duration.ofSeconds(30), pool.getScaleDownIdle());
        assertSame(handler, pool.getRejectedExecutionHandler());
        assertEquals("lib-thread", pool.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
        pool.shutdown();
        Runnable late = () -> { };
        pool.execute(late);
        assertEquals(List.of(late), refused, "after shutdown, the caller's handler has the task");
    }

    @Test
    void nestedConstructionsAreBothReplaced() throws Exception {
        load("replace=cached");
        ThreadPoolExecutor[] pools = call("nested");
        for (ThreadPoolExecutor p : pools) {
            created.add(p);
            assertInstanceOf(AdaptivePoolExecutor.class, p);
        }
        assertNotSame(pools[0], pools[1]);
    }

    @Test
    void boundedPoolsOtherQueuesAndSubclassesStayTheJdks() throws Exception {
        load("replace=cached");
        for (String method : List.of("bounded", "otherQueue", "subclass")) {
            ThreadPoolExecutor pool = call(method);
            assertFalse(pool instanceof AdaptivePoolExecutor, method);
        }
        Exception e = assertThrows(Exception.class, () -> call("negativeCore"));
        assertInstanceOf(IllegalArgumentException.class, e.getCause(), "refused as the JDK refuses it");
        assertEquals(List.of(), log);
    }

    @Test
    void aConstructionWithABranchInItsArgumentsLeavesTheClassAsItIsAndSaysSo() throws Exception {
        load("replace=cached");
        Class<?> branchy = kinds.getClassLoader().loadClass("com.example.kinds.Branchy");
        ThreadPoolExecutor pool = (ThreadPoolExecutor) branchy.getMethod("make", boolean.class).invoke(null, true);
        created.add(pool);
        assertFalse(pool instanceof AdaptivePoolExecutor);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("could not rewrite com.example.kinds.Branchy"), log.get(0));
        assertTrue(log.get(0).contains("a stack map frame inside new ThreadPoolExecutor(...)"), log.get(0));
    }

    // ---- virtual --------------------------------------------------------------------------------

    @Test
    void virtualTasksEachRunOnAThreadOfTheirOwnAtMostTheLimitAtOnce() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.adaptivepool.VirtualThreads.supported(),
                "virtual threads need Java 21 or later; this JVM is Java " + Runtime.version().feature());
        AgentConfig config = AgentConfig.load("jmx.enabled=false,metrics.enabled=false,replace=virtual,"
                + "pool.defaults.maxWorkers=3", new Properties(), Map.of());
        PoolFactory factory = new PoolFactory(config, CallerFilter.of(config), null, log::add);
        ExecutorService virtual = factory.apply("newVirtualThreadPerTaskExecutor", new Object[0]);
        created.add(virtual);
        VirtualTasks tasks = assertInstanceOf(VirtualTasks.class, virtual);
        assertEquals(3, tasks.pool.getMaxWorkers());
        ThreadLocal<String> carried = new ThreadLocal<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch threeRunning = new CountDownLatch(3);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            futures.add(virtual.submit(() -> {
                String before = carried.get();
                carried.set("task " + n);
                threeRunning.countDown();
                release.await();
                return before + " on " + Thread.currentThread().getName();
            }));
        }
        Await.latch(threeRunning);
        assertEquals(7, tasks.pool.getQueue().size(), "the rest wait in the queue");
        release.countDown();
        List<String> threads = new ArrayList<>();
        for (Future<String> f : futures) {
            String result = f.get(10, TimeUnit.SECONDS);
            assertTrue(result.startsWith("null on "), "no thread-local from an earlier task: " + result);
            threads.add(result);
        }
        assertEquals(10, threads.stream().distinct().count(), "a thread per task: " + threads);
        Future<?> failing = virtual.submit(() -> {
            throw new IllegalStateException("boom");
        });
        assertEquals("boom", assertThrows(java.util.concurrent.ExecutionException.class,
                () -> failing.get(10, TimeUnit.SECONDS)).getCause().getMessage());
        Await.until("the failure counted", () -> tasks.pool.metrics().jobsFailed() == 1);
    }
}
