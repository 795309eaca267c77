package io.adaptivepool.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the classes of one package itself (child first), passing their class files through a
 * transformer as the JVM would; everything else comes from the parent, which has the bridge.
 */
final class RewritingLoader extends ClassLoader {
    private final CallSiteTransformer transformer;
    private final String packagePrefix;
    private final Path classDirectory;

    /**
     * @param classDirectory where the package's class files are, or null to read them from the parent
     */
    RewritingLoader(CallSiteTransformer transformer, String packagePrefix, Path classDirectory) {
        super(RewritingLoader.class.getClassLoader());
        this.transformer = transformer;
        this.packagePrefix = packagePrefix;
        this.classDirectory = classDirectory;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(packagePrefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                String internal = name.replace('.', '/');
                byte[] original = classFile(internal);
                byte[] rewritten = transformer.transform(this, internal, null, null, original);
                byte[] bytes = rewritten != null ? rewritten : original;
                c = defineClass(name, bytes, 0, bytes.length);
            }
            return c;
        }
    }

    private byte[] classFile(String internal) throws ClassNotFoundException {
        try {
            if (classDirectory != null) {
                Path file = classDirectory.resolve(internal + ".class");
                if (!Files.exists(file)) {
                    throw new ClassNotFoundException(internal);
                }
                return Files.readAllBytes(file);
            }
            try (InputStream in = getParent().getResourceAsStream(internal + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(internal);
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] classFileOf(Class<?> c) {
        try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
