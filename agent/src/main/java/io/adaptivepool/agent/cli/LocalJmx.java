package io.adaptivepool.agent.cli;

import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Properties;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Connects to the platform MBean server of a running JVM of this user through the attach API and
 * its local JMX connector, the way JConsole does for a local process: no port, no password, no
 * restart. The attach API is reached by reflection, as {@code com.sun.tools.attach} from module
 * {@code jdk.attach} on Java 9+, or from the JDK's {@code tools.jar} on Java 8 (through Byte Buddy's
 * loader for it); the command therefore needs a JDK, not a JRE.
 *
 * <p>On Java 9+ the target starts its local connector on request
 * ({@code VirtualMachine.startLocalManagementAgent()}); on Java 8 the connector's address is the
 * agent property {@code com.sun.management.jmxremote.localConnectorAddress}, set once the
 * target's {@code management-agent.jar} is loaded.
 */
final class LocalJmx {
    private static final String LOCAL_CONNECTOR_ADDRESS = "com.sun.management.jmxremote.localConnectorAddress";

    private LocalJmx() {
    }

    /** Attaches, asks for the local connector's address, detaches, and connects to it. */
    static JMXConnector connect(String pid) throws CliException {
        ProcessCheck.requireAttachable(pid);
        String address = connectorAddress(pid);
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(address));
        } catch (IOException e) {
            throw CliException.failed("cannot connect to the JMX connector of process " + pid + " (" + address + "): " + e);
        }
    }

    private static String connectorAddress(String pid) throws CliException {
        Class<?> vmType = virtualMachineType();
        Object vm;
        try {
            vm = vmType.getMethod("attach", String.class).invoke(null, pid);
        } catch (InvocationTargetException e) {
            throw attachFailed(pid, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw CliException.failed("cannot use the attach API: " + e);
        }
        try {
            return startLocalAgent(vm, vmType);
        } catch (InvocationTargetException e) {
            throw CliException.failed("process " + pid + " did not start its local JMX connector: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw CliException.failed("cannot use the attach API: " + e);
        } finally {
            try {
                vmType.getMethod("detach").invoke(vm);
            } catch (ReflectiveOperationException ignored) {
                // the connection is made or failed already; detaching is housekeeping
            }
        }
    }

    private static String startLocalAgent(Object vm, Class<?> vmType) throws ReflectiveOperationException, CliException {
        Method start;
        try {
            start = vmType.getMethod("startLocalManagementAgent"); // Java 9+
        } catch (NoSuchMethodException java8) {
            start = null;
        }
        if (start != null) {
            return (String) start.invoke(vm);
        }
        Properties agentProperties = (Properties) vmType.getMethod("getAgentProperties").invoke(vm);
        String address = agentProperties.getProperty(LOCAL_CONNECTOR_ADDRESS);
        if (address != null) {
            return address;
        }
        Properties system = (Properties) vmType.getMethod("getSystemProperties").invoke(vm);
        File agentJar = new File(system.getProperty("java.home"), "lib" + File.separator + "management-agent.jar");
        vmType.getMethod("loadAgent", String.class).invoke(vm, agentJar.getPath());
        agentProperties = (Properties) vmType.getMethod("getAgentProperties").invoke(vm);
        address = agentProperties.getProperty(LOCAL_CONNECTOR_ADDRESS);
        if (address == null) {
            throw CliException.failed("the JVM did not publish its local JMX connector after loading " + agentJar);
        }
        return address;
    }

    /** {@code com.sun.tools.attach.VirtualMachine}, from the JDK's module or from tools.jar. */
    private static Class<?> virtualMachineType() throws CliException {
        try {
            return Class.forName("com.sun.tools.attach.VirtualMachine");
        } catch (ClassNotFoundException | LinkageError notOnClassPath) {
            // Java 8: tools.jar is not on the class path of java -jar
        }
        try {
            ByteBuddyAgent.AttachmentProvider.Accessor accessor = ByteBuddyAgent.AttachmentProvider.DEFAULT.attempt();
            if (accessor.isAvailable()) {
                return accessor.getVirtualMachineType();
            }
        } catch (RuntimeException | LinkageError e) {
            // reported below
        }
        throw CliException.failed("this Java runtime has no attach API (java.home " + System.getProperty("java.home")
                + "): run the command with a JDK's java, not a JRE's");
    }

    /** Turns the attach API's exception into a sentence that says what to do. */
    private static CliException attachFailed(String pid, Throwable cause) {
        String type = cause.getClass().getSimpleName();
        String message = String.valueOf(cause.getMessage());
        if (type.equals("AttachNotSupportedException") && message.contains("does not support the attach mechanism")) {
            return CliException.failed("process " + pid + " refuses attach (it runs with -XX:+DisableAttachMechanism); "
                    + "restart it without that option, or watch it with JMX remote instead");
        }
        if (message.contains("doesn't respond") || message.contains("Unable to open socket file")) {
            return CliException.failed("process " + pid + " did not answer the attach request (" + message
                    + "); it may refuse attach (-XX:+DisableAttachMechanism), run as another user or in another container, "
                    + "or not be a HotSpot JVM");
        }
        if (!ProcessCheck.maybeAlive(pid)) {
            return CliException.failed("no process " + pid + " (it has ended)");
        }
        return CliException.failed("cannot attach to process " + pid + ": " + cause);
    }
}
