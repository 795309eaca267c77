package io.adaptivepool.jmx;

import static io.adaptivepool.jmx.JmxTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.jmx.JmxTestSupport.Cleanup;
import io.adaptivepool.jmx.JmxTestSupport.Gate;
import io.adaptivepool.testing.Await;
import io.adaptivepool.testing.LogCapture;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import javax.management.JMX;
import javax.management.MBeanRegistrationException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Names, same-name pools, double registration, several servers, and unregistration on termination. */
@Timeout(60)
class RegistrationTest {
    private static final long PATIENCE_MILLIS = JmxTestSupport.PATIENCE.toMillis();
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void tearDown() {
        cleanup.run();
    }

    private AdaptivePoolExecutor pool(String name) {
        return cleanup.pool(AdaptivePoolExecutor.builder().name(name).build());
    }

    private AdaptivePoolMXBean proxy(ObjectName name) {
        return JMX.newMXBeanProxy(server, name, AdaptivePoolMXBean.class);
    }

    private Set<ObjectName> poolBeans() throws Exception {
        return server.queryNames(new ObjectName("io.adaptivepool:type=AdaptivePool,*"), null);
    }

    @Test
    void aPoolIsRegisteredUnderTheContractName() throws Exception {
        AdaptivePoolExecutor pool = pool("orders");

        ObjectName name = AdaptivePoolJmx.register(pool, server);

        assertEquals(new ObjectName("io.adaptivepool:type=AdaptivePool,name=orders"), name);
        assertEquals("io.adaptivepool:type=AdaptivePool,name=orders", name.toString(), "type before name, as JConsole's tree shows it");
        assertEquals(AdaptivePoolJmx.objectName("orders"), name);
        assertTrue(server.isRegistered(name));
        assertTrue(server.isInstanceOf(name, AdaptivePoolMXBean.class.getName()));
        assertEquals("orders", proxy(name).getName());
    }

    @Test
    void theOneArgumentRegisterUsesThePlatformServer() {
        AdaptivePoolExecutor pool = pool("platform-orders");
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();

        ObjectName name = AdaptivePoolJmx.register(pool);

        assertTrue(platform.isRegistered(name));
        assertFalse(server.isRegistered(name));
        assertEquals("platform-orders", JMX.newMXBeanProxy(platform, name, AdaptivePoolMXBean.class).getName());
        assertTrue(AdaptivePoolJmx.unregister(pool));
        assertFalse(platform.isRegistered(name));
    }

    @Test
    void aNameWithSpecialCharactersIsQuoted() {
        String poolName = "billing, eu:west=1 \"*?\" \\ \n end";
        AdaptivePoolExecutor pool = pool(poolName);

        ObjectName name = AdaptivePoolJmx.register(pool, server);

        assertFalse(name.isPattern(), name.toString());
        assertEquals(ObjectName.quote(poolName), name.getKeyProperty("name"));
        assertEquals(poolName, ObjectName.unquote(name.getKeyProperty("name")));
        assertEquals("AdaptivePool", name.getKeyProperty("type"));
        assertEquals(poolName, proxy(name).getName());
    }

    @Test
    void anOrdinaryNameIsNotQuoted() {
        ObjectName name = AdaptivePoolJmx.register(pool("com.acme.OrderService.start#2 (legacy)"), server);
        assertEquals("com.acme.OrderService.start#2 (legacy)", name.getKeyProperty("name"));
    }

    @Test
    void poolsWithTheSameNameGetDistinctPredictableNames() throws Exception {
        AdaptivePoolExecutor first = pool("dup");
        AdaptivePoolExecutor second = pool("dup");
        AdaptivePoolExecutor third = pool("dup");
        first.setMaxWorkers(11);
        second.setMaxWorkers(12);
        third.setMaxWorkers(13);

        ObjectName a = AdaptivePoolJmx.register(first, server);
        ObjectName b = AdaptivePoolJmx.register(second, server);
        ObjectName c = AdaptivePoolJmx.register(third, server);

        assertEquals("io.adaptivepool:type=AdaptivePool,name=dup", a.toString());
        assertEquals("io.adaptivepool:type=AdaptivePool,name=dup#2", b.toString());
        assertEquals("io.adaptivepool:type=AdaptivePool,name=dup#3", c.toString());
        assertEquals(3, poolBeans().size());
        assertEquals(11, proxy(a).getMaxWorkers(), "each name leads to its own pool");
        assertEquals(12, proxy(b).getMaxWorkers());
        assertEquals(13, proxy(c).getMaxWorkers());
        assertEquals("dup", proxy(b).getName());

        assertTrue(AdaptivePoolJmx.unregister(second));
        AdaptivePoolExecutor fourth = pool("dup");
        assertEquals("io.adaptivepool:type=AdaptivePool,name=dup#2", AdaptivePoolJmx.register(fourth, server).toString(),
                "the first free name is reused");
    }

    @Test
    void aSameNamePoolOfTheQuotedKindGetsAQuotedSuffix() {
        ObjectName a = AdaptivePoolJmx.register(pool("a,b"), server);
        ObjectName b = AdaptivePoolJmx.register(pool("a,b"), server);
        assertEquals("\"a,b\"", a.getKeyProperty("name"));
        assertEquals("\"a,b#2\"", b.getKeyProperty("name"));
    }

    @Test
    void registeringTheSamePoolTwiceIsHarmless() throws Exception {
        AdaptivePoolExecutor pool = pool("twice");
        ObjectName first = AdaptivePoolJmx.register(pool, server);
        ObjectName second = AdaptivePoolJmx.register(pool, server);

        assertEquals(first, second);
        assertEquals(1, poolBeans().size());
        assertTrue(AdaptivePoolJmx.unregister(pool));
        assertFalse(server.isRegistered(first));
        assertFalse(AdaptivePoolJmx.unregister(pool), "already unregistered");
    }

    @Test
    void aPoolCanBeRegisteredOnSeveralServersAndLeavesThemAll() {
        MBeanServer other = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = pool("two-servers");
        ObjectName here = AdaptivePoolJmx.register(pool, server);
        ObjectName there = AdaptivePoolJmx.register(pool, other);
        assertEquals(here, there);
        assertTrue(server.isRegistered(here) && other.isRegistered(there));

        assertTrue(AdaptivePoolJmx.unregister(pool));

        assertFalse(server.isRegistered(here));
        assertFalse(other.isRegistered(there));
    }

    static Stream<Arguments> terminations() {
        return Stream.of(
                Arguments.of("shutdown", (Consumer<AdaptivePoolExecutor>) AdaptivePoolExecutor::shutdown),
                Arguments.of("shutdownNow", (Consumer<AdaptivePoolExecutor>) AdaptivePoolExecutor::shutdownNow),
                Arguments.of("shutdownGracefully",
                        (Consumer<AdaptivePoolExecutor>) p -> p.shutdownGracefully(Duration.ofSeconds(5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terminations")
    void theBeanLeavesEveryServerWhenThePoolTerminates(String how, Consumer<AdaptivePoolExecutor> stop)
            throws Exception {
        MBeanServer other = MBeanServerFactory.newMBeanServer();
        AdaptivePoolExecutor pool = pool("terminating-" + how);
        ObjectName name = AdaptivePoolJmx.register(pool, server);
        AdaptivePoolJmx.register(pool, other);
        pool.execute(() -> { });

        stop.accept(pool);
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));

        await("unregistered from both servers", () -> !server.isRegistered(name) && !other.isRegistered(name));
        assertFalse(AdaptivePoolJmx.unregister(pool), "nothing left to unregister");
        AdaptivePoolExecutor successor = pool("terminating-" + how);
        assertEquals(name, AdaptivePoolJmx.register(successor, server), "the name is free again");
    }

    @Test
    void theBeanStaysWhileThePoolDrainsAndReadsShutdown() {
        AdaptivePoolExecutor pool = pool("draining");
        ObjectName name = AdaptivePoolJmx.register(pool, server);
        AdaptivePoolMXBean bean = proxy(name);
        Gate gate = cleanup.gate();
        pool.execute(gate.task());
        gate.awaitStarted(1);

        pool.shutdown();

        assertTrue(server.isRegistered(name), "still draining: still visible");
        assertTrue(bean.isShutdown());
        assertEquals(1, bean.getBusyWorkers());
        gate.release();
        await("unregistered once terminated", () -> !server.isRegistered(name));
    }

    @Test
    void anAlreadyTerminatedPoolIsNotLeftRegistered() throws Exception {
        AdaptivePoolExecutor pool = pool("terminated");
        pool.shutdown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));

        ObjectName name = AdaptivePoolJmx.register(pool, server);

        assertEquals(AdaptivePoolJmx.objectName("terminated"), name);
        assertFalse(server.isRegistered(name));
        assertFalse(AdaptivePoolJmx.unregister(pool));
    }

    /*
     * The window: the bean is on the server, its termination listener not yet on the pool, and the
     * pool terminates. The server below holds the registering thread just after the bean is on it.
     * Before the fix the pool terminated there, awaitTermination was true with the bean still
     * registered, and only the late listener took it away (LoggerNamesIT saw it on CI).
     */
    @Test
    void aPoolTerminatingWhileItsBeanIsRegisteredIsNotTerminatedWithTheBeanStillThere() throws Exception {
        AdaptivePoolExecutor pool = pool("racing");
        CountDownLatch registered = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        MBeanServer holding = (MBeanServer) Proxy.newProxyInstance(MBeanServer.class.getClassLoader(),
                new Class<?>[] {MBeanServer.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(server, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (method.getName().equals("registerMBean")) {
                            registered.countDown();
                            Await.quietly(proceed);
                        }
                    }
                });
        Thread registering = new Thread(() -> AdaptivePoolJmx.register(pool, holding), "registering");
        registering.start();
        Thread stopping = new Thread(pool::shutdown, "stopping"); // the pool ends on this thread or an idle worker's
        try {
            Await.quietly(registered);
            ObjectName name = AdaptivePoolJmx.objectName("racing");
            assertTrue(server.isRegistered(name));

            stopping.start();
            await("the pool terminated, or its termination waiting for the registration",
                    () -> pool.isTerminated() || waitsForTheLockOf(registering));
            boolean terminatedWithTheBean = pool.isTerminated() && server.isRegistered(name);
            proceed.countDown();
            registering.join(PATIENCE_MILLIS);
            stopping.join(PATIENCE_MILLIS);

            assertFalse(terminatedWithTheBean, "terminated while its bean was still registered");
            assertTrue(pool.awaitTermination(PATIENCE_MILLIS, TimeUnit.MILLISECONDS)); // a worker may be the one that ends it
            assertFalse(server.isRegistered(name), "the bean left with the pool");
            assertFalse(AdaptivePoolJmx.unregister(pool), "nothing left to unregister");
        } finally {
            proceed.countDown();
        }
    }

    /** Whether some thread (whichever runs the pool's termination) is blocked on a monitor the thread holds. */
    private static boolean waitsForTheLockOf(Thread owner) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockOwnerId() == owner.getId()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aBeanUnregisteredBySomeoneElseIsRegisteredAfreshAndStillLeavesOnTermination() throws Exception {
        AdaptivePoolExecutor pool = pool("external");
        ObjectName name = AdaptivePoolJmx.register(pool, server);
        server.unregisterMBean(name);
        assertFalse(server.isRegistered(name));

        assertEquals(name, AdaptivePoolJmx.register(pool, server));
        assertTrue(server.isRegistered(name), "registered again, not answered from a stale record");

        pool.shutdown();
        await("unregistered on termination", () -> !server.isRegistered(name));
    }

    @Test
    void unregisteringRemovesTheTerminationHookSoAReRegistrationIsTrackedAgain() throws Exception {
        AdaptivePoolExecutor pool = pool("again");
        ObjectName name = AdaptivePoolJmx.register(pool, server);
        assertTrue(AdaptivePoolJmx.unregister(pool));
        ObjectName again = AdaptivePoolJmx.register(pool, server);
        assertEquals(name, again);

        pool.shutdown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        await("unregistered on termination", () -> !server.isRegistered(again));
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        AdaptivePoolExecutor pool = pool("bad-args");
        assertEquals("pool", assertThrows(NullPointerException.class, () -> AdaptivePoolJmx.register(null)).getMessage());
        assertEquals("server", assertThrows(NullPointerException.class,
                () -> AdaptivePoolJmx.register(pool, null)).getMessage());
        assertEquals("pool", assertThrows(NullPointerException.class, () -> AdaptivePoolJmx.unregister(null)).getMessage());
        assertEquals("poolName (\"\") must not be null or empty", assertThrows(IllegalArgumentException.class,
                () -> AdaptivePoolJmx.objectName("")).getMessage());
        assertFalse(AdaptivePoolJmx.unregister(pool), "never registered");
    }

    @Test
    void aServerThatRefusesTheBeanIsNamedAndLeavesNothingBehind() {
        AdaptivePoolExecutor pool = pool("unwelcome");
        MBeanServer refusing = (MBeanServer) Proxy.newProxyInstance(MBeanServer.class.getClassLoader(),
                new Class<?>[] {MBeanServer.class}, (proxy, method, args) -> {
                    throw new MBeanRegistrationException(new Exception("no"), "this server takes no beans");
                });

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AdaptivePoolJmx.register(pool, refusing));

        assertTrue(e.getMessage().startsWith("pool 'unwelcome': the MBean server refused its bean as "
                + AdaptivePoolJmx.objectName("unwelcome")), e::getMessage);
        assertFalse(AdaptivePoolJmx.unregister(pool), "no record of a bean that never was");
        assertEquals(AdaptivePoolJmx.objectName("unwelcome"), AdaptivePoolJmx.register(pool, server),
                "a later registration elsewhere is tracked afresh");
        pool.shutdown();
        await("unregistered on termination", () -> !server.isRegistered(AdaptivePoolJmx.objectName("unwelcome")));
    }

    @Test
    void aServerThatRefusesToUnregisterIsLoggedUnderTheDocumentedLogger() throws Exception {
        AdaptivePoolExecutor pool = pool("refused");
        MBeanServer refusing = (MBeanServer) Proxy.newProxyInstance(MBeanServer.class.getClassLoader(),
                new Class<?>[] {MBeanServer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unregisterMBean")) {
                        throw new MBeanRegistrationException(new Exception("kept"), "this server keeps its beans");
                    }
                    try {
                        return method.invoke(server, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ObjectName name = AdaptivePoolJmx.register(pool, refusing);
        try (LogCapture log = LogCapture.of("io.adaptivepool.jmx.AdaptivePoolJmx")) {
            assertTrue(AdaptivePoolJmx.unregister(pool));

            List<LogRecord> lines = log.containing("pool 'refused'");
            assertEquals(1, lines.size(), lines::toString);
            assertEquals(Level.WARNING, lines.get(0).getLevel());
            assertEquals("pool 'refused': could not unregister its MBean " + name, lines.get(0).getMessage());
            assertTrue(lines.get(0).getThrown() instanceof MBeanRegistrationException, lines.get(0).getThrown()::toString);
        } finally {
            server.unregisterMBean(name);
        }
    }
}
