package io.adaptivepool.it;

import io.adaptivepool.testing.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.adaptivepool.it.fixtures.AttachTargetApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operator commands of the agent jar ({@code pools}, {@code watch}, {@code set}) run as child
 * processes against real child JVMs: one that makes its pools in code and registers them with
 * {@code AdaptivePoolJmx} (the fixture {@code CodePoolsApp}, compiled here against the executor
 * and jmx modules), one that runs the agent, one without pools, and ones that cannot be reached.
 * A change made by {@code set} is checked in the target's own getters and metrics.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CliIT {
    private static final Duration CLI_WAIT = Duration.ofSeconds(60);
    private static final String AGENT_POOL = "io.adaptivepool.it.fixtures.AttachTargetApp.newPool";
    private static final AtomicInteger CLI_RUNS = new AtomicInteger();
    private static Path codePoolClasses;

    @BeforeAll
    static void compileTheCodePoolsApp() throws Exception {
        codePoolClasses = Env.logDir().resolve("cli-codepools-classes");
        Files.createDirectories(codePoolClasses);
        TestSources.compile("codepools/java", codePoolClasses, 8,
                Env.fixtureClasses() + File.pathSeparator + Env.libraryClasses());
    }

    /** The code-pools fixture, with "orders" and "reports" registered, answering on stdin. */
    private static ChildJvm codePools(String name, String... jvmArgs) throws Exception {
        ChildJvm.Builder builder = ChildJvm.fixture("io.adaptivepool.it.fixtures.CodePoolsApp").name(name).jvmArgs(jvmArgs).classpath(codePoolClasses);
        for (String entry : Env.libraryClasses().split(File.pathSeparator)) {
            builder.classpath(Path.of(entry));
        }
        return builder.start();
    }

    /** One run of the CLI to its end. */
    private record Run(int exit, List<String> out, List<String> err, String describe) {
        String outText() {
            return String.join("\n", out);
        }

        String errText() {
            return String.join("\n", err);
        }
    }

    private static Run cli(String... args) throws Exception {
        try (ChildJvm cli = ChildJvm.jar(Env.agentJar(), args)
                .name("cli-" + CLI_RUNS.incrementAndGet() + "-" + args[0]).start()) {
            int exit = cli.awaitExit(CLI_WAIT);
            return new Run(exit, cli.stdoutLines(), cli.stderrLines(), cli.describe());
        }
    }

    /** The target's own view of a pool: {@code key:value;...} from its getters and metrics. */
    private static Map<String, String> own(ChildJvm target, String pool) {
        String reply = target.ask("get " + pool);
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : reply.split(";")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                fail("not key:value in " + reply);
            }
            values.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return values;
    }

    /** The table row of a pool, split on runs of spaces. */
    private static List<String> row(Run run, String pool) {
        return run.out().stream().filter(l -> l.startsWith(pool + " ")).findFirst()
                .map(l -> Arrays.asList(l.trim().split("\\s+")))
                .orElseGet(() -> fail("no row for " + pool + ": " + run.describe()));
    }

    @Test
    void poolsListsThePoolsMadeInCodeAsATableAndAsJson() throws Exception {
        try (ChildJvm target = codePools("cli-pools-target")) {
            String pid = String.valueOf(target.pid());
            assertEquals("true", target.value("ready"));
            assertEquals("ran 20", target.ask("run orders 20"));
            assertEquals("holding 5", target.ask("hold reports 3"));

            Run table = cli("pools", pid);
            assertEquals(0, table.exit(), table::describe);
            assertEquals(List.of("POOL", "WORKERS", "BUSY", "MIN", "MAX", "QUEUE", "OLDEST", "THROUGHPUT", "FAILED",
                    "REJECTED", "SATURATION", "STALLS", "OVER-MAX"), Arrays.asList(table.out().get(0).trim().split("\\s+")),
                    table::describe);
            Map<String, String> reports = own(target, "reports");
            List<String> reportsRow = row(table, "reports");
            assertEquals(reports.get("workers"), reportsRow.get(1), table::describe);
            assertEquals("1", reportsRow.get(3));
            assertEquals("2", reportsRow.get(4));
            assertEquals(reports.get("queueDepth") + "/100", reportsRow.get(5));
            assertEquals("BLOCK", reportsRow.get(10));
            List<String> ordersRow = row(table, "orders");
            assertEquals(List.of("2", "4", "0/50"), ordersRow.subList(3, 6));
            assertEquals(List.of("4", "0", "REJECT"), ordersRow.subList(8, 11), "4 of the 20 tasks failed");

            Run json = cli("pools", pid, "--json");
            assertEquals(0, json.exit(), json::describe);
            @SuppressWarnings("unchecked")
            Map<String, Object> document = (Map<String, Object>) MiniJson.parse(json.outText());
            assertEquals(Long.valueOf(target.pid()), document.get("pid"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> pools = (List<Map<String, Object>>) document.get("pools");
            assertEquals(List.of("orders", "reports"), pools.stream().map(p -> p.get("name")).toList());
            Map<String, Object> orders = pools.get(0);
            assertEquals(List.of("name", "workers", "busyWorkers", "minWorkers", "maxWorkers", "queueDepth",
                    "queueCapacity", "oldestQueuedAgeMillis", "throughput", "jobsSubmitted", "jobsProcessed",
                    "jobsFailed", "jobsRejected", "saturation", "shutdown", "stalls", "workersOverMax"),
                    List.copyOf(orders.keySet()));
            assertEquals(0L, orders.get("workersOverMax"));
            assertTrue(orders.get("stalls") instanceof Long, json::describe);
            assertEquals(2L, orders.get("minWorkers"));
            assertEquals(4L, orders.get("maxWorkers"));
            assertEquals(50L, orders.get("queueCapacity"));
            assertEquals(20L, orders.get("jobsSubmitted"));
            assertEquals(20L, orders.get("jobsProcessed"));
            assertEquals(4L, orders.get("jobsFailed"));
            assertEquals("REJECT", orders.get("saturation"));
            assertEquals(false, orders.get("shutdown"));
            assertTrue(orders.get("throughput") instanceof Number, json::describe);
            Object age = pools.get(1).get("oldestQueuedAgeMillis");
            assertTrue(age == null || age instanceof Long, "null until the pool's version has the attribute: " + age);
            assertEquals(Long.valueOf(own(target, "reports").get("queueDepth")), pools.get(1).get("queueDepth"));
            assertEquals("released", target.ask("release"));
        }
    }

    @Test
    void poolsSeesThePoolsOfTheAgentAndSaysWhenAJvmHasNone() throws Exception {
        try (ChildJvm plain = ChildJvm.fixture(AttachTargetApp.class).name("cli-no-pools-target").start();
                ChildJvm agent = ChildJvm.fixture(AttachTargetApp.class).name("cli-agent-target")
                        .agent("metrics.enabled=false").start()) {
            assertEquals("true", plain.value("ready"));
            Run none = cli("pools", String.valueOf(plain.pid()));
            assertEquals(0, none.exit(), none::describe);
            assertEquals(1, none.out().size(), none::describe);
            assertTrue(none.out().get(0).startsWith("no adaptive pools in pid " + plain.pid() + ": "), none::describe);
            Run noneJson = cli("pools", String.valueOf(plain.pid()), "--json");
            assertEquals(0, noneJson.exit(), noneJson::describe);
            assertEquals(List.of(), ((Map<?, ?>) MiniJson.parse(noneJson.outText())).get("pools"));

            assertEquals("true", agent.value("ready"));
            String pid = String.valueOf(agent.pid());
            Run table = awaitRun(r -> r.outText().contains(AGENT_POOL), "pools", pid); // the agent registers its beans off the app's thread
            assertEquals("BLOCK", row(table, AGENT_POOL).get(10));
            Run set = cli("set", pid, AGENT_POOL, "maxWorkers=7");
            assertEquals(0, set.exit(), set::describe);
            Run json = cli("pools", pid, "--json");
            Map<?, ?> pool = (Map<?, ?>) ((List<?>) ((Map<?, ?>) MiniJson.parse(json.outText())).get("pools")).get(0);
            assertEquals(7L, pool.get("maxWorkers"), json::describe);
        }
    }

    /** Runs the CLI until its output satisfies {@code accept} (within {@link ChildJvm#WAIT}). */
    private static Run awaitRun(Predicate<Run> accept, String... args) throws Exception {
        return Await.answer(ChildJvm.WAIT, ChildJvm.POLL, () -> cli(args), accept,
                run -> "never satisfied: " + run.describe());
    }

    @Test
    void setAppliesEveryKnobAndTheTargetsOwnGettersSeeIt() throws Exception {
        try (ChildJvm target = codePools("cli-set-target")) {
            String pid = String.valueOf(target.pid());
            assertEquals("true", target.value("ready"));

            Run set = cli("set", pid, "orders", "minWorkers=6", "maxWorkers=8", "queueCapacity=60",
                    "scaleUpThreshold=0.5", "scaleCooldown=2s", "scaleDownIdle=1m");
            assertEquals(0, set.exit(), set::describe);
            assertEquals(List.of("pool orders in pid " + pid + ": 6 knobs set",
                    "KNOB              BEFORE  AFTER",
                    "maxWorkers        4       8",
                    "minWorkers        2       6",
                    "queueCapacity     50      60",
                    "scaleUpThreshold  0.7     0.5",
                    "scaleCooldown     5s      2s",
                    "scaleDownIdle     30s     1m"), set.out(), set::describe);
            Map<String, String> orders = own(target, "orders");
            assertEquals("6", orders.get("minWorkers"));
            assertEquals("8", orders.get("maxWorkers"));
            assertEquals("60", orders.get("queueCapacity"));
            assertEquals("0.5", orders.get("scaleUpThreshold"));
            assertEquals("2000", orders.get("scaleCooldown"));
            assertEquals("60000", orders.get("scaleDownIdle"));

            // lowering both: min goes first
            Run lower = cli("set", pid, "orders", "maxWorkers=3", "minWorkers=1");
            assertEquals(0, lower.exit(), lower::describe);
            assertEquals("1", own(target, "orders").get("minWorkers"));
            assertEquals("3", own(target, "orders").get("maxWorkers"));

            // the stall knobs: applied where the pool's MBean has them, else refused without a change
            Run stall = cli("set", pid, "orders", "stallWorkers=2", "stallTimeout=500ms");
            if (stall.exit() == 0) {
                assertEquals("2", own(target, "orders").get("stallWorkers"));
                assertEquals("500", own(target, "orders").get("stallTimeout"));
            } else {
                assertEquals(1, stall.exit(), stall::describe);
                assertEquals(List.of("pool orders in pid " + pid + " has no stallWorkers: that JVM's adaptive-pool "
                        + "version has no MBean attribute StallWorkers; nothing changed"), stall.err(), stall::describe);
                assertEquals("0", own(target, "orders").get("stallWorkers"));
            }
        }
    }

    @Test
    void setRefusesBadValuesUnknownPoolsAndUnreachableJvmsWithTheirExitCodes() throws Exception {
        try (ChildJvm target = codePools("cli-set-refusals-target")) {
            String pid = String.valueOf(target.pid());
            assertEquals("true", target.value("ready"));
            Map<String, String> before = own(target, "orders");

            Run invalid = cli("set", pid, "orders", "queueCapacity=100", "maxWorkers=0");
            assertEquals(2, invalid.exit(), invalid::describe);
            assertEquals(List.of("maxWorkers (0) must be >= 1"), invalid.err(), invalid::describe);

            Run minAboveMax = cli("set", pid, "orders", "queueCapacity=100", "minWorkers=9");
            assertEquals(2, minAboveMax.exit(), minAboveMax::describe);
            assertEquals(List.of("minWorkers (9) must be <= maxWorkers (4)"), minAboveMax.err(), minAboveMax::describe);

            Run notANumber = cli("set", pid, "orders", "scaleCooldown=fast");
            assertEquals(2, notANumber.exit(), notANumber::describe);
            assertTrue(notANumber.errText().startsWith("scaleCooldown=fast: not a duration"), notANumber::describe);

            Run unknownPool = cli("set", pid, "order", "maxWorkers=5");
            assertEquals(2, unknownPool.exit(), unknownPool::describe);
            assertEquals(List.of("no pool named order in pid " + pid + "; its pools: orders, reports"), unknownPool.err(),
                    unknownPool::describe);

            assertEquals(before, own(target, "orders"), "nothing changed");
            assertEquals("bye", target.ask("exit"));
            assertEquals(0, target.awaitExit(), target::describe);

            Run gone = cli("set", pid, "orders", "maxWorkers=5");
            assertEquals(1, gone.exit(), gone::describe);
            assertEquals(List.of("no process " + pid + " (it has ended, or never existed)"), gone.err(), gone::describe);
            Run goneList = cli("pools", pid);
            assertEquals(1, goneList.exit(), goneList::describe);
        }
    }

    @Test
    void aJvmThatRefusesAttachIsReportedAsSuch() throws Exception {
        try (ChildJvm target = codePools("cli-no-attach-target", "-XX:+DisableAttachMechanism")) {
            assertEquals("true", target.value("ready"));
            Run run = cli("pools", String.valueOf(target.pid()));
            assertEquals(1, run.exit(), run::describe);
            assertEquals(List.of("process " + target.pid() + " refuses attach (it runs with -XX:+DisableAttachMechanism); "
                    + "restart it without that option, or watch it with JMX remote instead"), run.err(), run::describe);
        }
    }

    @Test
    void aProcessThatIsNoJvmIsRefusedAndLeftAlone() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "checked through /proc");
        Process sleeper = new ProcessBuilder("sleep", "120").start(); // SIGQUIT, the attach handshake, would end it
        try {
            Run run = cli("pools", String.valueOf(sleeper.pid()));
            assertEquals(1, run.exit(), run::describe);
            assertEquals(List.of("process " + sleeper.pid() + " (sleep) is not a Java VM"), run.err(), run::describe);
            assertTrue(sleeper.isAlive(), "nothing was sent to it");
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void watchRefreshesWithRatesUntilTheJvmEndsOrTheWatchIsStopped() throws Exception {
        try (ChildJvm target = codePools("cli-watch-target")) {
            String pid = String.valueOf(target.pid());
            assertEquals("true", target.value("ready"));
            String header = "adaptive pools in pid " + pid + " at ";
            try (ChildJvm watch = ChildJvm.jar(Env.agentJar(), "watch", pid, "--interval", "200ms", "--pool", "orders")
                    .name("cli-watch").start()) {
                awaitLines(watch, lines -> lines.stream().filter(l -> l.startsWith(header)).count() >= 3, "3 refreshes");
                assertEquals("ran 30", target.ask("run orders 30"));
                List<String> frames = awaitLines(watch, lines -> lines.stream()
                        .filter(l -> l.startsWith("orders ")).map(l -> l.trim().split("\\s+")[11])
                        .anyMatch(tasksPerSecond -> !tasksPerSecond.equals("-") && !tasksPerSecond.equals("0.00/s")),
                        "a refresh with tasks per second above 0");
                assertFalse(frames.stream().anyMatch(l -> l.startsWith("reports ")), "--pool orders shows orders only");
                assertTrue(frames.stream().anyMatch(l -> l.startsWith("POOL ") && l.trim().endsWith("TASKS/S  REJECTED/S")),
                        watch::describe);
                assertFalse(frames.stream().anyMatch(l -> l.contains("\033[")), "no ANSI codes when stdout is not a terminal");

                assertEquals("bye", target.ask("exit"));
                assertEquals(1, watch.awaitExit(CLI_WAIT), watch::describe);
                List<String> lines = watch.stdoutLines();
                assertEquals("stopped watching pid " + pid + ": process " + pid + " has ended", lines.get(lines.size() - 1),
                        watch::describe);
            }
        }
        try (ChildJvm target = codePools("cli-watch-stop-target")) {
            String pid = String.valueOf(target.pid());
            assertEquals("true", target.value("ready"));
            try (ChildJvm watch = ChildJvm.jar(Env.agentJar(), "watch", pid, "--interval", "200ms")
                    .name("cli-watch-stop").start()) {
                awaitLines(watch, lines -> lines.stream().filter(l -> l.startsWith("reports ")).count() >= 2,
                        "2 refreshes");
                watch.terminate(); // as Ctrl-C does
                assertEquals(0, watch.awaitExit(CLI_WAIT), watch::describe);
                List<String> lines = watch.stdoutLines();
                assertEquals("stopped watching pid " + pid, lines.get(lines.size() - 1), watch::describe);
            }
        }
    }

    private static List<String> awaitLines(ChildJvm child, Predicate<List<String>> accept, String what) {
        long deadline = System.nanoTime() + ChildJvm.WAIT.toNanos();
        for (;;) {
            boolean exited = !child.isAlive();
            List<String> lines = child.stdoutLines();
            if (accept.test(lines)) {
                return lines;
            }
            if (exited || System.nanoTime() > deadline) {
                return fail("no " + what + ": " + child.describe());
            }
            ChildJvm.pause();
        }
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Run badInterval = cli("watch", "1", "--interval", "2");
        assertEquals(2, badInterval.exit(), badInterval::describe);
        Run notAPid = cli("pools", "me");
        assertEquals(2, notAPid.exit(), notAPid::describe);
        assertEquals(List.of("not a process id: me"), notAPid.err());
        Run help = cli("help");
        assertEquals(0, help.exit(), help::describe);
        assertTrue(help.out().contains("Live knobs for set: minWorkers, maxWorkers, queueCapacity, scaleUpThreshold, "
                + "scaleCooldown, scaleDownIdle, stallWorkers, stallTimeout"), help::describe);
        assertTrue(help.out().stream().collect(Collectors.joining("\n")).contains("pools <pid> [--json]"), help::describe);
    }
}
