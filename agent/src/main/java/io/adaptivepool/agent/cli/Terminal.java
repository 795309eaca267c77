package io.adaptivepool.agent.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is a terminal, where {@code watch} redraws in place with ANSI codes. */
final class Terminal {
    /** Cursor home, then clear the screen. */
    static final String CLEAR = "\033[H\033[2J";

    private Terminal() {
    }

    /**
     * True when stdin and stdout are a terminal. Before Java 22, {@link System#console()} is null
     * otherwise; from 22 it may be non-null anyway, and {@code Console.isTerminal()} tells.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
