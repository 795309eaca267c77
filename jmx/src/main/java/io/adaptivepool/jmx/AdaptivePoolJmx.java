package io.adaptivepool.jmx;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.ModuleLog;
import io.adaptivepool.PoolNames;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers pools as {@link AdaptivePoolMXBean}s.
 *
 * <pre>{@code
 * AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name("orders").build();
 * ObjectName name = AdaptivePoolJmx.register(pool);  // io.adaptivepool:type=AdaptivePool,name=orders
 * }</pre>
 *
 * <p>Names: a pool is registered as {@code io.adaptivepool:type=AdaptivePool,name=<pool name>}, the
 * value quoted with {@link ObjectName#quote} when the pool name holds a character that an
 * {@code ObjectName} value cannot hold bare ({@code , = : " * ?} or a line break). When that name is
 * taken on the server (another pool of the same name), the pool gets the first free name among
 * {@code <pool name>#2}, {@code <pool name>#3}, ... : never an exception (the rule of
 * {@link PoolNames}, which the Prometheus collector follows too). A name freed later is reused by
 * the next registration that needs it.
 *
 * <p>Lifecycle: registering the same pool again on the same server is harmless and returns the
 * name it already has. A pool's beans are unregistered from every server when the pool terminates
 * (through {@link AdaptivePoolExecutor#addTerminationListener}), or by {@link #unregister}. A bean
 * that someone else unregisters is forgotten, so a later {@code register} registers it afresh.
 *
 * <p>Thread-safe. Registration is rare and serialised; it never waits for the pool.
 */
public final class AdaptivePoolJmx {
    /** The domain of every pool's ObjectName. */
    public static final String DOMAIN = "io.adaptivepool";
    /** The {@code type} key of every pool's ObjectName. */
    public static final String TYPE = "AdaptivePool";

    private static final ModuleLog LOG = ModuleLog.of(AdaptivePoolJmx.class);
    private static final Object LOCK = new Object();
    /** The registered pools and their beans, one per server. Guarded by LOCK. */
    private static final Map<AdaptivePoolExecutor, Registrations> POOLS = new IdentityHashMap<>();

    private AdaptivePoolJmx() {
    }

    /**
     * Registers the pool's bean on the platform MBean server; see {@link #register(AdaptivePoolExecutor, MBeanServer)}.
     *
     * @return the name it is registered under
     */
    public static ObjectName register(AdaptivePoolExecutor pool) {
        return register(pool, ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * Registers the pool's bean on {@code server} as {@code io.adaptivepool:type=AdaptivePool,name=<pool name>},
     * or {@code <pool name>#2}, {@code #3}, ... when another bean has that name. If the pool is
     * already registered on this server, nothing changes and its present name is returned. The
     * bean is unregistered when the pool terminates (at once if it already has).
     *
     * @return the name the bean is registered under
     * @throws NullPointerException if {@code pool} or {@code server} is null
     * @throws IllegalStateException if the server refuses the bean for another reason than its
     *     name being taken (a {@code SecurityException} from the server passes through as is)
     */
    public static ObjectName register(AdaptivePoolExecutor pool, MBeanServer server) {
        if (pool == null) {
            throw new NullPointerException("pool");
        }
        if (server == null) {
            throw new NullPointerException("server");
        }
        synchronized (LOCK) {
            Registrations registrations = POOLS.get(pool);
            PoolBean existing = registrations == null ? null : registrations.beans.get(server);
            if (existing != null) {
                return existing.objectName();
            }
            boolean terminated = false;
            if (registrations == null) {
                /*
                 * The listener goes on before the bean: a pool that terminates while the bean is being
                 * registered runs it on its own thread, where it waits for LOCK and then unregisters
                 * the bean, all before the pool's awaitTermination returns true. Added after the bean,
                 * it could miss a termination that happened in between, leaving the bean behind for a
                 * moment after awaitTermination (seen in LoggerNamesIT on CI). A pool that had
                 * terminated already runs it at once, here, and it takes the entry away again.
                 */
                registrations = new Registrations(pool);
                POOLS.put(pool, registrations);
                pool.addTerminationListener(registrations.onTermination);
                terminated = POOLS.get(pool) != registrations;
            }
            PoolBean bean = new PoolBean(pool, server);
            ObjectName name;
            try {
                name = registerUnderFreeName(bean, server, pool.getName());
            } catch (RuntimeException refused) {
                if (!terminated && registrations.beans.isEmpty()) {
                    POOLS.remove(pool);
                    pool.removeTerminationListener(registrations.onTermination);
                }
                throw refused;
            }
            bean.objectName(name);
            if (terminated) {
                unregisterBean(bean); // what the listener would have done, had the bean been there
            } else {
                registrations.beans.put(server, bean);
            }
            return name;
        }
    }

    /**
     * Unregisters the pool's beans from every server this class registered them on. Harmless if the
     * pool is not registered.
     *
     * @return true if the pool was registered
     */
    public static boolean unregister(AdaptivePoolExecutor pool) {
        if (pool == null) {
            throw new NullPointerException("pool");
        }
        synchronized (LOCK) {
            Registrations registrations = POOLS.remove(pool);
            if (registrations == null) {
                return false;
            }
            pool.removeTerminationListener(registrations.onTermination);
            // a copy: each bean's postDeregister calls forget(), which finds the pool gone and does nothing
            List<PoolBean> beans = new ArrayList<>(registrations.beans.values());
            for (PoolBean bean : beans) {
                unregisterBean(bean);
            }
            return true;
        }
    }

    /**
     * The name a pool called {@code poolName} is registered under when no other bean has it:
     * {@code io.adaptivepool:type=AdaptivePool,name=<poolName>}, quoted where needed.
     *
     * @throws IllegalArgumentException if {@code poolName} is null or empty
     */
    public static ObjectName objectName(String poolName) {
        if (poolName == null || poolName.isEmpty()) {
            throw new IllegalArgumentException("poolName (" + (poolName == null ? "null" : "\"\"")
                    + ") must not be null or empty");
        }
        String value = needsQuoting(poolName) ? ObjectName.quote(poolName) : poolName;
        try {
            return new ObjectName(DOMAIN + ":type=" + TYPE + ",name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("poolName (\"" + poolName + "\") cannot make an ObjectName: "
                    + e.getMessage(), e);
        }
    }

    private static boolean needsQuoting(String value) {
        for (int i = 0; i < value.length(); i++) {
            switch (value.charAt(i)) {
                case ',':
                case '=':
                case ':':
                case '"':
                case '*':
                case '?':
                case '\n':
                case '\r':
                    return true;
                default:
                    break;
            }
        }
        return false;
    }

    private static ObjectName registerUnderFreeName(PoolBean bean, MBeanServer server, String poolName) {
        for (int n = 1; ; n++) {
            ObjectName name = objectName(PoolNames.nth(poolName, n));
            try {
                return server.registerMBean(bean, name).getObjectName();
            } catch (InstanceAlreadyExistsException taken) {
                // another pool of the same name: try the next suffix
            } catch (JMException e) {
                throw new IllegalStateException("pool '" + poolName + "': the MBean server refused its bean as "
                        + name + ": " + e, e);
            }
        }
    }

    private static void unregisterBean(PoolBean bean) {
        try {
            bean.server().unregisterMBean(bean.objectName());
        } catch (InstanceNotFoundException alreadyGone) {
            // unregistered by someone else meanwhile
        } catch (JMException | RuntimeException e) {
            LOG.warning("pool '" + bean.pool().getName() + "': could not unregister its MBean "
                    + bean.objectName(), e);
        }
    }

    /** Called by a bean after it has left its server, whoever unregistered it. */
    static void forget(PoolBean bean) {
        AdaptivePoolExecutor pool = bean.pool();
        synchronized (LOCK) {
            Registrations registrations = POOLS.get(pool);
            if (registrations == null || registrations.beans.get(bean.server()) != bean) {
                return;
            }
            registrations.beans.remove(bean.server());
            if (registrations.beans.isEmpty()) {
                POOLS.remove(pool);
                pool.removeTerminationListener(registrations.onTermination);
            }
        }
    }

    /** One pool's beans, by server identity, and the listener that unregisters them on termination. */
    private static final class Registrations {
        final Map<MBeanServer, PoolBean> beans = new IdentityHashMap<>();
        final Runnable onTermination;

        Registrations(AdaptivePoolExecutor pool) {
            this.onTermination = () -> unregister(pool);
        }
    }
}
