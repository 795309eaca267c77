package io.adaptivepool.prometheus;

/**
 * The bounds of one {@link MetricsServer}'s request handling. Package-private: the defaults are the
 * product; tests shrink them to provoke the limits quickly.
 */
final class Limits {
    /** Handler threads at most (started on demand, ended after {@link #THREAD_KEEP_ALIVE_SECONDS} idle). */
    static final int DEFAULT_THREADS = 8;
    /** Exchanges waiting for a handler thread at most; beyond it, a new exchange's connection is closed. */
    static final int DEFAULT_QUEUE = 256;
    /**
     * From a handler thread taking a request up (at its first byte) to the end of its head (request
     * line and headers), in milliseconds.
     */
    static final long DEFAULT_REQUEST_MILLIS = 10000;
    /** From the end of the request head to the last byte of the answer, in milliseconds. */
    static final long DEFAULT_RESPONSE_MILLIS = 30000;
    static final long THREAD_KEEP_ALIVE_SECONDS = 60;

    static final Limits DEFAULTS = new Limits(DEFAULT_THREADS, DEFAULT_QUEUE, DEFAULT_REQUEST_MILLIS,
            DEFAULT_RESPONSE_MILLIS);

    final int threads;
    final int queue;
    final long requestMillis;
    final long responseMillis;

    Limits(int threads, int queue, long requestMillis, long responseMillis) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1");
        }
        if (queue < 1) {
            throw new IllegalArgumentException("queue (" + queue + ") must be >= 1");
        }
        if (requestMillis < 1) {
            throw new IllegalArgumentException("requestMillis (" + requestMillis + ") must be >= 1");
        }
        if (responseMillis < 1) {
            throw new IllegalArgumentException("responseMillis (" + responseMillis + ") must be >= 1");
        }
        this.threads = threads;
        this.queue = queue;
        this.requestMillis = requestMillis;
        this.responseMillis = responseMillis;
    }

    @Override
    public String toString() {
        return "Limits[threads=" + threads + ", queue=" + queue + ", request=" + requestMillis + "ms, response="
                + responseMillis + "ms]";
    }
}
