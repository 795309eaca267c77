package com.acme.legacy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A legacy ingest job: a reader faster than its workers, on {@code Executors.newFixedThreadPool(4)}.
 * The reader hands each record (16-32 KB) to the pool as it reads it; a worker takes 1 ms to store
 * one. The JDK's fixed pool queues every record it has not stored yet, without limit.
 *
 * <pre>
 * java -cp legacy-app.jar com.acme.legacy.IngestApp [RECORDS]      (default 20000)
 * </pre>
 *
 * <p>It ends with one machine-readable line, or, when the heap runs out while it reads, with
 * {@code OutOfMemoryError after reading N records, N held (N MB)} and exit status 3:
 * <pre>
 * SUMMARY executor=CLASS records_read=N records_stored=N peak_held=N peak_held_mb=N peak_heap_mb=N time_ms=N
 * </pre>
 * {@code peak_held} is the most records read and not yet stored at once, {@code peak_held_mb} their
 * bytes: what the burst itself holds in the heap; {@code peak_heap_mb} the highest heap use seen by
 * a sampler every 10 ms (garbage not yet collected included).
 */
public final class IngestApp {
    static final int WORKERS = 4;
    static final int MIN_KB = 16;
    static final int MAX_KB = 32;
    /** Room to report an OutOfMemoryError in. */
    private static byte[] reserve = new byte[4 << 20];

    private IngestApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        System.out.printf(Locale.ROOT, "ingest: %d records of %d-%d KB, read at once, stored by %s of %d workers%n",
                records, MIN_KB, MAX_KB, pool.getClass().getSimpleName(), WORKERS);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong heapPeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            for (;;) {
                heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        AtomicInteger held = new AtomicInteger();
        AtomicInteger heldPeak = new AtomicInteger();
        AtomicLong heldBytes = new AtomicLong();
        AtomicLong heldBytesPeak = new AtomicLong();
        AtomicInteger stored = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(records);
        Random sizes = new Random(42);
        long start = System.nanoTime();
        int read = 0;
        try {
            for (; read < records; read++) {
                byte[] record = new byte[(MIN_KB + sizes.nextInt(MAX_KB - MIN_KB + 1)) * 1024];
                record[0] = (byte) read;
                heldPeak.accumulateAndGet(held.incrementAndGet(), Math::max);
                heldBytesPeak.accumulateAndGet(heldBytes.addAndGet(record.length), Math::max);
                pool.execute(() -> {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // store it
                    heldBytes.addAndGet(-record.length);
                    held.decrementAndGet();
                    stored.incrementAndGet();
                    done.countDown();
                });
            }
        } catch (OutOfMemoryError e) {
            // the pool's threads would keep this JVM alive for ever: say so (in the room kept for it) and stop
            reserve = null;
            try {
                System.out.printf(Locale.ROOT, "OutOfMemoryError after reading %d records, %d held (%d MB)%n", read,
                        held.get(), heldBytes.get() >> 20);
                System.out.flush();
            } finally {
                Runtime.getRuntime().halt(3);
            }
        }
        done.await();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "SUMMARY executor=%s records_read=%d records_stored=%d peak_held=%d peak_held_mb=%d"
                        + " peak_heap_mb=%d time_ms=%d%n", pool.getClass().getName(), records, stored.get(),
                heldPeak.get(), heldBytesPeak.get() >> 20, heapPeak.get() >> 20, elapsedMs);
        pool.shutdown();
    }
}
