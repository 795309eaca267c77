package io.adaptivepool.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built jar: its layout, and short runs of child JVMs with {@code -javaagent} and with
 * attach. (The long scenarios, with JMX and scrapes under load, are the integration-tests module's.)
 */
@Timeout(120)
class AgentJarIT {
    private static final Path JAR = Paths.get(System.getProperty("agent.jar", "target/adaptive-pool-agent.jar"));
    private static final String CLASSES = System.getProperty("test.classes", "target/test-classes");
    private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private static final String SHADED_EXECUTOR = "io.adaptivepool.agent.shaded.io.adaptivepool.AdaptivePoolExecutor";

    @TempDir
    Path dir;

    private static final class Run {
        final int exit;
        final String out;
        final String err;

        Run(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        List<String> errLines() {
            return Arrays.asList(err.split("\\R"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not end within 60 s: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run java(String agentArgs, List<String> jvmOptions, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(jvmOptions);
        if (agentArgs != null) {
            command.add("-javaagent:" + JAR + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.add("-cp");
        command.add(CLASSES);
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    // ---- the jar --------------------------------------------------------------------------------

    @Test
    void theManifestNamesEveryEntryPoint() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.adaptivepool.agent.AdaptivePoolAgent", main.getValue("Premain-Class"));
            assertEquals("io.adaptivepool.agent.AdaptivePoolAgent", main.getValue("Agent-Class"));
            assertEquals("io.adaptivepool.agent.AttachCli", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals(null, main.getValue("Boot-Class-Path"));
            assertEquals(null, main.getValue("Launcher-Agent-Class"));
        }
    }

    @Test
    void everyClassIsTheAgentsOrRelocatedAndJava8Bytecode() throws IOException {
        int shaded = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                assertFalse(name.startsWith("META-INF/versions/") || name.endsWith("module-info.class"), name);
                if (!name.endsWith(".class")) {
                    continue;
                }
                assertTrue(name.startsWith("io/adaptivepool/agent/"), "not relocated: " + name);
                if (name.startsWith("io/adaptivepool/agent/shaded/")) {
                    shaded++;
                    assertTrue(name.startsWith("io/adaptivepool/agent/shaded/net/bytebuddy/")
                            || name.startsWith("io/adaptivepool/agent/shaded/io/prometheus/")
                            || name.startsWith("io/adaptivepool/agent/shaded/io/adaptivepool/"), name);
                }
                try (InputStream in = jar.getInputStream(e)) {
                    DataInputStream data = new DataInputStream(in);
                    assertEquals(0xCAFEBABE, data.readInt(), name);
                    data.readUnsignedShort();
                    int major = data.readUnsignedShort();
                    assertTrue(major <= 52, name + " is class file version " + major);
                }
            }
            assertTrue(jar.getJarEntry("io/adaptivepool/agent/bridge/ExecutorsBridge.class") != null);
            assertTrue(jar.getJarEntry("io/adaptivepool/agent/shaded/net/bytebuddy/jar/asm/ClassReader.class") != null);
            assertTrue(jar.getJarEntry("io/adaptivepool/agent/shaded/net/bytebuddy/agent/ByteBuddyAgent.class") != null);
            assertTrue(jar.getJarEntry("io/adaptivepool/agent/shaded/io/prometheus/client/exporter/common/TextFormat.class") != null);
            assertTrue(jar.getJarEntry("io/adaptivepool/agent/shaded/io/adaptivepool/prometheus/MetricsServer.class") != null);
            assertTrue(jar.getJarEntry("io/adaptivepool/agent/shaded/io/adaptivepool/jmx/AdaptivePoolJmx.class") != null);
        }
        assertTrue(shaded > 100, "shaded classes: " + shaded);
    }

    // ---- premain ----------------------------------------------------------------------------------

    @Test
    void helloWorldRunsQuietlyAndLoadsNoLoggingAndNoJmx() throws Exception {
        Run plain = java(null, List.of(), "com.example.fixtures.Hello");
        Run run = java("", List.of("-Xlog:class+load=info:stderr"), "com.example.fixtures.Hello");
        assertEquals(0, run.exit, run.toString());
        assertEquals(plain.out, run.out);
        for (String line : run.errLines()) {
            assertTrue(line.contains("[class,load]"), "the agent or the JVM printed: " + line);
            assertFalse(line.contains("] java.util.logging.LogManager "), line);
            assertFalse(line.contains("] javax.management.MBeanServer "), line);
            assertFalse(line.contains("] java.lang.management.ManagementFactory "), line);
        }
    }

    /**
     * What premain costs, in classes rather than milliseconds (which move with the machine's load):
     * no lambda of the agent (each spins a class), nothing that only pools need (the hook, the side
     * port and its server, ASM), and a small number of the agent's classes.
     */
    @Test
    void premainLoadsNoLambdaNothingOnlyPoolsNeedAndFewOfTheAgentsClasses() throws Exception {
        Run run = java("", List.of("-Xlog:class+load=info:stderr"), "com.example.fixtures.Hello");
        assertEquals(0, run.exit, run.toString());
        List<String> agentClasses = run.errLines().stream().filter(l -> l.contains("] io.adaptivepool.agent."))
                .map(l -> l.substring(l.indexOf("] ") + 2, l.indexOf(" source:"))).toList();
        for (String c : agentClasses) {
            assertFalse(c.contains("$$Lambda"), "a lambda at start-up: " + c);
            for (String later : new String[] {"PoolFactory", "SidePort", "CallSites", "MetricsServer", ".asm.",
                    "AdaptivePoolExecutor"}) {
                assertFalse(c.contains(later), "only pools need " + c);
            }
        }
        assertTrue(agentClasses.contains("io.adaptivepool.agent.CallSiteTransformer"), run.toString());
        assertTrue(agentClasses.size() <= 20, agentClasses.size() + " of the agent's classes: " + agentClasses);
        assertFalse(run.err.contains("] com.sun.net.httpserver.HttpServer "), "no side port before a pool");
    }

    @Test
    void theSidePortLoggingAndJmxWaitForTheFirstPoolWhoseMBeanThenAppears() throws Exception {
        int port = freePort();
        Run run = java("metrics.host=127.0.0.1,metrics.port=" + port, List.of("-Xlog:class+load=info:stderr"),
                "com.example.fixtures.QuietStart", String.valueOf(port));
        assertEquals(0, run.exit, run.toString());
        assertEquals("side port before the first pool: closed\n"
                + "pool " + SHADED_EXECUTOR + " ran\n"
                + "mbean io.adaptivepool:type=AdaptivePool,name=com.example.fixtures.QuietStart.main\n",
                run.out.replace("\r", ""));
        List<String> lines = run.errLines();
        int firstPool = indexOfLineWith(lines, "first-pool");
        assertTrue(firstPool > 0 && indexOfLineWith(lines, "server-up") > firstPool, run.toString());
        /*
         * The JVM's -Xlog writes a class-load line's decorations and its message in separate writes
         * to the same stderr, so an agent line can follow a bare "[0.285s]" (seen in CI): each agent
         * line is read from its prefix on.
         */
        String prefix = "[adaptive-pool-agent]";
        List<String> agentLines = lines.stream().filter(l -> l.contains(prefix))
                .map(l -> l.substring(l.indexOf(prefix))).toList();
        assertEquals(2, agentLines.size(), run.toString());
        assertTrue(agentLines.stream().anyMatch(l -> l.startsWith("[adaptive-pool-agent] serving metrics on http://127.0.0.1:"
                + port + "/metrics (plain HTTP, no auth)")),
                run.toString());
        assertTrue(agentLines.stream().anyMatch(l -> l.startsWith("[adaptive-pool-agent] pool"
                + " com.example.fixtures.QuietStart.main: Executors.newCachedThreadPool() is an adaptive pool (")),
                run.toString());
        assertFalse(run.err.contains("Sharing is only supported"), "the bridge is not appended to the boot class path");
        for (String forbidden : new String[] {"] java.util.logging.LogManager ", "] javax.management.MBeanServer ",
                "] java.lang.management.ManagementFactory ", "] com.sun.net.httpserver.HttpServer "}) {
            for (int i = 0; i < firstPool; i++) {
                assertFalse(lines.get(i).contains(forbidden), "before the first pool: " + lines.get(i));
            }
        }
    }

    /** The first line that holds {@code marker}; -Xlog's writes may stand beside it on that line. */
    private static int indexOfLineWith(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aBadKeyIsOneLineAndTheAppRuns() throws Exception {
        Run run = java("metrics.enabled=false,bogus=1", List.of(), "com.example.fixtures.Hello");
        assertEquals(0, run.exit, run.toString());
        assertEquals("hello", run.out.trim());
        assertEquals("[adaptive-pool-agent] unknown key bogus in agent arguments; ignored", run.err.trim());
    }

    @Test
    void strictMakesABadKeyFailTheStart() throws Exception {
        Run run = java("strict=true,metrics.enabled=false,bogus=1", List.of(), "com.example.fixtures.Hello");
        assertNotEquals(0, run.exit, run.toString());
        assertFalse(run.out.contains("hello"), run.toString());
        assertTrue(run.errLines().contains("[adaptive-pool-agent] unknown key bogus in agent arguments; ignored"),
                run.toString());
        assertTrue(run.err.contains("java.lang.IllegalStateException: [adaptive-pool-agent] strict=true and the"
                + " configuration has 1 problem(s), the first: unknown key bogus in agent arguments\n"),
                run.toString().replace("\r", ""));
    }

    @Test
    void strictMakesATakenPortFailTheStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Run run = java("strict=true,metrics.host=127.0.0.1,metrics.port=" + port, List.of(), "com.example.fixtures.Hello");
            assertNotEquals(0, run.exit, run.toString());
            assertTrue(run.err.contains("[adaptive-pool-agent] could not start (java.io.IOException: metrics server"
                    + " cannot bind 127.0.0.1:" + port + " (Address already in use)); agent disabled"), run.toString());
        }
    }

    @Test
    void jdkCallersAreReplacedWhenIncluded() throws Exception {
        Run left = java("metrics.enabled=false,jmx.enabled=false", List.of(), "com.example.fixtures.HttpClientUser");
        assertEquals(0, left.exit, left.toString());
        assertEquals("response pong", left.out.trim());
        assertEquals("", left.err.trim(), "JDK classes are left alone by default");

        Run included = java("metrics.enabled=false,jmx.enabled=false,include=*,jdk.internal.net.http.", List.of(),
                "com.example.fixtures.HttpClientUser");
        assertEquals(0, included.exit, included.toString());
        assertEquals("response pong", included.out.trim());
        assertTrue(included.err.startsWith("[adaptive-pool-agent] pool jdk.internal.net.http.HttpClientImpl.<init>:"
                + " Executors.newCachedThreadPool(factory) is an adaptive pool ("), included.toString());
    }

    @Test
    void classesOfANamedModuleAreMadeToReadTheBridge() throws Exception {
        Path src = dir.resolve("src/legacy.mod");
        Files.createDirectories(src.resolve("legacy/mod"));
        Files.writeString(src.resolve("module-info.java"), "module legacy.mod { }\n");
        Files.writeString(src.resolve("legacy/mod/Main.java"), "package legacy.mod;\n"
                + "import java.util.concurrent.*;\nimport java.util.function.*;\n"
                + "public class Main {\n  public static void main(String[] a) throws Exception {\n"
                + "    ExecutorService direct = Executors.newCachedThreadPool();\n"
                + "    Supplier<ExecutorService> ref = Executors::newCachedThreadPool;\n"
                + "    ExecutorService byRef = ref.get();\n"
                + "    System.out.println(direct.getClass().getName() + \" \" + direct.submit(() -> 1).get());\n"
                + "    System.out.println(byRef.getClass().getName() + \" \" + byRef.submit(() -> 2).get());\n"
                + "    direct.shutdown(); byRef.shutdown();\n  }\n}\n");
        Path mods = Files.createDirectories(dir.resolve("mods/legacy.mod"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, errors, "-d", mods.toString(), src.resolve("module-info.java").toString(),
                src.resolve("legacy/mod/Main.java").toString()), errors.toString());
        Run run = run(List.of(JAVA, "-javaagent:" + JAR + "=metrics.enabled=false,jmx.enabled=false",
                "--module-path", dir.resolve("mods").toString(), "-m", "legacy.mod/legacy.mod.Main"));
        assertEquals(0, run.exit, run.toString());
        assertEquals(SHADED_EXECUTOR + " 1\n" + SHADED_EXECUTOR + " 2\n", run.out.replace("\r", ""));
    }

    @Test
    void classesOfAnIsolatedLoaderSeeTheBridge() throws Exception {
        Run run = java("metrics.enabled=false,jmx.enabled=false", List.of(), "com.example.fixtures.IsolatedLoaderApp",
                Paths.get(CLASSES).toAbsolutePath().toString());
        assertEquals(0, run.exit, run.toString());
        String[] lines = run.out.split("\\R");
        assertEquals(SHADED_EXECUTOR + " ran", lines[0]);
        assertTrue(lines[1].startsWith("AdaptivePoolExecutor[com.example.fixtures.PoolMaker.make, "), lines[1]);
    }

    // ---- attach -------------------------------------------------------------------------------------

    @Test
    void attachReplacesThePoolsMadeAfterwardsByCodeAlreadyLoaded() throws Exception {
        Process target = new ProcessBuilder(JAVA, "-XX:+EnableDynamicAgentLoading", "-cp", CLASSES,
                "com.example.fixtures.AttachTarget").redirectError(dir.resolve("target-err.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("before java.util.concurrent.ThreadPoolExecutor ran", out.readLine());
            String ready = out.readLine();
            assertTrue(ready.startsWith("ready "), ready);
            String pid = ready.substring("ready ".length());

            Run list = run(List.of(JAVA, "-jar", JAR.toString(), "list"));
            assertEquals(0, list.exit, list.toString());
            assertTrue(list.out.lines().anyMatch(l -> l.equals(pid + " com.example.fixtures.AttachTarget")), list.toString());

            Run attach = run(List.of(JAVA, "-jar", JAR.toString(), "attach", pid, "metrics.enabled=false,jmx.enabled=false"));
            assertEquals(0, attach.exit, attach.toString());
            assertEquals("[adaptive-pool-agent] attached to process " + pid
                    + "; its standard error shows what the agent did", attach.out.trim());

            try (OutputStream in = target.getOutputStream()) {
                in.write('\n');
            }
            assertEquals("after " + SHADED_EXECUTOR + " ran", out.readLine());
            assertEquals("after-reference " + SHADED_EXECUTOR + " ran", out.readLine());
            assertTrue(target.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, target.exitValue());
            String err = Files.readString(dir.resolve("target-err.txt"));
            assertTrue(err.contains("[adaptive-pool-agent] attached: rewrote 1 loaded class(es) that make"
                    + " pools of the replaced kinds (replace=cached); pools created from now on are adaptive"), err);
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void attachToAProcessThatIsNotThereFails() throws Exception {
        Run attach = run(List.of(JAVA, "-jar", JAR.toString(), "attach", "999999999"));
        assertEquals(1, attach.exit, attach.toString());
        assertTrue(attach.err.startsWith("[adaptive-pool-agent] could not attach to process 999999999: "), attach.toString());
    }

    @Test
    void theJarWithoutArgumentsPrintsUsage() throws Exception {
        Run usage = run(List.of(JAVA, "-jar", JAR.toString()));
        assertEquals(2, usage.exit);
        assertTrue(usage.err.contains("java -jar adaptive-pool-agent.jar attach <pid> [key=value,...]"), usage.toString());
    }
}
