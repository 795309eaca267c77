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
 * Linux, and refuses a process whose memory map it cannot read or that has no {@code libjvm} in it;
 * elsewhere only the own-process check runs and the attach itself reports the rest.
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
        if (maps == null) {
            // not knowing is not enough: the attach handshake would send SIGQUIT to whatever it is
            throw CliException.failed("cannot tell whether process " + pid + " is a Java VM: this user cannot read "
                    + dir.resolve("maps") + " (another user's process, or a protected one); nothing was sent to it");
        }
        if (!maps.contains("libjvm.")) {
            String comm = read(dir.resolve("comm"));
            throw CliException.failed("process " + pid + (comm == null ? "" : " (" + comm.trim() + ")")
                    + " is not a Java VM");
        }
    }

    /**
     * True unless the process is known to have ended (unknown without {@code /proc}); a zombie,
     * ended but not yet reaped by its parent, has ended.
     */
    static boolean maybeAlive(String pid) {
        if (!Files.isDirectory(PROC.resolve("self"))) {
            return true;
        }
        String stat = read(PROC.resolve(pid).resolve("stat"));
        if (stat == null) {
            return Files.isDirectory(PROC.resolve(pid));
        }
        int afterName = stat.lastIndexOf(')'); // "pid (comm) state ...": comm may hold spaces and parentheses
        char state = afterName >= 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
        return state != 'Z' && state != 'X';
    }

    /**
     * Whether the process has ended, waiting up to {@code millis} for it: a JVM on its way out
     * closes its connections a moment before its process ends.
     */
    static boolean ended(String pid, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (maybeAlive(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
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
