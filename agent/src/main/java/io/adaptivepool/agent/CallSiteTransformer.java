package io.adaptivepool.agent;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Redirects the call sites of the replaced executors to {@code ExecutorsBridge}.
 *
 * <p>What is rewritten, in the classes {@link CallerFilter} accepts, for the kinds of
 * {@code replace} ({@link Targets}): every {@code INVOKESTATIC java/util/concurrent/Executors.<factory>}
 * with the descriptor of an overload of a replaced factory (direct calls, and lambda bodies, which
 * are ordinary synthetic methods), and every {@code H_INVOKESTATIC} method handle to them, as
 * bootstrap arguments of {@code invokedynamic} (method references,
 * {@code Executors::newCachedThreadPool}), in dynamic constants, and as {@code ldc} constants. Only
 * the owner changes: the bridge has the same names and descriptors, so code size, stack shape and
 * frames stay as they were, no method is added, and the same rewrite works for classes being
 * loaded and for retransformation.
 *
 * <p>With {@code cached}, also a construction of exactly {@code java.util.concurrent.ThreadPoolExecutor}
 * ({@code NEW}, {@code DUP}, the arguments, {@code INVOKESPECIAL <init>}, as every Java compiler
 * writes it): {@code NEW} and {@code DUP} are dropped and the constructor call becomes
 * {@code INVOKESTATIC ExecutorsBridge.newThreadPoolExecutor} with the same parameters, which
 * leaves one {@code ThreadPoolExecutor} on the stack as before; the bridge decides at run time
 * whether the pool is a cached one. A subclass's construction ({@code NEW} of the subclass) is
 * never touched. Where a stack map frame lies between the {@code NEW} and the constructor call (an
 * argument with a branch, {@code a ? b : c}), the frame would name the dropped {@code NEW}: such a
 * class is left unchanged and logged.
 *
 * <p>The first class rewritten installs the bridge ({@link Bridge}); a class of a named module has
 * its module made to read the bridge's first ({@link Modules}).
 *
 * <p>Cost: a class is parsed only if its bytes hold the names a call needs (for {@code Executors},
 * its class name and a replaced factory's name; for a construction, the names
 * {@code ThreadPoolExecutor} and {@code SynchronousQueue}), found by a byte search before anything
 * else; every other class costs that search and nothing more. JDK classes (unless included) are
 * skipped before the search.
 *
 * <p>Failures: anything that goes wrong with one class (a class file too new for the ASM in use,
 * a malformed one, a module that cannot be made to read the bridge) leaves that class as it was
 * and is logged in one line naming it. A transformer never throws: the JVM would ignore it anyway.
 */
final class CallSiteTransformer implements ClassFileTransformer {
    static final String EXECUTORS = "java/util/concurrent/Executors";
    static final String THREAD_POOL_EXECUTOR = "java/util/concurrent/ThreadPoolExecutor";
    static final String BRIDGE = "io/adaptivepool/agent/bridge/ExecutorsBridge";
    static final String BRIDGE_CONSTRUCTOR = "newThreadPoolExecutor";

    private final CallerFilter filter;
    private final Set<PoolKind> kinds;
    private final Targets targets;
    /** Null in tests that install the hook themselves. */
    private final Bridge bridge;
    private final Consumer<String> log;
    private final AtomicInteger rewritten = new AtomicInteger();

    /**
     * @param kinds the kinds of executor whose call sites are rewritten
     * @param bridge installed when the first class is rewritten; null if the bridge and hook are
     *     already in place (tests)
     */
    CallSiteTransformer(CallerFilter filter, Set<PoolKind> kinds, Bridge bridge, Consumer<String> log) {
        this.filter = filter;
        this.kinds = kinds;
        this.targets = new Targets(kinds);
        this.bridge = bridge;
        this.log = log;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || classfileBuffer == null || !filter.accepts(loader, className)
                || !targets.mayCall(classfileBuffer)) {
            return null;
        }
        try {
            byte[] result = rewrite(classfileBuffer, targets);
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
                            + "; its pools stay the JDK's");
                    return null;
                }
            }
            rewritten.incrementAndGet();
            return result;
        } catch (Throwable failure) {
            log.accept("could not rewrite " + className.replace('/', '.') + " (loader " + loaderName(loader) + "): "
                    + failure + "; its pools stay the JDK's");
            return null;
        }
    }

    /** The kinds whose call sites this transformer rewrites. */
    Set<PoolKind> kinds() {
        return kinds;
    }

    /** How many classes this transformer has rewritten so far. */
    int rewrittenClasses() {
        return rewritten.get();
    }

    private static String loaderName(ClassLoader loader) {
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }

    /** The byte search of {@link #transform}: true if the class file may hold a call this transformer rewrites. */
    boolean mayCall(byte[] classFile) {
        return targets.mayCall(classFile);
    }

    /**
     * The class with its call sites and handles redirected to the bridge, or null when it has none
     * (a class that only mentions the names, say in a string).
     *
     * @throws IllegalArgumentException if ASM cannot read the class file (a version it does not know)
     * @throws IllegalStateException if a frame lies inside a construction of {@code ThreadPoolExecutor}
     */
    static byte[] rewrite(byte[] classFile, Targets targets) {
        return Redirect.rewrite(classFile, targets); // ASM is loaded only when a class needs it
    }

    private static final class Redirect extends ClassVisitor {
        private final Targets targets;
        boolean changed;

        Redirect(ClassVisitor next, Targets targets) {
            super(Opcodes.ASM9, next);
            this.targets = targets;
        }

        static byte[] rewrite(byte[] classFile, Targets targets) {
            ClassReader reader = new ClassReader(classFile);
            // flags 0: no frame or max computation (the stack only shrinks), so no class is ever loaded here
            ClassWriter writer = new ClassWriter(reader, 0);
            Redirect redirect = new Redirect(writer, targets);
            reader.accept(redirect, 0);
            return redirect.changed ? writer.toByteArray() : null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            return next == null ? null : new Calls(next);
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
                        && targets.isFactory(h.getOwner(), h.getName(), h.getDesc())) {
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

        /**
         * One method's calls: factory calls get the bridge as owner; a construction of
         * {@code ThreadPoolExecutor} loses its {@code NEW} and {@code DUP} (held back one instruction
         * to see the {@code DUP}) and calls the bridge. Constructions nest (an argument may construct
         * another): {@code pending} holds, innermost last, whether each open one was dropped.
         */
        private final class Calls extends MethodVisitor {
            private final ArrayDeque<Boolean> pending = new ArrayDeque<>();
            private boolean heldNew;

            Calls(MethodVisitor next) {
                super(Opcodes.ASM9, next);
            }

            /** Writes a held-back {@code NEW}: the next instruction is not its {@code DUP}. */
            private void release() {
                if (heldNew) {
                    heldNew = false;
                    pending.addLast(Boolean.FALSE);
                    super.visitTypeInsn(Opcodes.NEW, THREAD_POOL_EXECUTOR);
                }
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                release();
                if (opcode == Opcodes.NEW && targets.constructions() && THREAD_POOL_EXECUTOR.equals(type)) {
                    heldNew = true;
                } else {
                    super.visitTypeInsn(opcode, type);
                }
            }

            @Override
            public void visitInsn(int opcode) {
                if (heldNew && opcode == Opcodes.DUP) {
                    heldNew = false;
                    pending.addLast(Boolean.TRUE);
                    return;
                }
                release();
                super.visitInsn(opcode);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                    boolean isInterface) {
                release();
                if (opcode == Opcodes.INVOKESTATIC && !isInterface && targets.isFactory(owner, name, descriptor)) {
                    changed = true;
                    super.visitMethodInsn(opcode, BRIDGE, name, descriptor, false);
                } else if (opcode == Opcodes.INVOKESPECIAL && THREAD_POOL_EXECUTOR.equals(owner)
                        && "<init>".equals(name) && !pending.isEmpty() && pending.removeLast()) {
                    changed = true;
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, BRIDGE_CONSTRUCTOR,
                            descriptor.substring(0, descriptor.length() - 1) + "L" + THREAD_POOL_EXECUTOR + ";", false);
                } else {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                }
            }

            @Override
            public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                release();
                if (pending.contains(Boolean.TRUE)) {
                    throw new IllegalStateException("a stack map frame inside new ThreadPoolExecutor(...): an"
                            + " argument with a branch");
                }
                super.visitFrame(type, numLocal, local, numStack, stack);
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                release();
                super.visitInvokeDynamicInsn(name, descriptor, bootstrap, map(arguments));
            }

            @Override
            public void visitLdcInsn(Object value) {
                release();
                super.visitLdcInsn(map(value));
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                release();
                super.visitVarInsn(opcode, varIndex);
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                release();
                super.visitIntInsn(opcode, operand);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                release();
                super.visitFieldInsn(opcode, owner, name, descriptor);
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                release();
                super.visitJumpInsn(opcode, label);
            }

            @Override
            public void visitLabel(Label label) {
                release();
                super.visitLabel(label);
            }

            @Override
            public void visitIincInsn(int varIndex, int increment) {
                release();
                super.visitIincInsn(varIndex, increment);
            }

            @Override
            public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                release();
                super.visitTableSwitchInsn(min, max, dflt, labels);
            }

            @Override
            public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                release();
                super.visitLookupSwitchInsn(dflt, keys, labels);
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                release();
                super.visitMultiANewArrayInsn(descriptor, numDimensions);
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                release();
                super.visitLineNumber(line, start);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                release();
                super.visitMaxs(maxStack, maxLocals);
            }
        }
    }
}
