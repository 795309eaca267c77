package io.adaptivepool.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Java 9+ module readability, by reflection (the agent is Java 8 bytecode). The bridge lives in
 * the unnamed module of the bootstrap loader, which every unnamed module (the class path, web-app
 * and fat-jar loaders) reads; a named module does not, so before a class of a named module is
 * rewritten, its module is made to read the bridge's ({@code Instrumentation.redefineModule}).
 *
 * <p>Where is a class being loaded? A class being retransformed knows its module. For a class
 * being loaded, the boot layer's modules are looked up by package (this covers the JDK's modules
 * and an application started with a module path). A class that a custom module layer's loader
 * ({@code jdk.internal.loader.Loader}) defines, in a package the boot layer does not know, may be
 * in a named module that cannot be told apart before it is defined: it is left alone, as rewriting
 * it could break its calls.
 */
final class Modules {
    private final Instrumentation instrumentation;
    private final Object bridgeModule;
    private final Method getModule;
    private final Method isNamed;
    private final Method canRead;
    private final Method redefineModule;
    private final Method isModifiableModule;
    /** Package (dotted) to module of the boot layer, built on first need. */
    private volatile Map<String, Object> bootLayerPackages;

    private Modules(Instrumentation instrumentation, Object bridgeModule) throws ReflectiveOperationException {
        this.instrumentation = instrumentation;
        this.bridgeModule = bridgeModule;
        Class<?> moduleClass = Class.forName("java.lang.Module");
        this.getModule = Class.class.getMethod("getModule");
        this.isNamed = moduleClass.getMethod("isNamed");
        this.canRead = moduleClass.getMethod("canRead", moduleClass);
        this.redefineModule = Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class,
                Map.class, Set.class, Map.class);
        this.isModifiableModule = Instrumentation.class.getMethod("isModifiableModule", moduleClass);
    }

    /** The module support of this JVM, or null on Java 8 (no modules). */
    static Modules create(Instrumentation instrumentation, Class<?> bridge) {
        Method getModule;
        try {
            getModule = Class.class.getMethod("getModule");
        } catch (NoSuchMethodException java8) {
            return null;
        }
        try {
            return new Modules(instrumentation, getModule.invoke(bridge));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot use the module API of this JVM: " + e, e);
        }
    }

    /**
     * Makes the module of a class that is about to be rewritten read the bridge's module.
     *
     * @return null when done (or nothing was needed), else why the class must be left alone
     */
    String letReadBridge(ClassLoader loader, String internalName, Class<?> classBeingRedefined) {
        try {
            Object module = classBeingRedefined != null ? getModule.invoke(classBeingRedefined)
                    : bootLayerModule(loader, internalName);
            if (module == null) {
                if (loader != null && loader.getClass().getName().equals("jdk.internal.loader.Loader")) {
                    return "its loader belongs to a custom module layer, whose named modules cannot read the"
                            + " agent's bridge";
                }
                return null; // the unnamed module of its loader, which reads every module
            }
            if (!(Boolean) isNamed.invoke(module) || (Boolean) canRead.invoke(module, bridgeModule)) {
                return null;
            }
            if (!(Boolean) isModifiableModule.invoke(instrumentation, module)) {
                return "its module " + module + " cannot be modified to read the agent's bridge";
            }
            redefineModule.invoke(instrumentation, module, Collections.singleton(bridgeModule),
                    Collections.emptyMap(), Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "its module could not be made to read the agent's bridge (" + cause + ")";
        }
    }

    private Object bootLayerModule(ClassLoader loader, String internalName) throws ReflectiveOperationException {
        int slash = internalName.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        Object module = bootLayerPackages().get(internalName.substring(0, slash).replace('/', '.'));
        if (module == null) {
            return null;
        }
        Object moduleLoader = module.getClass().getMethod("getClassLoader").invoke(module);
        return moduleLoader == loader ? module : null;
    }

    private Map<String, Object> bootLayerPackages() throws ReflectiveOperationException {
        Map<String, Object> packages = bootLayerPackages;
        if (packages == null) {
            packages = new HashMap<>();
            Class<?> layerClass = Class.forName("java.lang.ModuleLayer");
            Object boot = layerClass.getMethod("boot").invoke(null);
            Method getPackages = Class.forName("java.lang.Module").getMethod("getPackages");
            for (Object module : (Set<?>) layerClass.getMethod("modules").invoke(boot)) {
                for (Object pkg : (Set<?>) getPackages.invoke(module)) {
                    packages.put((String) pkg, module);
                }
            }
            bootLayerPackages = packages;
        }
        return packages;
    }
}
