package io.adaptivepool.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadTableTest {
    private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\","
            + "\"Unit\",\"Param: executor\",\"Param: producers\",\"Param: task\"";
    private static final String B = "\"io.adaptivepool.benchmarks.ExecutorOverheadBenchmark.batch";

    private static List<String> csv() {
        return List.of(HEADER,
                B + "\",\"thrpt\",1,5,4000000.0,100000.0,\"ops/s\",tpe-array,1,noop",
                B + ":gc.alloc.rate\",\"thrpt\",1,5,1.5,0.1,\"MB/sec\",tpe-array,1,noop",
                B + ":gc.alloc.rate.norm\",\"thrpt\",1,5,0.4,0.1,\"B/op\",tpe-array,1,noop",
                B + "\",\"thrpt\",1,5,3000000.0,NaN,\"ops/s\",adaptive,1,noop",
                B + ":gc.alloc.rate.norm\",\"thrpt\",1,5,32.2,0.1,\"B/op\",adaptive,1,noop",
                B + "\",\"thrpt\",1,5,742000.0,5000.0,\"ops/s\",adaptive,2,cpu1us",
                "");
    }

    @Test
    void parsesPrimaryAndNormalisedAllocationRows() {
        List<OverheadTable.Row> rows = OverheadTable.parse(csv());
        assertEquals(List.of(
                new OverheadTable.Row("tpe-array", "noop", 1, 4_000_000.0, 100_000.0, 0.4),
                new OverheadTable.Row("adaptive", "noop", 1, 3_000_000.0, Double.NaN, 32.2),
                new OverheadTable.Row("adaptive", "cpu1us", 2, 742_000.0, 5000.0, null)), rows);
    }

    @Test
    void markdownShowsRatiosToTpeArrayOfTheSameTaskAndProducers() {
        String md = OverheadTable.markdown(OverheadTable.parse(csv()));
        List<String> lines = md.lines().toList();
        assertEquals("| executor | 1 producer | ratio | B/op | 2 producers | ratio | B/op |", lines.get(3));
        assertEquals("| tpe-array | 4.00 M | 1.00 | 0 | — | — | — |", lines.get(5));
        assertEquals("| adaptive | 3.00 M | 0.75 | 32 | — | — | — |", lines.get(6));
        assertEquals("| tpe-array | — | — | — | — | — | — |", lines.get(12));
        assertEquals("| adaptive | — | — | — | 742 k | — | — |", lines.get(13));
    }

    @Test
    void aMissingColumnIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OverheadTable.parse(List.of("\"Benchmark\",\"Score\"")));
        assertEquals("JMH CSV has no column 'Score Error (99.9%)'; columns: [Benchmark, Score]", e.getMessage());
    }

    @Test
    void quotedFieldsKeepTheirCommas() {
        assertEquals(List.of("a,b", "c", "say \"x\""), OverheadTable.fields("\"a,b\",c,\"say \"\"x\"\"\""));
    }

    @Test
    void rates() {
        assertEquals("3.71 M", OverheadTable.rate(3_712_000));
        assertEquals("742 k", OverheadTable.rate(742_400));
        assertEquals("10.2 k", OverheadTable.rate(10_240));
        assertEquals("9.9 k", OverheadTable.rate(9_900));
    }
}
