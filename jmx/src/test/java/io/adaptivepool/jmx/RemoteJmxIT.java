package io.adaptivepool.jmx;

import static io.adaptivepool.jmx.JmxTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.adaptivepool.AdaptivePoolExecutor;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A JMX client in this JVM tunes and reads a pool in a second JVM started with remote JMX on a
 * loopback port, over RMI, as JConsole would.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemoteJmxIT {
    private Child child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void aRemoteClientReadsAndWritesAttributesAndSeesRefusals() throws Exception {
        child = Child.start("remote-orders");
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + child.port + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url, null)) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            ObjectName name = child.names.get(0);
            ObjectName twin = child.names.get(1);
            assertEquals("io.adaptivepool:type=AdaptivePool,name=remote-orders", name.toString());
            assertEquals("io.adaptivepool:type=AdaptivePool,name=remote-orders#2", twin.toString());
            assertEquals(Set.of(name, twin),
                    connection.queryNames(new ObjectName("io.adaptivepool:type=AdaptivePool,*"), null));
            AdaptivePoolMXBean bean = JMX.newMXBeanProxy(connection, name, AdaptivePoolMXBean.class);

            // reads
            assertEquals("remote-orders", bean.getName());
            assertEquals("REJECT", bean.getSaturation());
            assertFalse(bean.isShutdown());
            assertEquals(20, bean.getJobsSubmitted());
            assertEquals(20, bean.getJobsProcessed());
            assertEquals(0, bean.getJobsFailed());
            assertTrue(bean.getWorkers() >= 1 && bean.getWorkers() <= 2, "workers " + bean.getWorkers());
            assertEquals(0, bean.getQueueDepth());
            assertTrue(bean.getThroughput() > 0.0);
            MBeanInfo info = connection.getMBeanInfo(name);
            String[] names = Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName).toArray(String[]::new);
            int contract = AttributesTest.WRITABLE.size() + AttributesTest.READ_ONLY.size();
            assertEquals(30, contract);
            assertEquals(contract, names.length);
            assertEquals(contract, connection.getAttributes(name, names).size(), "every attribute readable remotely");
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertTrue(a.getDescription().contains(" Unit: "), "described remotely: " + a.getName());
            }
            assertEquals("milliseconds", Arrays.stream(info.getAttributes())
                    .filter(a -> a.getName().equals("ScaleDownIdleMillis")).findFirst().orElseThrow()
                    .getDescriptor().getFieldValue("units"));

            // writes
            bean.setMaxWorkers(6);
            bean.setMinWorkers(2);
            bean.setQueueCapacity(80);
            bean.setScaleUpThreshold(0.5);
            bean.setScaleCooldownMillis(250);
            bean.setScaleDownIdleMillis(1500);
            bean.setStallWorkers(9);
            bean.setStallTimeoutMillis(400);
            String applied = "SETTINGS min=2 max=6 queue=80 threshold=0.5 cooldown=250 idle=1500 stallWorkers=9"
                    + " stallTimeout=400";
            assertEquals(applied, child.ask("show", "SETTINGS"), "the pool itself changed");
            assertEquals(List.of(2, 6, 80, 0.5, 250L, 1500L), List.of(bean.getMinWorkers(), bean.getMaxWorkers(),
                    bean.getQueueCapacity(), bean.getScaleUpThreshold(), bean.getScaleCooldownMillis(),
                    bean.getScaleDownIdleMillis()));
            await("the raised minimum started a worker", () -> bean.getWorkers() == 2);
            connection.setAttribute(name, new Attribute("QueueCapacity", 90));
            assertEquals(90, connection.getAttribute(name, "QueueCapacity"));

            // refusals: the proxy rethrows the IllegalArgumentException, a raw client gets it wrapped
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> bean.setMaxWorkers(1));
            assertEquals("maxWorkers (1) must be >= minWorkers (2)", refused.getMessage());
            RuntimeMBeanException raw = assertThrows(RuntimeMBeanException.class,
                    () -> connection.setAttribute(name, new Attribute("ScaleUpThreshold", Double.NaN)));
            IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, raw.getTargetException());
            assertEquals("scaleUpThreshold (NaN) must be between 0.0 and 1.0", cause.getMessage());
            assertTrue(raw.getMessage().contains("scaleUpThreshold (NaN) must be between 0.0 and 1.0"),
                    "JConsole shows this message: " + raw.getMessage());
            assertEquals("scaleDownIdle (0ms) must be > 0",
                    assertThrows(IllegalArgumentException.class, () -> bean.setScaleDownIdleMillis(0)).getMessage());
            assertEquals("stallWorkers (-1) must be >= 0",
                    assertThrows(IllegalArgumentException.class, () -> bean.setStallWorkers(-1)).getMessage());
            assertEquals("stallTimeout (0ms) must be > 0",
                    assertThrows(IllegalArgumentException.class, () -> bean.setStallTimeoutMillis(0)).getMessage());
            assertEquals(-1L, bean.getMaxSubmitWaitMillis(), "unbounded, read remotely");
            assertEquals(List.of(9, 400L), List.of(bean.getStallWorkers(), bean.getStallTimeoutMillis()));
            assertEquals(applied.replace("queue=80", "queue=90"), child.ask("show", "SETTINGS"),
                    "refused writes changed nothing");

            // the twin's bean leaves when the twin terminates; the first pool's stays
            assertEquals("TERMINATED", child.ask("shutdown", "TERMINATED"));
            await("the terminated pool's bean is gone", () -> !isRegistered(connection, twin));
            assertTrue(connection.isRegistered(name));
        }
    }

    private static boolean isRegistered(MBeanServerConnection connection, ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The second JVM: {@link RemotePoolMain} with remote JMX on a free loopback port. */
    static final class Child {
        private static final long START_PATIENCE_MILLIS = 30_000;

        final Process process;
        final int port;
        final List<ObjectName> names = new ArrayList<>();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> transcript = new CopyOnWriteArrayList<>();
        private final Writer stdin;

        private Child(Process process, int port) {
            this.process = process;
            this.port = port;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        transcript.add(line);
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Starts the child, on another free port if the first one was taken meanwhile. */
        static Child start(String poolName) throws Exception {
            List<String> failures = new ArrayList<>();
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Child child = new Child(new ProcessBuilder(command(port, poolName)).redirectErrorStream(true).start(),
                        port);
                String ready = child.next("READY ", START_PATIENCE_MILLIS);
                if (ready != null) {
                    try {
                        for (String n : ready.substring("READY ".length()).split(" (?=io\\.adaptivepool:)")) {
                            child.names.add(new ObjectName(n));
                        }
                        return child;
                    } catch (RuntimeException | javax.management.MalformedObjectNameException e) {
                        child.close();
                        throw e;
                    }
                }
                failures.add("port " + port + ": " + child.transcript);
                child.close();
            }
            throw new AssertionError("the child JVM did not start: " + failures);
        }

        private static List<String> command(int port, String poolName) throws Exception {
            String javaBinary = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = String.join(File.pathSeparator, location(RemotePoolMain.class),
                    location(AdaptivePoolJmx.class), location(AdaptivePoolExecutor.class));
            return List.of(javaBinary, "-cp", classpath, "-Xmx64m",
                    "-Dcom.sun.management.jmxremote.port=" + port,
                    "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                    "-Dcom.sun.management.jmxremote.authenticate=false",
                    "-Dcom.sun.management.jmxremote.ssl=false",
                    "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                    "-Djava.rmi.server.hostname=127.0.0.1",
                    RemotePoolMain.class.getName(), poolName);
        }

        private static String location(Class<?> type) throws Exception {
            Path path = Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return path.toString();
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        /** The next output line starting with the prefix, or null if the child ended or the time ran out. */
        private String next(String prefix, long patienceMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(patienceMillis);
            for (;;) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                String line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    return null;
                }
            }
        }

        /** Sends a command line and returns the answer line starting with the prefix. */
        String ask(String command, String prefix) throws Exception {
            stdin.write(command + "\n");
            stdin.flush();
            String answer = next(prefix, JmxTestSupport.PATIENCE.toMillis());
            if (answer == null) {
                fail("no answer to '" + command + "' from the child JVM: " + transcript);
            }
            return answer;
        }

        /** Asks the child to quit, then makes sure it is gone. */
        void close() {
            try {
                stdin.write("quit\n");
                stdin.close();
            } catch (IOException alreadyGone) {
                // it ended already
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
