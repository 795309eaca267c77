package io.adaptivepool.prometheus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text format 0.0.4 and of OpenMetrics 1.0.0, for tests: every
 * line is checked (comment syntax, metric and label names, label escaping, values), and so is
 * the structure (metadata before samples, each family in one block, sample names that belong to
 * their family's type, no duplicate series, histograms whose buckets are cumulative and end with
 * +Inf equal to _count). Any deviation throws {@link IllegalArgumentException} naming the line.
 */
final class Exposition {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(Inf|NaN|(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Set<String> TYPES_004 = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Set<String> TYPES_OM = Set.of("counter", "gauge", "histogram", "gaugehistogram", "stateset",
            "info", "summary", "unknown");

    record Sample(String name, Map<String, String> labels, double value) {
        String label(String name) {
            return labels.get(name);
        }
    }

    static final class Family {
        final String name;
        String type;
        String help;
        String unit;
        final List<Sample> samples = new ArrayList<>();

        Family(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name + " (" + type + ", " + samples.size() + " samples)";
        }
    }

    private final boolean openMetrics;
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> seriesSeen = new HashSet<>();
    private Family current;
    private boolean eof;
    private int lineNo;
    private String line;

    private Exposition(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** Parses the text format 0.0.4. */
    static Exposition parse004(String text) {
        return new Exposition(false).parse(text);
    }

    /** Parses OpenMetrics 1.0.0. */
    static Exposition parseOpenMetrics(String text) {
        return new Exposition(true).parse(text);
    }

    Map<String, Family> families() {
        return families;
    }

    Family family(String name) {
        return families.get(name);
    }

    /** Every sample of that exact sample name, in order. */
    List<Sample> samples(String sampleName) {
        List<Sample> out = new ArrayList<>();
        for (Family f : families.values()) {
            for (Sample s : f.samples) {
                if (s.name().equals(sampleName)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The value of the one sample with that name and exactly these labels ("k", "v", ...), or null. */
    Double value(String sampleName, String... labelPairs) {
        Map<String, String> want = new HashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            want.put(labelPairs[i], labelPairs[i + 1]);
        }
        for (Sample s : samples(sampleName)) {
            if (s.labels().equals(want)) {
                return s.value();
            }
        }
        return null;
    }

    /** The distinct sample names, in order. */
    Set<String> sampleNames() {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Family f : families.values()) {
            for (Sample s : f.samples) {
                out.add(s.name());
            }
        }
        return out;
    }

    private Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        String[] lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
        for (String l : lines) {
            lineNo++;
            line = l;
            if (eof) {
                fail("text after # EOF");
            }
            if (l.isEmpty()) {
                fail("empty line");
            }
            if (l.startsWith("#")) {
                comment(l);
            } else {
                sample(l);
            }
        }
        if (openMetrics && !eof) {
            throw new IllegalArgumentException("OpenMetrics exposition does not end with # EOF");
        }
        for (Family f : families.values()) {
            checkFamily(f);
        }
        return this;
    }

    private void comment(String l) {
        if (openMetrics && l.equals("# EOF")) {
            eof = true;
            return;
        }
        String[] parts = l.split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("#")) {
            fail("malformed comment");
        }
        String keyword = parts[1];
        String name = parts[2];
        if (!METRIC_NAME.matcher(name).matches()) {
            fail("bad metric name '" + name + "'");
        }
        String rest = parts.length == 4 ? parts[3] : "";
        switch (keyword) {
            case "HELP" -> {
                Family f = metadataFamily(name);
                if (f.help != null) {
                    fail("second HELP for " + name);
                }
                checkEscapes(rest, openMetrics ? "\\\"n" : "\\n", "help");
                f.help = rest;
            }
            case "TYPE" -> {
                Family f = metadataFamily(name);
                if (f.type != null) {
                    fail("second TYPE for " + name);
                }
                if (!(openMetrics ? TYPES_OM : TYPES_004).contains(rest)) {
                    fail("unknown type '" + rest + "'");
                }
                f.type = rest;
            }
            case "UNIT" -> {
                if (!openMetrics) {
                    fail("# UNIT is OpenMetrics only");
                }
                Family f = metadataFamily(name);
                if (f.unit != null || !METRIC_NAME.matcher(rest).matches() || !name.endsWith("_" + rest)) {
                    fail("bad UNIT '" + rest + "' for " + name);
                }
                f.unit = rest;
            }
            default -> fail("unexpected comment keyword '" + keyword + "'");
        }
    }

    /** The family a metadata line speaks of: the current one, or a new one that must not exist yet. */
    private Family metadataFamily(String name) {
        if (current != null && current.name.equals(name)) {
            if (!current.samples.isEmpty()) {
                fail("metadata for " + name + " after its samples");
            }
            return current;
        }
        if (families.containsKey(name)) {
            fail("family " + name + " appears in two blocks");
        }
        current = new Family(name);
        families.put(name, current);
        return current;
    }

    private void sample(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) != '{' && l.charAt(i) != ' ') {
            i++;
        }
        String name = l.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            fail("bad sample name '" + name + "'");
        }
        Map<String, String> labels = new TreeMap<>();
        if (i < l.length() && l.charAt(i) == '{') {
            i = labels(l, i + 1, labels);
        }
        if (i >= l.length() || l.charAt(i) != ' ') {
            fail("no space before the value");
        }
        String[] rest = l.substring(i + 1).split(" ", -1);
        if (rest.length > 2 || (openMetrics && rest.length == 2 && rest[1].startsWith("#"))) {
            fail("unexpected text after the value"); // exemplars are not expected from this exporter
        }
        if (!FLOAT.matcher(rest[0]).matches()) {
            fail("bad value '" + rest[0] + "'");
        }
        if (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches()) {
            fail("bad timestamp '" + rest[1] + "'");
        }
        double value = Double.parseDouble(rest[0].replace("Inf", "Infinity"));
        Family family = familyOf(name);
        if (!seriesSeen.add(name + labels)) {
            fail("duplicate series " + name + labels);
        }
        family.samples.add(new Sample(name, Map.copyOf(labels), value));
    }

    /** Parses label pairs from {@code from} (just after '{'); returns the index just after '}'. */
    private int labels(String l, int from, Map<String, String> labels) {
        int i = from;
        boolean first = true;
        while (true) {
            if (i >= l.length()) {
                fail("unterminated label set");
            }
            if (l.charAt(i) == '}') {
                if (!first && openMetrics) {
                    fail("trailing comma in label set");
                }
                return i + 1;
            }
            int eq = l.indexOf('=', i);
            if (eq < 0) {
                fail("label without '='");
            }
            String labelName = l.substring(i, eq);
            if (!LABEL_NAME.matcher(labelName).matches() || labelName.startsWith("__")) {
                fail("bad label name '" + labelName + "'");
            }
            if (eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
                fail("label value not quoted");
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= l.length()) {
                    fail("unterminated label value");
                }
                char c = l.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    char next = j + 1 < l.length() ? l.charAt(j + 1) : ' ';
                    switch (next) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> fail("bad escape in label value");
                    }
                    j += 2;
                } else {
                    value.append(c);
                    j++;
                }
            }
            if (labels.put(labelName, value.toString()) != null) {
                fail("label " + labelName + " given twice");
            }
            j++; // past the closing quote
            if (j < l.length() && l.charAt(j) == '}') {
                return j + 1;
            }
            if (j >= l.length() || l.charAt(j) != ',') {
                fail("expected ',' or '}' after a label");
            }
            first = false;
            i = j + 1; // a '}' next is a trailing comma: allowed by 0.0.4, refused by OpenMetrics (above)
        }
    }

    /** The current family, which must own this sample name. */
    private Family familyOf(String sampleName) {
        Family f = current;
        if (f == null || f.type == null) {
            fail("sample " + sampleName + " without a preceding # TYPE");
        }
        if (openMetrics && (f.help == null)) {
            fail("sample " + sampleName + " without a preceding # HELP");
        }
        if (!suffixesFor(f).contains(suffix(f.name, sampleName))) {
            fail("sample " + sampleName + " does not belong to family " + f.name + " of type " + f.type);
        }
        return f;
    }

    private static String suffix(String family, String sample) {
        return sample.startsWith(family) ? sample.substring(family.length()) : "\u0000";
    }

    private Set<String> suffixesFor(Family f) {
        return switch (f.type) {
            case "counter" -> openMetrics ? Set.of("_total", "_created") : Set.of("");
            case "histogram" -> openMetrics ? Set.of("_bucket", "_count", "_sum", "_created")
                    : Set.of("_bucket", "_count", "_sum");
            case "gaugehistogram" -> Set.of("_bucket", "_gcount", "_gsum");
            case "summary" -> openMetrics ? Set.of("", "_count", "_sum", "_created") : Set.of("", "_count", "_sum");
            case "info" -> Set.of("_info");
            default -> Set.of("");
        };
    }

    private void checkFamily(Family f) {
        if (f.type == null) {
            throw new IllegalArgumentException("family " + f.name + " has no # TYPE");
        }
        if (f.help == null) {
            throw new IllegalArgumentException("family " + f.name + " has no # HELP");
        }
        if (f.type.equals("counter")) {
            for (Sample s : f.samples) {
                if (!openMetrics && !f.name.endsWith("_total")) {
                    throw new IllegalArgumentException("counter " + f.name + " does not end with _total");
                }
                if (s.value() < 0 || Double.isNaN(s.value())) {
                    throw new IllegalArgumentException("counter sample " + s + " is negative or NaN");
                }
            }
        }
        if (f.type.equals("histogram")) {
            checkHistogram(f);
        }
    }

    /** Per label set (le aside): buckets ascending and cumulative, +Inf last and equal to _count; _sum present. */
    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new HashMap<>();
        Set<Map<String, String>> sums = new HashSet<>();
        for (Sample s : f.samples) {
            if (s.name().endsWith("_bucket")) {
                if (s.label("le") == null) {
                    throw new IllegalArgumentException("bucket without le: " + s);
                }
                Map<String, String> key = new TreeMap<>(s.labels());
                key.remove("le");
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                counts.put(s.labels(), s.value());
            } else if (s.name().endsWith("_sum")) {
                sums.add(s.labels());
            }
        }
        for (Map.Entry<Map<String, String>, List<Sample>> e : buckets.entrySet()) {
            double lastLe = Double.NEGATIVE_INFINITY;
            double lastCount = 0;
            for (Sample b : e.getValue()) {
                double le = Double.parseDouble(b.label("le").replace("Inf", "Infinity"));
                if (le <= lastLe || b.value() < lastCount) {
                    throw new IllegalArgumentException(f.name + e.getKey() + ": buckets not ascending or not cumulative at le=" + b.label("le"));
                }
                lastLe = le;
                lastCount = b.value();
            }
            if (lastLe != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(f.name + e.getKey() + ": no +Inf bucket");
            }
            Double count = counts.get(e.getKey());
            if (count == null || count != lastCount) {
                throw new IllegalArgumentException(f.name + e.getKey() + ": _count " + count + " != +Inf bucket " + lastCount);
            }
            if (!sums.contains(e.getKey())) {
                throw new IllegalArgumentException(f.name + e.getKey() + ": no _sum");
            }
        }
        if (buckets.size() != counts.size()) {
            throw new IllegalArgumentException(f.name + ": _count series without buckets");
        }
    }

    private void checkEscapes(String s, String allowed, String what) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                if (i + 1 >= s.length() || allowed.indexOf(s.charAt(i + 1)) < 0) {
                    fail("bad escape in " + what);
                }
                i++;
            }
        }
    }

    private void fail(String why) {
        throw new IllegalArgumentException("line " + lineNo + ": " + why + ": " + line);
    }
}
