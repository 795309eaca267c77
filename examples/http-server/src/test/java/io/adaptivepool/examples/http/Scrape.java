package io.adaptivepool.examples.http;

import java.util.OptionalDouble;

/** Reads one sample out of Prometheus text. */
final class Scrape {
    private Scrape() {
    }

    /**
     * The value of the sample whose name and labels start with {@code prefix}, e.g.
     * {@code adaptive_pool_jobs_processed_total{pool="jobs",outcome="success"}}; empty when absent.
     */
    static OptionalDouble value(String exposition, String prefix) {
        String open = prefix.endsWith("}") ? prefix.substring(0, prefix.length() - 1) : prefix;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(open)) {
                continue;
            }
            String rest = line.substring(open.length());
            boolean labelsMatch = prefix.endsWith("}") ? rest.startsWith(",}") || rest.startsWith("}") : rest.startsWith(" ");
            if (labelsMatch) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    static long count(String exposition, String prefix) {
        return (long) value(exposition, prefix).orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + exposition));
    }
}
