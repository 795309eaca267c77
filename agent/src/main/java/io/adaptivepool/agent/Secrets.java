package io.adaptivepool.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Reads what the side port's security keys name: a password from a file or an environment
 * variable, a keystore's bytes. Every failure is a {@link SidePortSecurity.Refused} whose message
 * names the key and its value (never a password).
 */
final class Secrets {
    /** Larger than this, a password file is not one (a wrong path, most likely). */
    static final int MAX_PASSWORD_FILE_BYTES = 4096;
    /** Larger than this, a keystore file is not one. */
    static final int MAX_KEYSTORE_BYTES = 1 << 20;

    private Secrets() {
    }

    /**
     * The password that {@code fileKey} or {@code envKey} names: the content of the file, or the
     * value of the variable, without leading and trailing white space (as Prometheus reads its
     * {@code password_file}). Exactly one of {@code file} and {@code variable} is non-null.
     *
     * @throws SidePortSecurity.Refused when the file cannot be read, the variable is not set, or
     *     the password is empty
     */
    static String password(String fileKey, String file, String envKey, String variable, Map<String, String> env)
            throws SidePortSecurity.Refused {
        if (file != null) {
            byte[] bytes = read(fileKey, file, MAX_PASSWORD_FILE_BYTES);
            String password = new String(bytes, StandardCharsets.UTF_8).trim();
            if (password.isEmpty()) {
                throw new SidePortSecurity.Refused(fileKey + "=" + file + ": the file is empty");
            }
            return password;
        }
        String value = env.get(variable);
        if (value == null) {
            throw new SidePortSecurity.Refused(envKey + "=" + variable + ": the environment variable is not set");
        }
        if (value.trim().isEmpty()) {
            throw new SidePortSecurity.Refused(envKey + "=" + variable + ": the environment variable is empty");
        }
        return value.trim();
    }

    /**
     * The bytes of the file {@code key=file}.
     *
     * @throws SidePortSecurity.Refused naming the key and the file when it is missing, unreadable, a
     *     directory or larger than {@code maxBytes}
     */
    static byte[] read(String key, String file, int maxBytes) throws SidePortSecurity.Refused {
        String what = key + "=" + file;
        Path path;
        try {
            path = Paths.get(file);
        } catch (InvalidPathException e) {
            throw new SidePortSecurity.Refused(what + ": not a path (" + e.getReason() + ")");
        }
        if (Files.isDirectory(path)) {
            throw new SidePortSecurity.Refused(what + ": a directory, not a file");
        }
        long size;
        try {
            size = Files.size(path);
            if (size <= maxBytes) {
                return Files.readAllBytes(path);
            }
        } catch (NoSuchFileException e) {
            throw new SidePortSecurity.Refused(what + ": no such file");
        } catch (AccessDeniedException e) {
            throw new SidePortSecurity.Refused(what + ": permission denied");
        } catch (IOException e) {
            throw new SidePortSecurity.Refused(what + ": cannot read it (" + e + ")");
        }
        throw new SidePortSecurity.Refused(what + ": larger than " + maxBytes + " bytes, not a "
                + (maxBytes == MAX_KEYSTORE_BYTES ? "keystore" : "password file"));
    }
}
