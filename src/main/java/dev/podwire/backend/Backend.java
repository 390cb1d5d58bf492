package dev.podwire.backend;

import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.sync.Syncer;

/**
 * A pod-network backend on one node (flannel's {@code backend.Backend} and the {@code backend.Network} it returns):
 * how this node's pods reach the other nodes' pods. Each backend is a package of its own owning its plan, render and
 * apply ({@code backend.hostgw}, {@code backend.vxlan}), created through {@code flannel.Backends}.
 *
 * <p>As a {@link Syncer} it reconciles the node's data plane towards its peers as the backend learns them, reading the
 * kernel back each time: flannel's backends learn peers from their leases (through {@link BackendEnv#leases()}, with
 * the shared checks of {@link PeerLeases}) and program routes, neighbours and FDB entries themselves; a BGP backend
 * learns them from its routing daemon, which it configures from the cluster and whose installed routes it reads back.
 * Which changes wake it ({@link Syncer#wakesOn()}) is the backend's own business: flannel's follow the lease prefix.
 */
public interface Backend extends Syncer {
    /** {@return what this node publishes for its peers in its lease: {@code BackendType} and {@code BackendData}} */
    LeaseAttrs attrs();

    /**
     * Creates the backend's devices (and daemons) for the node's own block {@code self}; idempotent, and called again
     * whenever the block changes (a lease taken anew after it expired).
     */
    void setUp(Lease self);
}
