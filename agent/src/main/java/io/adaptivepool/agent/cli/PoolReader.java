package io.adaptivepool.agent.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

/**
 * The adaptive pools of one JVM, through its MBean server: every MBean named
 * {@code io.adaptivepool:type=AdaptivePool,name=...}, whether the agent registered it or the
 * application did with {@code AdaptivePoolJmx.register}. Reads by attribute name, so a pool of an
 * older or newer version answers what it has.
 */
final class PoolReader {
    static final String PATTERN = "io.adaptivepool:type=AdaptivePool,*";

    private final MBeanServerConnection server;

    PoolReader(MBeanServerConnection server) {
        this.server = server;
    }

    /** Every pool's snapshot, by name. A pool that ends while being read is left out. */
    List<PoolSnapshot> readAll() throws IOException {
        List<PoolSnapshot> pools = new ArrayList<>();
        for (Map.Entry<String, ObjectName> pool : names().entrySet()) {
            try {
                AttributeList list = server.getAttributes(pool.getValue(), PoolSnapshot.ATTRIBUTES);
                Map<String, Object> values = new HashMap<>();
                for (Attribute a : list.asList()) {
                    values.put(a.getName(), a.getValue());
                }
                pools.add(new PoolSnapshot(pool.getKey(), values));
            } catch (InstanceNotFoundException ended) {
                // the pool terminated and unregistered its bean between the query and the read
            } catch (JMException e) {
                throw new IOException("cannot read " + pool.getValue() + ": " + e, e);
            }
        }
        return pools;
    }

    /** The pools' names, sorted, each with its ObjectName. */
    Map<String, ObjectName> names() throws IOException {
        Set<ObjectName> found = server.queryNames(pattern(), null);
        Map<String, ObjectName> byName = new TreeMap<>();
        for (ObjectName n : found) {
            byName.put(poolName(n), n);
        }
        return byName;
    }

    /** The names of the pool's attributes (to tell which knobs its version has). */
    Set<String> attributeNames(ObjectName pool) throws IOException, JMException {
        Set<String> names = new HashSet<>();
        for (MBeanAttributeInfo info : server.getMBeanInfo(pool).getAttributes()) {
            names.add(info.getName());
        }
        return Collections.unmodifiableSet(names);
    }

    Object get(ObjectName pool, String attribute) throws IOException, JMException {
        return server.getAttribute(pool, attribute);
    }

    /**
     * Writes one attribute.
     *
     * @throws IllegalArgumentException as the MBean refused the value, with its message (the builder's)
     */
    void set(ObjectName pool, String attribute, Object value) throws IOException, JMException {
        try {
            server.setAttribute(pool, new Attribute(attribute, value));
        } catch (RuntimeMBeanException e) {
            throw refusal(e.getTargetException(), e); // a remote client gets the bean's exception wrapped
        }
    }

    private static RuntimeException refusal(Throwable target, RuntimeException wrapper) {
        if (target instanceof IllegalArgumentException) {
            return (IllegalArgumentException) target;
        }
        return wrapper;
    }

    /** The {@code name} key of a pool's ObjectName, unquoted. */
    static String poolName(ObjectName name) {
        String value = name.getKeyProperty("name");
        if (value == null) {
            return name.toString();
        }
        if (value.startsWith("\"")) {
            try {
                return ObjectName.unquote(value);
            } catch (IllegalArgumentException malformed) {
                return value;
            }
        }
        return value;
    }

    private static ObjectName pattern() {
        try {
            return new ObjectName(PATTERN);
        } catch (MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }
}
