package io.adaptivepool.agent.cli;

/**
 * Ends a command with a message for standard error and an exit code: {@link #USAGE} (2) for a
 * bad command line or an invalid value, {@link #FAILED} (1) when the JVM cannot be reached or a
 * change cannot be applied.
 */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    static final int FAILED = 1;
    static final int USAGE = 2;

    final int exitCode;

    private CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    static CliException failed(String message) {
        return new CliException(FAILED, message);
    }
}
