package io.adaptivepool;

/**
 * What a worker thread does, from its first task until it leaves: take the next task (a task
 * handed to it, else the queue's head), run it, and while there is none wait idle on its own
 * condition of the pool's lock, retiring when the policy lets it. A worker decides to leave and is
 * uncounted in one critical section, so a submission does not count on a worker that is leaving
 * (WorkerBoundLincheckTest explores it).
 * Part of {@link PoolEngine}, under its lock and invariants.
 */
final class WorkerLoop {
    /*
     * Spin before the idle wait. A worker that finds nothing to do goes idle at once (on the idle
     * stack, so the hand-off is unchanged: a submission gives it the next task rather than queue
     * it), but watches its slot outside the lock for a few dozen turns of Thread.yield() before it
     * waits on its condition. A task handed meanwhile is taken without a wake-up: the submitter's
     * signal finds no waiter, so no thread is unparked (a system call that costs the submitter
     * microseconds on a virtual machine, and puts the woken thread on a core the submitter may
     * need). Each turn yields the core rather than pausing on it, so a spinning worker gives way to
     * a submitter or a busy worker waiting for that core (spins that paused instead, of 1 to 200
     * microseconds, took their cores and gained nothing or lost on 2 cores: docs/performance.md).
     * After the spin the worker looks at everything again under the lock before it waits, as after
     * any wake-up, so a change made while it spun (shutdown, new settings, a task handed just then)
     * is seen: signals sent before it took the lock again found no waiter, but their change is
     * there to see; those sent after find it waiting. It spins once per look for work, right after
     * a task (or its start), never again while it stays idle, so an idle pool uses no CPU: 48
     * yields come to about 10-50 microseconds of CPU per idle spell.
     *
     * The spin is bounded in time as well as in turns: it ends after SPIN_TURNS yields or once
     * SPIN_NANOS have passed since it began, whichever comes first. On a quiet machine a yield
     * takes well under a microsecond and the turns end it; on a loaded one a yield can give the
     * core to another process for a whole time slice (milliseconds), and 48 such turns could keep
     * an idle worker from its wait for that many slices: a worker that may retire does not start
     * its idle time until its spin ends (EngineContractTest.theWorkerCountNeverExceedsMaxWhileWorkersRetireAndStart,
     * whose producers pause 1 ms, saw no retirement at all in 3 of 7 runs under a load average of
     * 20-50 with the unbounded spin, in none of 7 with the bound). A hand-off that the spin is for
     * comes within microseconds (in the overhead benchmark, a spin that paid did so after about 3
     * yields, counted in a build instrumented for it); one that has not come after 50
     * microseconds is not the burst the spin waits for.
     */
    static final int SPIN_TURNS = 48;
    /** The longest spin, in wall-clock time (see above). */
    static final long SPIN_NANOS = 50_000L;
    /** The longest a worker waits in one go: far beyond any JVM's life, and safe to add to a nanoTime. */
    static final long FAR = Long.MAX_VALUE >> 2;
    /** What {@link #lookOrWait} returns to say: spin, then look again. */
    private static final Runnable SPIN = () -> {
    };

    private final PoolEngine pool;

    WorkerLoop(PoolEngine pool) {
        this.pool = pool;
    }

    /** The body of a worker thread, from its first task (or none) until it leaves. */
    void run(Worker w, Runnable firstTask) {
        Thread me = Thread.currentThread();
        Runnable task = firstTask;
        boolean looping = false;
        try {
            pool.runState.workerThreadStarted(me); // a Thread's hashCode may be user code: inside the try
            pool.current.set(w);
            pool.stats.workerStarted(w.recorder);
            if (w.kind == PoolEngine.Kind.SCALE_UP) {
                pool.stats.scaleUps.increment();
            }
            looping = true;
            for (;;) {
                if (task == null) {
                    task = nextTask(w);
                    if (task == null) {
                        break;
                    }
                }
                pool.runner.run(w, task, me);
                task = null;
            }
        } finally {
            pool.current.remove();
            pool.stats.workerEnded(w.recorder);
            boolean terminate;
            Worker rescue;
            pool.lock.lock();
            try {
                w.askedLocked(); // nothing more is handed to it
                if (w.idle) { // it ended abruptly in its spin, still on the idle stack
                    w.idle = false;
                    pool.idle.remove(w);
                }
                if (!looping) { // it ended before its loop: its first task never ran
                    passOnLocked(task, w.stamp);
                }
                Runnable handed = w.takeHanded(); // only if it left abruptly; sets w.stamp
                passOnLocked(handed, w.stamp);
                pool.uncountLocked(w); // only if it left abruptly: nextTask uncounts a worker that leaves
                rescue = pool.rescueLocked();
                terminate = pool.tryTerminateLocked();
            } finally {
                pool.lock.unlock();
            }
            pool.startRescue(rescue);
            if (terminate) {
                pool.finishTermination();
            }
            pool.runState.workerThreadEnding(me);
        }
    }

    /**
     * The worker's next task, waiting for one while idle; null when it must leave (and it is then
     * no longer counted). Leaves: on STOP; above max (lowered max, or a stall worker past its
     * grant); on SHUTDOWN or above max with the queue empty; idle for the idle time when the
     * policy lets it retire.
     */
    private Runnable nextTask(Worker w) {
        Runnable task = lookOrWait(w, true);
        if (task != SPIN) {
            return task;
        }
        task = w.spinForHanded(SPIN_TURNS, SPIN_NANOS);
        return task != null ? task : lookOrWait(w, false);
    }

    /**
     * Under the lock: the next task, or null when the worker must leave, or {@link #SPIN} when it
     * may spin and has just gone idle: then it is on the idle stack, takes hand-offs as an idle
     * worker does, and after its spin comes back here to look again and wait. A worker stays where
     * it is on the idle stack while it looks again (after a spin or a wake-up that brought no
     * task), so one that spun in vain does not go ahead of one still spinning.
     */
    private Runnable lookOrWait(Worker w, boolean spin) {
        boolean spinning = false;
        pool.lock.lock();
        try {
            w.askedLocked();
            long idleSince = 0L;
            long notBefore = 0L;
            boolean wasIdle = false;
            for (;;) {
                Runnable task = w.takeHanded();
                if (task != null) {
                    return task;
                }
                int rs = pool.runState.get();
                if (rs >= RunState.STOP) {
                    return leaveLocked(w, false);
                }
                Settings s = pool.settings();
                int n = pool.workers();
                if (n > s.maxWorkers + pool.granted) {
                    return leaveLocked(w, true);
                }
                task = pool.queue.takeLocked();
                if (task != null) {
                    w.stamp = pool.queue.lastStampLocked();
                    pool.queue.ring.started++;
                    return task;
                }
                if (rs == RunState.SHUTDOWN) {
                    return leaveLocked(w, false);
                }
                if (n > s.maxWorkers) {
                    return leaveLocked(w, true);
                }
                boolean mayRetire = n > s.floor();
                long now = mayRetire || !wasIdle ? System.nanoTime() : 0L;
                if (!wasIdle) {
                    wasIdle = true;
                    idleSince = now;
                    w.recorder.waited = true;
                }
                /*
                 * Waits are capped at FAR (about 73 years), so that an idle time or a cooldown of
                 * "for ever" (Long.MAX_VALUE ns, Duration.ofSeconds(Long.MAX_VALUE)) cannot wrap
                 * now + wait into the past; System.nanoTime() values are compared by difference only.
                 */
                long deadline = idleSince + Math.min(s.idleNanos(), FAR);
                if (notBefore != 0L && notBefore - deadline > 0L) {
                    deadline = notBefore;
                }
                if (mayRetire && now - deadline >= 0L) {
                    ScalingPolicy.Retirement r = pool.policy.onIdle(s, n);
                    if (r == ScalingPolicy.Retirement.RETIRE) {
                        return leaveLocked(w, true);
                    }
                    if (r != ScalingPolicy.Retirement.STAY) {
                        notBefore = now + Math.min(r.waitNanos(), FAR);
                    }
                    continue;
                }
                if (!w.idle) {
                    pool.idle.push(w);
                    w.idle = true;
                }
                if (spin) {
                    spinning = true;
                    return SPIN;
                }
                try {
                    if (mayRetire) {
                        w.wakeUp.awaitNanos(deadline - now);
                    } else {
                        w.wakeUp.await();
                    }
                } catch (InterruptedException e) {
                    // shutdownNow, or a stray interrupt: look again (the interrupt is cleared)
                }
                notBefore = 0L; // woken: ask the policy again, so a lowered cooldown applies at once
            }
        } finally {
            if (w.idle && !spinning) { // it leaves the idle stack unless a hand-off took it off
                w.idle = false;
                pool.idle.remove(w);
            }
            pool.lock.unlock();
        }
    }

    /**
     * Under the lock, for a worker that ends abruptly (before its loop, or an Error while idle): an
     * accepted task it never ran goes to an idle or fresh worker, else to the queue (past its
     * capacity if need be), where the rescue worker takes it if no worker is left. After
     * shutdownNow it stays in the queue, still counted as queued.
     */
    private void passOnLocked(Runnable task, long stamp) {
        if (task == null) {
            return;
        }
        pool.queue.ring.accepted--; // counted again where it goes
        pool.queue.ring.started--;
        if (!pool.handToIdleLocked(task, pool.preStampUnderLock())) {
            pool.queue.addLocked(task, stamp);
            pool.queue.ring.accepted++;
        }
    }

    /** Under the lock: the worker leaves; retirement counts as scaling down while running. */
    private Runnable leaveLocked(Worker w, boolean retired) {
        pool.uncountLocked(w);
        if (retired && pool.runState.get() == RunState.RUNNING && w.kind != PoolEngine.Kind.STALL) {
            pool.stats.scaleDowns.increment();
        }
        return null;
    }
}
