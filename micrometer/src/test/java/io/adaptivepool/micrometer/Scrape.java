package io.adaptivepool.micrometer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus text format 0.0.4, read just enough to find families, their types and samples. */
record Scrape(Map<String, String> types, List<Sample> samples) {
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)} (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static Scrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher t = TYPE.matcher(line);
            Matcher s = SAMPLE.matcher(line);
            if (t.matches()) {
                types.put(t.group(1), t.group(2));
            } else if (s.matches()) {
                Map<String, String> labels = new HashMap<>();
                Matcher l = LABEL.matcher(s.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
                samples.add(new Sample(s.group(1), labels, Double.parseDouble(s.group(3))));
            }
        }
        return new Scrape(types, samples);
    }

    /** The samples named {@code name} whose labels include {@code labels}. */
    List<Sample> find(String name, Map<String, String> labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name.equals(name) && s.labels.entrySet().containsAll(labels.entrySet())) {
                found.add(s);
            }
        }
        return found;
    }
}
