package io.adaptivepool.benchmarks.burst;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the parent reads of a child from Linux's {@code /proc/<pid>/status}: live threads, resident
 * set size now ({@code VmRSS}) and its high-water mark ({@code VmHWM}), both in KiB.
 */
record ProcStatus(int threads, long rssKb, long hwmKb) {

    /** Reads a live process; empty once it has gone, or where there is no /proc. */
    static Optional<ProcStatus> read(long pid) {
        try {
            return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /**
     * Parses the lines of a status file; empty if {@code Threads} or {@code VmRSS} is missing (a
     * zombie has neither). {@code VmHWM} defaults to {@code VmRSS}.
     */
    static Optional<ProcStatus> parse(List<String> lines) {
        int threads = -1;
        long rss = -1;
        long hwm = -1;
        for (String line : lines) {
            if (line.startsWith("Threads:")) {
                threads = (int) number(line);
            } else if (line.startsWith("VmRSS:")) {
                rss = number(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = number(line);
            }
        }
        if (threads < 0 || rss < 0) {
            return Optional.empty();
        }
        return Optional.of(new ProcStatus(threads, rss, hwm < 0 ? rss : hwm));
    }

    /** The first whole number on a line such as {@code "VmRSS:\t  123456 kB"}. */
    private static long number(String line) {
        int i = line.indexOf(':') + 1;
        while (i < line.length() && !Character.isDigit(line.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < line.length() && Character.isDigit(line.charAt(j))) {
            j++;
        }
        if (i == j) {
            throw new IllegalArgumentException("no number in /proc status line '" + line + "'");
        }
        return Long.parseLong(line.substring(i, j));
    }
}
