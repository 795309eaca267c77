package io.adaptivepool.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.management.remote.JMXConnector;

/**
 * {@code watch <pid> [--interval D] [--pool NAME]}: the pools table every interval, with the
 * tasks and rejections per second since the previous read, until Ctrl-C (exit 0) or until the
 * JVM ends or the connection is lost (exit 1); either way a last line says why it stopped. On a
 * terminal each table replaces the previous one (cursor home, clear); otherwise the tables follow
 * each other, each under its own header line, for a log or a pipe.
 */
final class WatchCommand {
    /** Set when the command exits by itself, so that the shutdown hook leaves the exit code alone. */
    private static final AtomicBoolean exitingOnItsOwn = new AtomicBoolean();

    private WatchCommand() {
    }

    static int run(final CliArgs.Watch args, final PrintStream out) throws CliException {
        JMXConnector connector = LocalJmx.connect(args.pid);
        boolean terminal = Terminal.isTerminal();
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                if (!exitingOnItsOwn.get()) {
                    out.println("stopped watching pid " + args.pid);
                    out.flush();
                    Runtime.getRuntime().halt(0); // Ctrl-C is how a watch ends: a success
                }
            }
        }, "adaptive-pool-watch-stop"));
        try {
            PoolReader reader = new PoolReader(connector.getMBeanServerConnection());
            List<PoolSnapshot> previous = null;
            long previousAt = 0;
            long next = System.nanoTime();
            for (;;) {
                List<PoolSnapshot> pools = filter(reader.readAll(), args.pool);
                long now = System.nanoTime();
                Rates rates = previous == null ? Rates.none() : Rates.between(previous, pools, now - previousAt);
                List<String> frame = frame(args, pools, rates, reader);
                StringBuilder text = new StringBuilder(terminal ? Terminal.CLEAR : "");
                for (String line : frame) {
                    text.append(line).append(System.lineSeparator());
                }
                if (!terminal) {
                    text.append(System.lineSeparator());
                }
                out.print(text);
                out.flush();
                previous = pools;
                previousAt = now;
                next += TimeUnit.MILLISECONDS.toNanos(args.intervalMillis);
                if (next - System.nanoTime() < 0) {
                    next = System.nanoTime(); // a slow read: skip the missed ticks rather than catch up
                }
                sleepUntil(next);
            }
        } catch (IOException e) {
            exitingOnItsOwn.set(true);
            out.println("stopped watching pid " + args.pid + ": " + PoolsCommand.whyLost(args.pid, e));
            return CliException.FAILED;
        } finally {
            exitingOnItsOwn.set(true);
            try {
                connector.close();
            } catch (IOException ignored) {
                // the other end is gone already
            }
        }
    }

    private static List<String> frame(CliArgs.Watch args, List<PoolSnapshot> pools, Rates rates, PoolReader reader)
            throws IOException {
        List<String> lines = new ArrayList<>();
        String time = new SimpleDateFormat("HH:mm:ss").format(new Date());
        lines.add("adaptive pools in pid " + args.pid + " at " + time + ", every "
                + CliDurations.format(args.intervalMillis) + " (Ctrl-C to stop)");
        if (!pools.isEmpty()) {
            lines.addAll(PoolTable.render(pools, rates));
        } else if (args.pool == null) {
            lines.add(PoolsCommand.noPools(args.pid));
        } else {
            lines.add("no pool named " + args.pool + " in pid " + args.pid + " (yet); " + SetCommand.poolList(reader.names().keySet()));
        }
        return lines;
    }

    private static List<PoolSnapshot> filter(List<PoolSnapshot> pools, String name) {
        if (name == null) {
            return pools;
        }
        List<PoolSnapshot> kept = new ArrayList<>();
        for (PoolSnapshot p : pools) {
            if (p.name.equals(name)) {
                kept.add(p);
            }
        }
        return kept;
    }

    private static void sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
