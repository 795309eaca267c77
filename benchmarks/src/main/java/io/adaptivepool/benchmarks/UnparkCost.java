package io.adaptivepool.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What waking a parked thread costs the thread that wakes it, on this machine: a sleeper thread
 * parks, the main thread waits until it is parked, then times {@link LockSupport#unpark} (the
 * system call that a lock's or a condition's release makes when a waiter is parked) and waits for
 * the sleeper to answer. Prints the median and the quartiles over the rounds, in microseconds.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.adaptivepool.benchmarks.UnparkCost [rounds, default 20000]
 * </pre>
 */
public final class UnparkCost {
    /** Odd: the sleeper's turn to wake up; even: the main thread's turn. */
    private static volatile int turn;

    private UnparkCost() {
    }

    public static void main(String[] args) throws InterruptedException {
        int rounds = 20_000;
        if (args.length > 0) {
            try {
                rounds = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                rounds = 0;
            }
            if (rounds < 1) {
                System.err.println("UnparkCost: rounds (" + args[0] + ") must be a whole number >= 1");
                System.exit(2);
            }
        }
        long[] nanos = measure(rounds);
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "unpark of a parked thread, %d rounds: median %.2f us (quartiles %.2f-%.2f us)%n",
                rounds, nanos[rounds / 2] / 1e3, nanos[rounds / 4] / 1e3, nanos[rounds * 3 / 4] / 1e3);
    }

    /** The time each round's {@code unpark} took, in nanoseconds. */
    static long[] measure(int rounds) throws InterruptedException {
        turn = 0;
        Thread sleeper = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                while (turn != 2 * i + 1) {
                    LockSupport.park();
                }
                turn = 2 * i + 2;
            }
        }, "unpark-cost-sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            while (sleeper.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            turn = 2 * i + 1;
            long start = System.nanoTime();
            LockSupport.unpark(sleeper);
            nanos[i] = System.nanoTime() - start;
            while (turn != 2 * i + 2) {
                Thread.onSpinWait();
            }
        }
        sleeper.join();
        return nanos;
    }
}
