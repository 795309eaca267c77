package io.adaptivepool.benchmarks.burst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcStatusTest {

    @Test
    void parsesThreadsRssAndHighWaterMark() {
        List<String> lines = List.of("Name:\tjava", "State:\tS (sleeping)", "VmPeak:\t 9000000 kB",
                "VmHWM:\t  412340 kB", "VmRSS:\t  398120 kB", "Threads:\t123", "voluntary_ctxt_switches:\t5");
        assertEquals(Optional.of(new ProcStatus(123, 398_120, 412_340)), ProcStatus.parse(lines));
    }

    @Test
    void aZombieWithoutMemoryLinesIsEmpty() {
        assertTrue(ProcStatus.parse(List.of("Name:\tjava", "State:\tZ (zombie)", "Threads:\t1")).isEmpty());
    }

    @Test
    void readsThisProcess() {
        assumeTrue(Files.isRegularFile(Path.of("/proc/self/status")), "Linux /proc only");
        ProcStatus me = ProcStatus.read(ProcessHandle.current().pid()).orElseThrow();
        assertTrue(me.threads() >= Thread.activeCount(), "threads " + me.threads());
        assertTrue(me.rssKb() > 1024 && me.hwmKb() >= me.rssKb(), me.toString());
    }

    @Test
    void aProcessThatIsGoneReadsEmpty() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        assertTrue(ProcStatus.read(p.pid()).isEmpty());
    }
}
