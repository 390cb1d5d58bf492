package dev.podwire.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * Told about every sync a {@link SyncLoop} runs: where metrics (sync counts, durations, failures per syncer) hook in.
 * Called on the syncer's worker thread; it must be quick and must not throw.
 */
@FunctionalInterface
public interface SyncObserver {
    /** Observes nothing. */
    SyncObserver NONE = (syncer, pass, took, outcome) -> { };

    /**
     * One sync ended.
     *
     * @param syncer the syncer's name
     * @param pass why it ran
     * @param took how long it ran
     * @param outcome what it did; empty when it failed
     */
    void synced(String syncer, Pass pass, Duration took, Optional<Outcome> outcome);
}
