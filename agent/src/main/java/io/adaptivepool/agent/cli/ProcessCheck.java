package io.adaptivepool.agent.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What can be told about a process id before attaching, so that the error says what is wrong:
 * no such process, another user's process, this command's own JVM, not a JVM at all (the attach
 * handshake sends SIGQUIT, which would end a process that is not a JVM). Reads {@code /proc} on
 * Linux; elsewhere only the own-process check runs and the attach itself reports the rest.
 */
final class ProcessCheck {
    private static final Path PROC = Paths.get("/proc");

    private ProcessCheck() {
    }

    /** Throws a {@link CliException} when {@code pid} cannot be an attachable JVM of this user. */
    static void requireAttachable(String pid) throws CliException {
        if (pid.equals(ownPid())) {
            throw CliException.usage("process " + pid + " is this command's own JVM; give the pid of another JVM "
                    + "(java -jar adaptive-pool-agent.jar list shows them)");
        }
        if (!Files.isDirectory(PROC.resolve("self"))) {
            return;
        }
        Path dir = PROC.resolve(pid);
        if (!Files.isDirectory(dir)) {
            throw CliException.failed("no process " + pid + " (it has ended, or never existed)");
        }
        String owner = owner(dir);
        String me = System.getProperty("user.name");
        if (owner != null && !owner.equals(me) && !"root".equals(me)) {
            throw CliException.failed("process " + pid + " belongs to user " + owner + ", and this command runs as "
                    + me + ": the attach API reaches only the same user's JVMs (run it as " + owner
                    + ", e.g. sudo -u " + owner + " java -jar adaptive-pool-agent.jar ...)");
        }
        String maps = read(dir.resolve("maps"));
        if (maps != null && !maps.isEmpty() && !maps.contains("libjvm.")) {
            String comm = read(dir.resolve("comm"));
            throw CliException.failed("process " + pid + (comm == null ? "" : " (" + comm.trim() + ")")
                    + " is not a Java VM");
        }
    }

    /** True unless the process is known to have ended (unknown without {@code /proc}). */
    static boolean maybeAlive(String pid) {
        return !Files.isDirectory(PROC.resolve("self")) || Files.isDirectory(PROC.resolve(pid));
    }

    static String ownPid() {
        String self = ManagementFactory.getRuntimeMXBean().getName(); // "pid@host"
        int at = self.indexOf('@');
        return at > 0 ? self.substring(0, at) : "";
    }

    private static String owner(Path dir) {
        try {
            return Files.getOwner(dir).getName();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
