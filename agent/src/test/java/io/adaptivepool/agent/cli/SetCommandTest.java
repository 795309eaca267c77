package io.adaptivepool.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.jmx.AdaptivePoolJmx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code set} against a real pool's MBean on a fresh MBean server: applied, refused, undone. */
class SetCommandTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private AdaptivePoolExecutor pool;

    @BeforeEach
    void registerAPool() {
        pool = AdaptivePoolExecutor.builder().name("orders").minWorkers(1).maxWorkers(2).queueCapacity(10).build();
        AdaptivePoolJmx.register(pool, server);
    }

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    private int set(MBeanServerConnection connection, String... knobs) throws Exception {
        String[] args = new String[3 + knobs.length];
        args[0] = "set";
        args[1] = "42";
        args[2] = "orders";
        System.arraycopy(knobs, 0, args, 3, knobs.length);
        return SetCommand.apply(CliArgs.set(args), connection, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void raisingMinAboveThePresentMaxWorksWhenMaxIsRaisedToo() throws Exception {
        assertEquals(0, set(server, "minWorkers=6", "maxWorkers=8", "scaleCooldown=2s", "scaleUpThreshold=0.5"));
        assertEquals(6, pool.getMinWorkers());
        assertEquals(8, pool.getMaxWorkers());
        assertEquals(Duration.ofSeconds(2), pool.getScaleCooldown());
        assertEquals(0.5, pool.getScaleUpThreshold());
        assertEquals("pool orders in pid 42: 4 knobs set\n"
                + "KNOB              BEFORE  AFTER\n"
                + "maxWorkers        2       8\n"
                + "minWorkers        1       6\n"
                + "scaleCooldown     5s      2s\n"
                + "scaleUpThreshold  0.7     0.5\n", out().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void minAboveTheMaxIsRefusedBeforeAnyWrite() throws Exception {
        CliException e = assertThrows(CliException.class, () -> set(server, "queueCapacity=50", "minWorkers=3"));
        assertEquals("minWorkers (3) must be <= maxWorkers (2)", e.getMessage());
        assertEquals(CliException.USAGE, e.exitCode);
        assertEquals(10, pool.getQueueCapacity());
    }

    @Test
    void aRefusedLaterWriteUndoesTheEarlierOnes() throws Exception {
        MBeanServerConnection refusingIdle = refusing(server, "ScaleDownIdleMillis", "scaleDownIdle (1ms) is refused here");
        assertEquals(2, set(refusingIdle, "maxWorkers=5", "queueCapacity=99", "scaleDownIdle=1ms"));
        assertEquals(2, pool.getMaxWorkers());
        assertEquals(10, pool.getQueueCapacity());
        assertEquals("pool orders in pid 42 refused scaleDownIdle=1ms: scaleDownIdle (1ms) is refused here\n"
                + "restored queueCapacity=10\n"
                + "restored maxWorkers=2\n", err().replace(System.lineSeparator(), "\n"));
        assertEquals("", out());
    }

    @Test
    void anUnknownPoolListsThePools() {
        String[] args = {"set", "42", "order", "maxWorkers=3"};
        CliException e = assertThrows(CliException.class, () -> SetCommand.apply(CliArgs.set(args), server,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("no pool named order in pid 42; its pools: orders", e.getMessage());
        assertEquals(CliException.USAGE, e.exitCode);
    }

    @Test
    void aKnobThePoolsVersionLacksChangesNothing() throws Exception {
        MBeanServerConnection older = withoutAttribute(server, "QueueCapacity");
        CliException e = assertThrows(CliException.class, () -> set(older, "maxWorkers=4", "queueCapacity=20"));
        assertEquals("pool orders in pid 42 has no queueCapacity: that JVM's adaptive-pool version has no MBean "
                + "attribute QueueCapacity; nothing changed", e.getMessage());
        assertEquals(CliException.FAILED, e.exitCode);
        assertEquals(2, pool.getMaxWorkers());
    }

    /** The server, except that writes of {@code attribute} are refused as a remote MBean refuses them. */
    private static MBeanServerConnection refusing(MBeanServer server, String attribute, String message) {
        return (MBeanServerConnection) Proxy.newProxyInstance(SetCommandTest.class.getClassLoader(),
                new Class<?>[] {MBeanServerConnection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setAttribute") && ((Attribute) args[1]).getName().equals(attribute)) {
                        throw new RuntimeMBeanException(new IllegalArgumentException(message));
                    }
                    return invoke(server, method, args);
                });
    }

    /** The server, except that the MBean info leaves out {@code attribute} (an older pool version). */
    private static MBeanServerConnection withoutAttribute(MBeanServer server, String attribute) {
        return (MBeanServerConnection) Proxy.newProxyInstance(SetCommandTest.class.getClassLoader(),
                new Class<?>[] {MBeanServerConnection.class}, (proxy, method, args) -> {
                    Object result = invoke(server, method, args);
                    if (method.getName().equals("getMBeanInfo")) {
                        javax.management.MBeanInfo info = (javax.management.MBeanInfo) result;
                        return new javax.management.MBeanInfo(info.getClassName(), info.getDescription(),
                                java.util.Arrays.stream(info.getAttributes()).filter(a -> !a.getName().equals(attribute))
                                        .toArray(javax.management.MBeanAttributeInfo[]::new),
                                info.getConstructors(), info.getOperations(), info.getNotifications());
                    }
                    return result;
                });
    }

    private static Object invoke(MBeanServer server, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(server, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
