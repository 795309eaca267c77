package io.adaptivepool;

import java.util.List;

/** A submission's outcome, decided under the pool's lock by {@link PoolEngine#admit}. */
final class Admission {
    static final Admission ACCEPTED = new Admission(null);
    /** Queue full and no worker can be added, and the wait (if any) is over. */
    static final Admission SATURATED = new Admission(null);
    static final Admission SHUT_DOWN = new Admission(null);
    /** No worker is alive and none could be started for this task. */
    static final Admission NO_WORKER = new Admission(null);
    /** A worker of this pool would wait for room that only this pool's workers can make. */
    static final Admission RUN_INLINE = new Admission(null);

    /** Accepted; these reserved workers must be started (the first may carry the task). */
    final List<Worker> toStart;

    Admission(List<Worker> toStart) {
        this.toStart = toStart;
    }
}
