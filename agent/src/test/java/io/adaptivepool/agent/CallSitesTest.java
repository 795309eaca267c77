package io.adaptivepool.agent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallSitesTest {
    private static final CallerFilter DEFAULT = filter("");

    private static CallerFilter filter(String args) {
        return CallerFilter.of(AgentConfig.load(args, new Properties(), Map.of()));
    }

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }

    private static String site(CallerFilter filter, StackTraceElement... frames) {
        return CallSites.siteName(frames, filter);
    }

    @Test
    void theFrameAfterTheBridgeNamesTheSite() {
        assertEquals("com.acme.OrderService.start", site(DEFAULT,
                frame("io.adaptivepool.agent.PoolFactory", "apply"),
                frame("io.adaptivepool.agent.bridge.ExecutorsBridge", "replacement"),
                frame("io.adaptivepool.agent.bridge.ExecutorsBridge", "newCachedThreadPool"),
                frame("com.acme.OrderService", "start"),
                frame("com.acme.Main", "main")));
    }

    @Test
    void lambdaBodiesCountAsTheirEnclosingMethod() {
        assertEquals("com.acme.OrderService.start", site(DEFAULT,
                frame("io.adaptivepool.agent.bridge.ExecutorsBridge", "newCachedThreadPool"),
                frame("com.acme.OrderService", "lambda$start$0"),
                frame("com.acme.Main", "main")));
        assertEquals("start", CallSites.methodName("lambda$start$12"));
        assertEquals("<clinit>", CallSites.methodName("lambda$static$0"));
        assertEquals("<init>", CallSites.methodName("lambda$new$3"));
        assertEquals("lambda$", CallSites.methodName("lambda$"));
        assertEquals("run", CallSites.methodName("run"));
    }

    @Test
    void lambdaProxiesMethodHandlesAndReflectionAreSkipped() {
        assertEquals("com.acme.Wiring.configure", site(DEFAULT,
                frame("io.adaptivepool.agent.bridge.ExecutorsBridge", "newCachedThreadPool"),
                frame("com.acme.Wiring$$Lambda$14/0x0000000800c0b6b0", "get"),
                frame("java.lang.invoke.LambdaForm$DMH/0x0000000800c0c000", "invokeStatic"),
                frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke"),
                frame("java.lang.reflect.Method", "invoke"),
                frame("com.acme.Wiring", "configure")));
    }

    @Test
    void aMethodReferenceThatJdkCodeInvokesIsNamedAfterTheApplicationFrame() {
        // ThreadLocal.withInitial(Executors::newCachedThreadPool), then threadLocal.get() in Worker.run
        assertEquals("com.acme.Worker.run", site(DEFAULT,
                frame("io.adaptivepool.agent.bridge.ExecutorsBridge", "newCachedThreadPool"),
                frame("java.lang.ThreadLocal$SuppliedThreadLocal", "initialValue"),
                frame("java.lang.ThreadLocal", "setInitialValue"),
                frame("java.lang.ThreadLocal", "get"),
                frame("com.acme.Worker", "run"),
                frame("java.lang.Thread", "run")));
    }

    @Test
    void anIncludedJdkCallerNamesItsOwnPool() {
        StackTraceElement[] stack = {
                frame("io.adaptivepool.agent.bridge.ExecutorsBridge", "newCachedThreadPool"),
                frame("jdk.internal.net.http.HttpClientImpl", "<init>"),
                frame("jdk.internal.net.http.HttpClientImpl", "create"),
                frame("java.net.http.HttpClient", "newHttpClient"),
                frame("com.acme.Client", "connect")};
        assertEquals("com.acme.Client.connect", site(DEFAULT, stack));
        assertEquals("jdk.internal.net.http.HttpClientImpl.<init>", site(filter("include=*,jdk.internal.net.http."), stack));
    }

    @Test
    void withNoApplicationFrameTheFirstFrameLeftNamesTheSite() {
        assertEquals("java.lang.ThreadLocal$SuppliedThreadLocal.initialValue", site(DEFAULT,
                frame("io.adaptivepool.agent.bridge.ExecutorsBridge", "newCachedThreadPool"),
                frame("java.lang.ThreadLocal$SuppliedThreadLocal", "initialValue"),
                frame("java.lang.Thread", "run")));
        assertEquals("unknown", site(DEFAULT, frame("io.adaptivepool.agent.bridge.ExecutorsBridge", "newCachedThreadPool")));
    }

    @Test
    void repeatedSitesAreNumbered() {
        CallSites sites = new CallSites();
        assertEquals(List.of("a.B.c", "a.B.c#2", "x.Y.z", "a.B.c#3"),
                List.of(sites.uniqueName("a.B.c"), sites.uniqueName("a.B.c"), sites.uniqueName("x.Y.z"),
                        sites.uniqueName("a.B.c")));
    }
}
