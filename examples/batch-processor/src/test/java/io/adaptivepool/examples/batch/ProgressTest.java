package io.adaptivepool.examples.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void barShowsPercentRateWorkersQueueAndEta() {
        Progress.Sample s = new Progress.Sample(1000, 450, 12034.4, 5, 1.5, 7, 16, 812, 1000);
        assertEquals("[#############.................]  45.0%   12,034 items/s  workers   7/16   queue   812/1000   ETA 5s    ",
                Progress.bar(s));
    }

    @Test
    void lineIsPlainForLogs() {
        Progress.Sample s = new Progress.Sample(1000, 1000, 250.0, 0, 4.0, 0, 16, 0, 1000);
        assertEquals("progress: 1000/1000 (100.0%) after 4.0 s, 250 items/s, workers 0/16, queue 0/1000, ETA 0s",
                Progress.line(s));
    }

    @Test
    void etaIsUnknownUntilSomethingFinishesAndShowsMinutes() {
        assertEquals("?", Progress.eta(-1));
        assertEquals("59s", Progress.eta(59));
        assertEquals("2m05s", Progress.eta(125));
    }

    @Test
    void emptyBatchIsComplete() {
        assertEquals(100.0, new Progress.Sample(0, 0, 0, 0, 0, 0, 1, 0, 1).percent());
    }
}
