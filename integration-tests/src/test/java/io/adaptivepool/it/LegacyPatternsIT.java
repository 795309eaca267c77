package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_ON_LOOPBACK;
import static io.adaptivepool.it.AgentFacts.NO_STALL_GUARD;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.CastAndTuneApp;
import io.adaptivepool.it.fixtures.IsolatedLoaderApp;
import io.adaptivepool.it.fixtures.LambdaApp;
import io.adaptivepool.it.fixtures.MethodReferenceApp;
import io.adaptivepool.it.fixtures.NamingApp;
import io.adaptivepool.it.fixtures.NestedSubmitApp;
import io.adaptivepool.it.fixtures.NeverShutdownApp;
import io.adaptivepool.it.fixtures.OwnSimpleclientApp;
import io.adaptivepool.it.fixtures.ThreadFactoryApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ways legacy code creates and uses cached pools, each in its own JVM under the agent. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LegacyPatternsIT {
    static final String FIXTURES = "io.adaptivepool.it.fixtures.";

    @Test
    void castAndTuneAsHikariCpDoesWorks() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(CastAndTuneApp.class).name("cast-and-tune")
                .agent(METRICS_ON_LOOPBACK).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "pool");
            assertEquals(FIXTURES + "CastAndTuneApp.main", child.value("pool.name"));
            assertEquals("400", child.value("keepAliveMillis"));
            assertEquals("1", child.value("core"));
            assertEquals("3", child.value("max"));
            assertEquals("true", child.value("allowsCoreThreadTimeOut"));
            assertTrue(child.value("task.thread").matches("housekeeper-\\d+"), "the caller's factory makes the threads");
            int largest = child.intValue("largestPoolSize");
            assertTrue(largest >= 1 && largest <= 3, "largest pool size " + largest + " with max 3");
            assertEquals("0", child.value("poolSize.afterIdle"),
                    "allowCoreThreadTimeOut(true) lets the core worker retire");
            assertEquals("1", child.value("completedTasks"));
            assertEquals("true", child.value("terminated"));
        }
    }

    @Test
    void theCallersThreadFactoryMakesTheThreads() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(ThreadFactoryApp.class).name("thread-factory")
                .agent(METRICS_ON_LOOPBACK + NO_STALL_GUARD + ",pool.defaults.maxWorkers=4").start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "pool");
            assertEquals("true", child.value("finished"));
            List<String> names = Arrays.asList(child.value("task.threads").split(","));
            assertTrue(names.stream().allMatch(n -> n.matches("legacy-worker-\\d+")), "task threads: " + names);
            int made = child.intValue("factory.made");
            assertTrue(made >= 1 && made <= 4, "the factory made " + made + " threads for a pool of max 4");
            assertEquals("daemon:true/priority:1", child.value("task.traits"), "threads keep what the factory set");
        }
    }

    @Test
    void methodReferencesToBothOverloadsAreReplaced() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(MethodReferenceApp.class).name("method-references")
                .agent(METRICS_ON_LOOPBACK).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "supplier");
            assertAdaptive(child, "function");
            // named after the method that invoked the reference, not the JDK plumbing between
            assertEquals(FIXTURES + "MethodReferenceApp.main", child.value("supplier.name"));
            assertEquals(FIXTURES + "MethodReferenceApp.main#2", child.value("function.name"));
            assertEquals("ok", child.value("supplier.result"));
            assertEquals("method-ref-worker", child.value("function.thread"));
            assertEquals("true", child.value("terminated"));
        }
    }

    @Test
    void poolsCreatedInLambdaBodiesAndAnonymousClassesAreReplaced() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(LambdaApp.class).name("lambda")
                .agent(METRICS_ON_LOOPBACK).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertAdaptive(child, "lambda");
            assertAdaptive(child, "anonymous");
            assertEquals(FIXTURES + "LambdaApp.main", child.value("lambda.name"),
                    "a lambda body counts as its enclosing method");
            assertEquals(FIXTURES + "LambdaApp$1.get", child.value("anonymous.name"));
            assertEquals("ok", child.value("lambda.result"));
            assertEquals("ok", child.value("anonymous.result"));
        }
    }

    @Test
    void aClassOfAnIsolatedClassLoaderIsCovered(@TempDir Path classes) throws Exception {
        TestSources.compile("isolated/java", classes, 8);
        try (ChildJvm child = ChildJvm.fixture(IsolatedLoaderApp.class).name("isolated-loader")
                .agent(METRICS_ON_LOOPBACK).args(classes.toString()).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            assertEquals("false", child.value("appLoader.seesService"),
                    "the service must be invisible to the app loader");
            assertEquals("true", child.value("service.definedByIsolatedLoader"));
            assertAdaptive(child, "pool");
            assertEquals("io.adaptivepool.it.isolated.IsolatedService.call", child.value("pool.name"));
            assertEquals("ok", child.value("task.result"));
        }
    }

    @Test
    void tasksThatSubmitToTheirOwnPoolAndWaitDoNotDeadlockASmallPool() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(NestedSubmitApp.class).name("nested-submit")
                .agent(METRICS_ON_LOOPBACK + ",pool.defaults.maxWorkers=2").start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child::describe);
            assertAdaptive(child, "pool");
            assertEquals("2", child.value("pool.max"));
            assertEquals("72", child.value("sum"), "6 outer x 4 middle x 3 inner tasks");
            assertEquals("true", child.value("terminated"));
        }
    }

    @Test
    void anAppThatNeverShutsItsPoolDownStillExitsOnceIdle() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(NeverShutdownApp.class).name("never-shut-down")
                .agent(METRICS_ON_LOOPBACK + ",pool.defaults.scaleDownIdle=1s").start()) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(45)), child::describe);
            assertAdaptive(child, "pool");
            assertEquals("true", child.value("finished"));
            assertTrue(child.valueNow("main.returns").isPresent());
        }
    }

    @Test
    void anAppBundlingAnOlderSimpleclientKeepsItsOwnRegistry() throws Exception {
        Path oldSimpleclient = Env.legacySimpleclientJar();
        try (ChildJvm child = ChildJvm.fixture(OwnSimpleclientApp.class).name("own-simpleclient")
                .classpath(oldSimpleclient).agent(METRICS_ON_LOOPBACK).start()) {
            assertAdaptive(child, "pool");
            assertEquals("true", child.value("ready"));
            assertTrue(child.value("simpleclient.location").endsWith("simpleclient-0.9.0.jar"),
                    "the app's own simpleclient 0.9.0 must be the one it sees");
            assertEquals("legacy_app_jobs", child.value("registry.names"),
                    "the app's default registry holds only its own metric");
            assertEquals("1.0", child.value("legacy_app_jobs"));

            int port = AgentFacts.metricsPort(child);
            Scrape scrape = Scrape.metrics(port);
            String pool = FIXTURES + "OwnSimpleclientApp.main";
            assertEquals(1.0, scrape.value("adaptive_pool_jobs_submitted_total", Map.of("pool", pool)));
            assertTrue(scrape.names().stream().noneMatch(n -> n.startsWith("legacy_app")),
                    "the agent's registry must not hold the app's metrics: " + scrape.names());
            assertEquals("legacy_app_jobs", child.ask("names"), "after a scrape, still only the app's own metric");
            assertEquals("bye", child.ask("exit"));
            assertEquals(0, child.awaitExit(), child::describe);
        }
    }

    @Test
    void poolsAreNamedAfterTheirCallSiteWithCountersForRepeats() throws Exception {
        try (ChildJvm child = ChildJvm.fixture(NamingApp.class).name("naming").agent(METRICS_ON_LOOPBACK).start()) {
            assertEquals(0, child.awaitExit(), child::describe);
            String site = FIXTURES + "NamingApp.main";
            Set<String> names = new TreeSet<>();
            for (int i = 1; i <= 3; i++) {
                assertAdaptive(child, "pool" + i);
                names.add(child.value("pool" + i + ".name"));
            }
            assertEquals(new TreeSet<>(List.of(site, site + "#2", site + "#3")), names);
            assertEquals(site, child.value("pool1.name"), "the first pool of a call site has no counter");
        }
    }
}
