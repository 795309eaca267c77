package io.adaptivepool.agent;

import com.example.legacy.LegacyService;
import com.example.legacy.Mentions;
import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.agent.bridge.ExecutorsBridge;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class CallSiteTransformerTest {
    private static final String SERVICE = "com.example.legacy.LegacyService";

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<ExecutorService> created = new ArrayList<>();
    private CallSiteTransformer transformer;

    @TempDir
    Path dir;

    @BeforeEach
    void installHook() {
        AgentConfig config = AgentConfig.load("jmx.enabled=false,metrics.enabled=false", new Properties(), Map.of());
        CallerFilter filter = CallerFilter.of(config);
        transformer = new CallSiteTransformer(filter, config.replace(), null, log::add);
        assertTrue(ExecutorsBridge.install(new PoolFactory(config, filter, null, log::add)));
    }

    @AfterEach
    void uninstallHook() throws InterruptedException {
        ExecutorsBridge.uninstall();
        for (ExecutorService e : created) {
            e.shutdownNow();
            assertTrue(e.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private Object newService() throws ReflectiveOperationException {
        Class<?> c = new RewritingLoader(transformer, "com.example.legacy.", null).loadClass(SERVICE);
        Object service = c.getConstructor().newInstance();
        created.add((ExecutorService) c.getField("SHARED").get(null));
        created.add((ExecutorService) c.getMethod("own").invoke(service));
        return service;
    }

    private ExecutorService call(Object service, String method, Object... args) throws ReflectiveOperationException {
        Class<?>[] types = args.length == 0 ? new Class<?>[0] : new Class<?>[] {ThreadFactory.class};
        ExecutorService e = (ExecutorService) service.getClass().getMethod(method, types).invoke(service, args);
        created.add(e);
        return e;
    }

    private static AdaptivePoolExecutor adaptive(ExecutorService e) {
        return assertInstanceOf(AdaptivePoolExecutor.class, e);
    }

    private static String threadNameOf(ExecutorService e) throws Exception {
        return e.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
    }

    // ---- call sites ---------------------------------------------------------------------------

    @Test
    void directCallsAreReplacedAndNamedAfterTheirCaller() throws Exception {
        Object service = newService();
        ExecutorService first = call(service, "direct");
        ExecutorService second = call(service, "direct");
        assertEquals(SERVICE + ".direct", adaptive(first).getName());
        assertEquals(SERVICE + ".direct#2", adaptive(second).getName());
        assertEquals(SERVICE + ".direct#2-worker-1", threadNameOf(second));
    }

    @Test
    void staticInitialisersAndConstructorsAreCallSitesToo() throws Exception {
        Object service = newService();
        assertEquals(SERVICE + ".<clinit>", adaptive((ExecutorService) service.getClass().getField("SHARED").get(null)).getName());
        assertEquals(SERVICE + ".<init>", adaptive((ExecutorService) service.getClass().getMethod("own").invoke(service)).getName());
    }

    @Test
    void theCallersThreadFactoryMakesTheThreads() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory factory = r -> new Thread(r, "caller-" + made.incrementAndGet());
        ExecutorService pool = call(newService(), "directWithFactory", factory);
        assertEquals(SERVICE + ".directWithFactory", adaptive(pool).getName());
        assertEquals("caller-1", threadNameOf(pool));
        assertEquals(1, made.get());
    }

    @Test
    void methodReferencesAreReplaced() throws Exception {
        Object service = newService();
        assertEquals(SERVICE + ".methodReference", adaptive(call(service, "methodReference")).getName());
        ThreadFactory factory = r -> new Thread(r, "by-reference");
        ExecutorService pool = call(service, "methodReferenceWithFactory", factory);
        assertEquals(SERVICE + ".methodReferenceWithFactory", adaptive(pool).getName());
        assertEquals("by-reference", threadNameOf(pool));
    }

    @Test
    void lambdaBodiesAreReplacedAndNamedAfterTheEnclosingMethod() throws Exception {
        assertEquals(SERVICE + ".lambda", adaptive(call(newService(), "lambda")).getName());
    }

    @Test
    void otherExecutorsAreLeftAlone() throws Exception {
        ExecutorService fixed = call(newService(), "fixed");
        assertInstanceOf(ThreadPoolExecutor.class, fixed);
        assertFalse(fixed instanceof AdaptivePoolExecutor);
    }

    @Test
    void aNullFactoryStillThrowsNullPointerException() throws Exception {
        Object service = newService();
        Throwable thrown = assertThrows(java.lang.reflect.InvocationTargetException.class,
                () -> service.getClass().getMethod("nullFactory").invoke(service));
        assertInstanceOf(NullPointerException.class, thrown.getCause());
    }

    @Test
    void theReplacementKeepsTheCachedPoolContract() throws Exception {
        AdaptivePoolExecutor pool = adaptive(call(newService(), "direct"));
        assertEquals(0, pool.getCorePoolSize());
        assertEquals(Setting.DEFAULT_MAX_WORKERS, pool.getMaximumPoolSize());
        assertEquals(60, pool.getKeepAliveTime(TimeUnit.SECONDS));
        assertEquals(0.0, pool.getScaleUpThreshold());
        assertEquals(io.adaptivepool.Saturation.BLOCK, pool.getSaturation());
        assertFalse(pool.getMaxSubmitWait().isPresent());
        ThreadPoolExecutor cast = pool; // HikariCP's cast and setters
        cast.setKeepAliveTime(30, TimeUnit.SECONDS);
        cast.allowCoreThreadTimeOut(true);
        assertEquals(30, pool.getKeepAliveTime(TimeUnit.SECONDS));
        assertTrue(pool.allowsCoreThreadTimeOut());
    }

    // ---- what the rewrite leaves in the class file ---------------------------------------------

    @Test
    void everyCallAndHandleNowTargetsTheBridge() {
        byte[] rewritten = CallSiteTransformer.rewrite(RewritingLoader.classFileOf(LegacyService.class),
                new Targets(EnumSet.of(PoolKind.CACHED)));
        assertNotNull(rewritten);
        References refs = References.of(rewritten);
        assertEquals(0, refs.toExecutors, "calls or handles left on Executors.newCachedThreadPool");
        // <clinit>, <init>, direct, directWithFactory, nullFactory, lambda body; two method references
        assertEquals(6, refs.callsToBridge);
        assertEquals(2, refs.handlesToBridge);
        assertEquals(1, refs.otherExecutorsCalls, "newFixedThreadPool stays");
    }

    @Test
    void aClassThatOnlyMentionsTheNamesIsNotChanged() {
        byte[] classFile = RewritingLoader.classFileOf(Mentions.class);
        assertTrue(transformer.mayCall(classFile));
        assertNull(transformer.transform(getClass().getClassLoader(), "com/example/legacy/Mentions", null, null, classFile));
    }

    @Test
    void aClassThatNeverMentionsExecutorsIsNotParsed() {
        byte[] classFile = RewritingLoader.classFileOf(CallerFilter.class);
        assertFalse(transformer.mayCall(classFile));
    }

    // ---- which classes --------------------------------------------------------------------------

    @Test
    void jdkClassesAreLeftAloneByDefault() {
        byte[] classFile = RewritingLoader.classFileOf(LegacyService.class);
        ClassLoader app = getClass().getClassLoader();
        ClassLoader platform = ClassLoader.getSystemClassLoader().getParent();
        assertNull(transformer.transform(null, "com/example/legacy/LegacyService", null, null, classFile));
        assertNull(transformer.transform(platform, "com/example/legacy/LegacyService", null, null, classFile));
        assertNull(transformer.transform(app, "java/util/Legacy", null, null, classFile));
        assertNull(transformer.transform(app, "jdk/internal/Legacy", null, null, classFile));
        assertNull(transformer.transform(app, "sun/misc/Legacy", null, null, classFile));
        assertNull(transformer.transform(app, "io/adaptivepool/agent/shaded/Legacy", null, null, classFile));
        assertNotNull(transformer.transform(app, "com/sun/jersey/api/client/Client", null, null, classFile),
                "com.sun.* of the application is an application library");
        assertNotNull(transformer.transform(app, "com/example/legacy/LegacyService", null, null, classFile));
    }

    @Test
    void includeAndExcludeChooseTheCallers() {
        byte[] classFile = RewritingLoader.classFileOf(LegacyService.class);
        ClassLoader app = getClass().getClassLoader();
        CallSiteTransformer only = transformerFor("include=com.example.,exclude=com.example.legacy.gen.");
        assertNotNull(only.transform(app, "com/example/legacy/LegacyService", null, null, classFile));
        assertNull(only.transform(app, "com/example/legacy/gen/Generated", null, null, classFile));
        assertNull(only.transform(app, "org/other/Library", null, null, classFile));
        CallSiteTransformer jdkToo = transformerFor("include=*,jdk.internal.net.http.");
        assertNotNull(jdkToo.transform(null, "jdk/internal/net/http/HttpClientImpl", null, null, classFile));
        assertNull(jdkToo.transform(null, "java/util/Legacy", null, null, classFile));
        assertNotNull(jdkToo.transform(app, "org/other/Library", null, null, classFile));
    }

    private CallSiteTransformer transformerFor(String args) {
        AgentConfig config = AgentConfig.load(args, new Properties(), Map.of());
        assertEquals(List.of(), config.problems());
        return new CallSiteTransformer(CallerFilter.of(config), config.replace(), null, log::add);
    }

    @Test
    void aClassThatCannotBeParsedIsLeftAsItIsAndLoggedOnce() {
        byte[] garbage = "\u00ca\u00fe\u00ba\u00be java/util/concurrent/Executors newCachedThreadPool"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertNull(transformer.transform(getClass().getClassLoader(), "com/example/Broken", null, null, garbage));
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("could not rewrite com.example.Broken (loader "
                + getClass().getClassLoader().getClass().getName() + "): java.lang."), log.get(0));
        assertTrue(log.get(0).endsWith("; its pools stay the JDK's"), log.get(0));
    }

    @Test
    void aClassFileTooNewForAsmIsLeftAsItIs() {
        byte[] classFile = RewritingLoader.classFileOf(LegacyService.class);
        classFile[6] = 0;
        classFile[7] = 99; // major version 99
        assertNull(transformer.transform(getClass().getClassLoader(), "com/example/legacy/LegacyService", null, null,
                classFile));
        assertEquals(List.of("could not rewrite com.example.legacy.LegacyService (loader "
                + getClass().getClassLoader().getClass().getName()
                + "): java.lang.IllegalArgumentException: Unsupported class file major version 99;"
                + " its pools stay the JDK's"), log);
    }

    // ---- class files of every release, Java 8 as legacy apps have them ----------------------------------------

    /** Java 8 (legacy apps), 11, 17, and the running JDK's own release (25 on JDK 25). */
    static Stream<String> releases() {
        int current = Runtime.version().feature();
        return current > 17 ? Stream.of("8", "11", "17", String.valueOf(current)) : Stream.of("8", "11", "17");
    }

    @ParameterizedTest
    @MethodSource("releases")
    void classFilesOfEachReleaseAreRewritten(String release) throws Exception {
        String source = "package com.example.old;\n"
                + "import java.util.concurrent.*;\nimport java.util.function.*;\n"
                + "public class OldService {\n"
                + "  public ExecutorService[] all() throws Exception {\n"
                + "    Supplier<ExecutorService> s = Executors::newCachedThreadPool;\n"
                + "    Callable<ExecutorService> c = () -> Executors.newCachedThreadPool(Executors.defaultThreadFactory());\n"
                + "    ExecutorService direct = Executors.newCachedThreadPool();\n"
                + "    return new ExecutorService[] {direct, s.get(), c.call()};\n"
                + "  }\n}\n";
        Path src = dir.resolve("src/com/example/old/OldService.java");
        Files.createDirectories(src.getParent());
        Files.write(src, source.getBytes(StandardCharsets.UTF_8));
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, errors, "--release", release, "-d", out.toString(), src.toString()),
                errors.toString());
        byte[] classFile = Files.readAllBytes(out.resolve("com/example/old/OldService.class"));
        assertEquals(44 + Integer.parseInt(release), classFile[7]);

        Class<?> c = new RewritingLoader(transformer, "com.example.old.", out).loadClass("com.example.old.OldService");
        ExecutorService[] pools = (ExecutorService[]) c.getMethod("all").invoke(c.getConstructor().newInstance());
        Collections.addAll(created, pools);
        assertEquals("com.example.old.OldService.all", adaptive(pools[0]).getName());
        assertEquals("com.example.old.OldService.all#2", adaptive(pools[1]).getName());
        assertEquals("com.example.old.OldService.all#3", adaptive(pools[2]).getName());
        assertEquals(1, transformer.rewrittenClasses());
    }

    /** Counts, with ASM, what a class file's code refers to. */
    private static final class References extends ClassVisitor {
        int toExecutors;
        int callsToBridge;
        int handlesToBridge;
        int otherExecutorsCalls;

        private References() {
            super(Opcodes.ASM9);
        }

        static References of(byte[] classFile) {
            References refs = new References();
            new ClassReader(classFile).accept(refs, 0);
            return refs;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                    count(owner, name, false);
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
                    for (Object arg : args) {
                        if (arg instanceof Handle) {
                            count(((Handle) arg).getOwner(), ((Handle) arg).getName(), true);
                        }
                    }
                }
            };
        }

        private void count(String owner, String name, boolean handle) {
            if (owner.equals(CallSiteTransformer.EXECUTORS) && name.equals("newCachedThreadPool")) {
                toExecutors++;
            } else if (owner.equals(CallSiteTransformer.BRIDGE)) {
                if (handle) {
                    handlesToBridge++;
                } else {
                    callsToBridge++;
                }
            } else if (owner.equals(CallSiteTransformer.EXECUTORS)) {
                otherExecutorsCalls++;
            }
        }
    }
}
