package io.adaptivepool;

/** Stamps tasks put in through a {@link WorkQueue}'s face, as the pool stamps its own. */
interface StampSource {
    StampSource COARSE = () -> Stamp.untimed(CoarseClock.read());

    long stampLocked();
}
