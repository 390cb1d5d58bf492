package dev.podwire.agent;

import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.util.List;

/** A flannel backend on one node: what it publishes in its lease, and how it keeps the routes to other leases. */
sealed interface BackendSync permits HostGwSync, VxlanSync {

    /** {@return the attributes this node publishes in its lease (BackendType, BackendData)} */
    LeaseAttrs attrs();

    /** Creates the backend's devices for the node's lease; idempotent. */
    void setUp(Lease self);

    /** Reconciles the data plane towards every other lease; {@return how many entries changed} */
    int sync(Lease self, List<Lease> all);
}
