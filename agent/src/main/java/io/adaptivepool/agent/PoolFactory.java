package io.adaptivepool.agent;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.VirtualThreads;
import io.adaptivepool.agent.bridge.ExecutorsBridge;
import io.adaptivepool.jmx.AdaptivePoolJmx;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * The bridge's hook: makes the {@link AdaptivePoolExecutor} that replaces a pool of one of the
 * replaced kinds, named after its call site, configured for its kind and name
 * ({@link AgentConfig#settingsFor(PoolKind, String, String, SettingValues)}), with the caller's
 * thread factory (and, for a hand-written pool, its rejection handler), registered in JMX and on
 * the side port. A single-thread executor is handed out behind {@link DelegatedExecutor}, with its
 * size fixed (JMX and the CLI cannot give it a second worker), a virtual-thread-per-task executor
 * behind {@link VirtualTasks}.
 *
 * <p>Never throws and never fails the caller: if anything goes wrong before the pool exists, the
 * caller gets the JDK's cached pool (the bridge's fallback) and one line is logged; if JMX or the
 * side port refuse a pool, it runs without them and the first such failure is logged. A pool
 * creation that happens while this one runs, on the same thread (JDK code that building it runs,
 * when JDK classes are included), gets the JDK's pool rather than recursing.
 *
 * <p>MBeans are registered on a daemon thread of the agent, shortly after the pool is made (see
 * {@link #registrar()}); the side port exports the pool at once.
 *
 * <p>JMX keeps registered pools alive until they terminate. An application that makes a cached
 * pool per request and never shuts it down relies on the JDK's pool being collected once idle;
 * so that it does not leak under the agent, at most {@value #MAX_LIVE_MBEANS_PER_SITE} live pools
 * per call site are registered, and the first one past that is logged. (The side port holds pools
 * weakly.)
 */
final class PoolFactory implements BiFunction<String, Object[], ExecutorService> {
    static final int MAX_LIVE_MBEANS_PER_SITE = 100;

    private final AgentConfig config;
    private final CallerFilter filter;
    private final SidePort sidePort;
    private final Consumer<String> log;
    private final CallSites sites = new CallSites();
    private final ThreadLocal<Boolean> creating = new ThreadLocal<>();
    private final Set<String> announcedSites = ConcurrentHashMap.newKeySet();
    private final Set<String> failedSites = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<String, AtomicInteger> liveMBeans = new ConcurrentHashMap<>();
    private final Set<String> mbeanCapLogged = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean jmxFailureLogged = new AtomicBoolean();
    private final AtomicBoolean metricsFailureLogged = new AtomicBoolean();
    private ThreadPoolExecutor registrar; // guarded by this; made by the first registration

    /**
     * @param sidePort where pools are exported, or null when {@code metrics.enabled=false}
     */
    PoolFactory(AgentConfig config, CallerFilter filter, SidePort sidePort, Consumer<String> log) {
        this.config = config;
        this.filter = filter;
        this.sidePort = sidePort;
        this.log = log;
    }

    /**
     * The replacement for a call, or null to keep the JDK's pool.
     *
     * @param call the factory's name, or {@link ExecutorsBridge#CONSTRUCTOR}
     * @param args the call's arguments (for a construction: core size, keep-alive in nanoseconds,
     *     thread factory or null, rejection handler or null)
     */
    @Override
    public ExecutorService apply(String call, Object[] args) {
        if (creating.get() != null) {
            return null;
        }
        creating.set(Boolean.TRUE);
        String site = "unknown";
        try {
            site = CallSites.siteName(new Throwable().getStackTrace(), filter);
            String name = sites.uniqueName(site);
            Request request = Request.of(call, args);
            PoolSettings settings = config.settingsFor(request.kind, name, site, request.values);
            if (request.kind == PoolKind.SINGLE) {
                settings = settings.with(request.values); // one worker, whatever pool.<name>.* says
            }
            AdaptivePoolExecutor pool = build(name, settings, request);
            if (request.handler != null) {
                pool.setRejectedExecutionHandler(request.handler);
            }
            if (announcedSites.add(site)) {
                log.accept("pool " + name + ": " + request.description + " is an adaptive pool (" + settings + ")");
            }
            register(pool, site);
            return request.kind == PoolKind.VIRTUAL ? new VirtualTasks(pool, VirtualThreads.factory(name + "-task-"))
                    : request.kind == PoolKind.SINGLE ? new DelegatedExecutor(pool) : pool;
        } catch (Throwable failure) {
            if (failedSites.add(site)) {
                log.accept("could not replace the pool of " + site + " (" + failure + "); it is the JDK's pool");
            }
            return null;
        } finally {
            creating.remove();
        }
    }

    static AdaptivePoolExecutor build(String name, PoolSettings s, Request request) {
        AdaptivePoolExecutor.Builder b = AdaptivePoolExecutor.builder().name(name);
        s.applyTo(b);
        if (request.threadFactory != null) {
            b.threadFactory(request.threadFactory);
        }
        if (request.kind == PoolKind.VIRTUAL) {
            b.virtualThreads(true);
        }
        if (request.kind == PoolKind.SINGLE) {
            b.fixedSize("pool '" + name + "' replaces " + request.description + ", which runs one task at a time");
        }
        return b.build();
    }

    private void register(AdaptivePoolExecutor pool, String site) {
        if (config.jmxEnabled()) {
            registerMBean(pool, site);
        }
        if (sidePort != null) {
            try {
                sidePort.add(pool);
            } catch (Throwable failure) {
                if (metricsFailureLogged.compareAndSet(false, true)) {
                    log.accept("could not export pool " + pool.getName() + " on the metrics server (" + failure
                            + "); it runs without metrics, and later failures are not logged");
                }
            }
        }
    }

    private void registerMBean(AdaptivePoolExecutor pool, String site) {
        AtomicInteger live = liveMBeans.get(site);
        if (live == null) {
            liveMBeans.putIfAbsent(site, new AtomicInteger());
            live = liveMBeans.get(site);
        }
        if (live.incrementAndGet() > MAX_LIVE_MBEANS_PER_SITE) {
            live.decrementAndGet();
            if (mbeanCapLogged.add(site)) {
                log.accept("call site " + site + " has " + MAX_LIVE_MBEANS_PER_SITE + " live pools registered in JMX;"
                        + " pool " + pool.getName() + " and later ones of that site are not (an MBean would keep a"
                        + " pool that is never shut down alive)");
            }
            return;
        }
        try {
            registrar().execute(new Registration(pool, live));
        } catch (Throwable failure) {
            live.decrementAndGet();
            jmxFailed(pool, failure);
        }
    }

    /**
     * The daemon thread that registers MBeans. Registration is taken off the thread that creates
     * the pool: the first one initialises the platform MBean server (and JUL, through its logging
     * MXBean), a few hundred milliseconds that the application's start-up should not wait for.
     * An MBean appears shortly after its pool, in creation order.
     */
    private synchronized ThreadPoolExecutor registrar() {
        if (registrar == null) {
            registrar = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(),
                    new RegistrarThread());
        }
        return registrar;
    }

    private void jmxFailed(AdaptivePoolExecutor pool, Throwable failure) {
        if (jmxFailureLogged.compareAndSet(false, true)) {
            log.accept("could not register pool " + pool.getName() + " in JMX (" + failure
                    + "); it runs without its MBean, and later failures are not logged");
        }
    }

    /** Registers one pool's MBean; its slot of the call site is freed when the pool terminates. */
    private final class Registration implements Runnable {
        private final AdaptivePoolExecutor pool;
        private final AtomicInteger live;

        Registration(AdaptivePoolExecutor pool, AtomicInteger live) {
            this.pool = pool;
            this.live = live;
        }

        @Override
        public void run() {
            try {
                AdaptivePoolJmx.register(pool);
                pool.addTerminationListener(new Release(live));
            } catch (Throwable failure) {
                live.decrementAndGet();
                jmxFailed(pool, failure);
            }
        }
    }

    private static final class Release implements Runnable {
        private final AtomicInteger live;

        Release(AtomicInteger live) {
            this.live = live;
        }

        @Override
        public void run() {
            live.decrementAndGet();
        }
    }

    private static final class RegistrarThread implements ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "adaptive-pool-agent-jmx");
            t.setDaemon(true);
            return t;
        }
    }
}
