package io.adaptivepool.agent.cli;

import java.util.List;

/**
 * {@code pools --json}: one JSON document, written by hand (the agent jar carries no JSON
 * library). The field names are a contract for scripts, listed in {@code docs/cli.md}:
 *
 * <pre>
 * {"pid": 1234, "pools": [{"name": ..., "workers": ..., "busyWorkers": ..., "minWorkers": ...,
 *   "maxWorkers": ..., "queueDepth": ..., "queueCapacity": ..., "oldestQueuedAgeMillis": ...,
 *   "throughput": ..., "jobsSubmitted": ..., "jobsProcessed": ..., "jobsFailed": ...,
 *   "jobsRejected": ..., "saturation": ..., "shutdown": ..., "stalls": ..., "workersOverMax": ...}]}
 * </pre>
 *
 * Every field is always present; a value is {@code null} when the pool's version has no such
 * reading (e.g. {@code oldestQueuedAgeMillis} before the stall signals).
 */
final class PoolJson {
    private PoolJson() {
    }

    static String render(String pid, List<PoolSnapshot> pools) {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"pid\": ").append(pid).append(",\n  \"pools\": [");
        for (int i = 0; i < pools.size(); i++) {
            PoolSnapshot p = pools.get(i);
            json.append(i == 0 ? "\n" : ",\n").append("    {");
            field(json, "name", p.name, true);
            field(json, "workers", p.workers, false);
            field(json, "busyWorkers", p.busyWorkers, false);
            field(json, "minWorkers", p.minWorkers, false);
            field(json, "maxWorkers", p.maxWorkers, false);
            field(json, "queueDepth", p.queueDepth, false);
            field(json, "queueCapacity", p.queueCapacity, false);
            field(json, "oldestQueuedAgeMillis", p.oldestQueuedAgeMillis, false);
            field(json, "throughput", p.throughput, false);
            field(json, "jobsSubmitted", p.jobsSubmitted, false);
            field(json, "jobsProcessed", p.jobsProcessed, false);
            field(json, "jobsFailed", p.jobsFailed, false);
            field(json, "jobsRejected", p.jobsRejected, false);
            field(json, "saturation", p.saturation, false);
            field(json, "shutdown", p.shutdown, false);
            field(json, "stalls", p.stalls, false);
            field(json, "workersOverMax", p.workersOverMax, false);
            json.append("}");
        }
        json.append(pools.isEmpty() ? "]\n}" : "\n  ]\n}");
        return json.toString();
    }

    private static void field(StringBuilder json, String name, Object value, boolean first) {
        if (!first) {
            json.append(", ");
        }
        string(json, name);
        json.append(": ");
        if (value == null) {
            json.append("null");
        } else if (value instanceof String) {
            string(json, (String) value);
        } else if (value instanceof Double) {
            double d = (Double) value;
            json.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : String.valueOf(d));
        } else {
            json.append(value); // Integer, Long, Boolean
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    json.append("\\\"");
                    break;
                case '\\':
                    json.append("\\\\");
                    break;
                case '\n':
                    json.append("\\n");
                    break;
                case '\r':
                    json.append("\\r");
                    break;
                case '\t':
                    json.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
            }
        }
        json.append('"');
    }
}
