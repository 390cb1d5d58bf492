package dev.podwire.sync;

import java.util.Set;

/**
 * One part of a node that keeps some kernel objects in line with the cluster: the lease, the backend's routes,
 * flannel's rules, the pods, the service proxy. Implementations live in their feature's package; the node agent runs
 * a {@link SyncLoop} over a list of them. A syncer is called by one thread at a time.
 */
public interface Syncer extends AutoCloseable {
    /** {@return a short name for logs and metrics, e.g. {@code proxy}} */
    String name();

    /** {@return the changes that make a sync due}; the resync period and failures run it anyway */
    Set<Trigger> wakesOn();

    /**
     * Brings what this syncer owns in line; {@return what it did}.
     *
     * @param pass why it runs
     * @throws RuntimeException when it failed: the loop logs it and retries with back-off, as {@link Pass#RECOVER}
     */
    Outcome sync(Pass pass);

    /** Releases what the syncer holds (servers, processes); kernel state stays. */
    @Override
    default void close() {}
}
