package io.adaptivepool;

/** A source of nanosecond time, injected so that the scaling policy can be tested without threads. */
interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long read();
}
