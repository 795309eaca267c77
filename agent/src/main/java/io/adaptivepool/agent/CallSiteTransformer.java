package io.adaptivepool.agent;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Redirects {@code Executors.newCachedThreadPool} call sites to {@code ExecutorsBridge}.
 *
 * <p>What is rewritten, in the classes {@link CallerFilter} accepts: every
 * {@code INVOKESTATIC java/util/concurrent/Executors.newCachedThreadPool} with the descriptor of
 * either overload (direct calls, and lambda bodies, which are ordinary synthetic methods), and
 * every {@code H_INVOKESTATIC} method handle to them, as bootstrap arguments of
 * {@code invokedynamic} (method references, {@code Executors::newCachedThreadPool}), in dynamic
 * constants, and as {@code ldc} constants. Only the owner changes: the bridge has the same names
 * and descriptors, so code size, stack shape and frames stay as they were, no method is added, and
 * the same rewrite works for classes being loaded and for retransformation.
 *
 * <p>The first class rewritten installs the bridge ({@link Bridge}); a class of a named module has
 * its module made to read the bridge's first ({@link Modules}).
 *
 * <p>Cost: a class is parsed only if its bytes contain both UTF-8 constants
 * {@code newCachedThreadPool} and {@code java/util/concurrent/Executors}, found by a byte search
 * before anything else; every other class costs that search and nothing more. JDK classes (unless
 * included) are skipped before the search.
 *
 * <p>Failures: anything that goes wrong with one class (a class file too new for the ASM in use,
 * a malformed one, a module that cannot be made to read the bridge) leaves that class as it was
 * and is logged in one line naming it. A transformer never throws: the JVM would ignore it anyway.
 */
final class CallSiteTransformer implements ClassFileTransformer {
    static final String EXECUTORS = "java/util/concurrent/Executors";
    static final String METHOD = "newCachedThreadPool";
    static final String NO_ARG = "()Ljava/util/concurrent/ExecutorService;";
    static final String WITH_FACTORY = "(Ljava/util/concurrent/ThreadFactory;)Ljava/util/concurrent/ExecutorService;";
    static final String BRIDGE = "io/adaptivepool/agent/bridge/ExecutorsBridge";

    private static final byte[] METHOD_BYTES = METHOD.getBytes(StandardCharsets.UTF_8);
    private static final byte[] EXECUTORS_BYTES = EXECUTORS.getBytes(StandardCharsets.UTF_8);

    private final CallerFilter filter;
    /** Null in tests that install the hook themselves. */
    private final Bridge bridge;
    private final Consumer<String> log;
    private final AtomicInteger rewritten = new AtomicInteger();

    /**
     * @param bridge installed when the first class is rewritten; null if the bridge and hook are
     *     already in place (tests)
     */
    CallSiteTransformer(CallerFilter filter, Bridge bridge, Consumer<String> log) {
        this.filter = filter;
        this.bridge = bridge;
        this.log = log;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || classfileBuffer == null || !filter.accepts(loader, className)
                || !mayCallNewCachedThreadPool(classfileBuffer)) {
            return null;
        }
        try {
            byte[] result = rewrite(classfileBuffer);
            if (result == null) {
                return null;
            }
            if (bridge != null && !bridge.ready()) {
                return null; // logged once by the bridge
            }
            Modules modules = bridge == null ? null : bridge.modules();
            if (modules != null) {
                String refusal = modules.letReadBridge(loader, className, classBeingRedefined);
                if (refusal != null) {
                    log.accept("left " + className.replace('/', '.') + " unchanged: " + refusal
                            + "; its cached pools stay the JDK's");
                    return null;
                }
            }
            rewritten.incrementAndGet();
            return result;
        } catch (Throwable failure) {
            log.accept("could not rewrite " + className.replace('/', '.') + " (loader " + loaderName(loader) + "): "
                    + failure + "; its cached pools stay the JDK's");
            return null;
        }
    }

    /** How many classes this transformer has rewritten so far. */
    int rewrittenClasses() {
        return rewritten.get();
    }

    private static String loaderName(ClassLoader loader) {
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }

    /** The byte search: true if the class file holds both constants a call needs. */
    static boolean mayCallNewCachedThreadPool(byte[] classFile) {
        return indexOf(classFile, METHOD_BYTES) >= 0 && indexOf(classFile, EXECUTORS_BYTES) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The class with its call sites and handles redirected to the bridge, or null when it has none
     * (a class that only mentions the names, say in a string).
     *
     * @throws IllegalArgumentException if ASM cannot read the class file (a version it does not know)
     */
    static byte[] rewrite(byte[] classFile) {
        return Redirect.rewrite(classFile); // ASM is loaded only when a class needs it
    }

    static boolean isTarget(String owner, String name, String descriptor) {
        return EXECUTORS.equals(owner) && METHOD.equals(name)
                && (NO_ARG.equals(descriptor) || WITH_FACTORY.equals(descriptor));
    }

    private static final class Redirect extends ClassVisitor {
        boolean changed;

        Redirect(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        static byte[] rewrite(byte[] classFile) {
            ClassReader reader = new ClassReader(classFile);
            // flags 0: no frame or max computation (nothing changes size), so no class is ever loaded here
            ClassWriter writer = new ClassWriter(reader, 0);
            Redirect redirect = new Redirect(writer);
            reader.accept(redirect, 0);
            return redirect.changed ? writer.toByteArray() : null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            return next == null ? null : new MethodVisitor(Opcodes.ASM9, next) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                        boolean isInterface) {
                    if (opcode == Opcodes.INVOKESTATIC && !isInterface && isTarget(owner, name, descriptor)) {
                        changed = true;
                        super.visitMethodInsn(opcode, BRIDGE, name, descriptor, false);
                    } else {
                        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                        Object... arguments) {
                    super.visitInvokeDynamicInsn(name, descriptor, bootstrap, map(arguments));
                }

                @Override
                public void visitLdcInsn(Object value) {
                    super.visitLdcInsn(map(value));
                }
            };
        }

        private Object[] map(Object[] constants) {
            Object[] mapped = constants;
            for (int i = 0; i < constants.length; i++) {
                Object m = map(constants[i]);
                if (m != constants[i]) {
                    if (mapped == constants) {
                        mapped = constants.clone();
                    }
                    mapped[i] = m;
                }
            }
            return mapped;
        }

        private Object map(Object constant) {
            if (constant instanceof Handle) {
                Handle h = (Handle) constant;
                if (h.getTag() == Opcodes.H_INVOKESTATIC && !h.isInterface()
                        && isTarget(h.getOwner(), h.getName(), h.getDesc())) {
                    changed = true;
                    return new Handle(Opcodes.H_INVOKESTATIC, BRIDGE, h.getName(), h.getDesc(), false);
                }
                return h;
            }
            if (constant instanceof ConstantDynamic) {
                ConstantDynamic c = (ConstantDynamic) constant;
                Object[] args = new Object[c.getBootstrapMethodArgumentCount()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = c.getBootstrapMethodArgument(i);
                }
                Object[] mapped = map(args);
                Handle bootstrap = (Handle) map(c.getBootstrapMethod());
                if (mapped == args && bootstrap == c.getBootstrapMethod()) {
                    return c;
                }
                return new ConstantDynamic(c.getName(), c.getDescriptor(), bootstrap, mapped);
            }
            return constant;
        }
    }
}
