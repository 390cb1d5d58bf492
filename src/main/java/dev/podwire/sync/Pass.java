package dev.podwire.sync;

/** Why a syncer runs. */
public enum Pass {
    /** A change it follows arrived: bring the kernel in line with it, incrementally where the syncer can. */
    CHANGE,
    /** The resync period passed: re-read the kernel objects it owns and repair whatever drifted. */
    RESYNC,
    /** The previous sync failed: the kernel may hold anything, so sync fully. */
    RECOVER;

    /** {@return whether the syncer must not rely on what it applied before} */
    public boolean full() {
        return this != CHANGE;
    }
}
