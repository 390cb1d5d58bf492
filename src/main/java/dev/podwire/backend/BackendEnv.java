package dev.podwire.backend;

import static java.util.Objects.requireNonNull;

import dev.podwire.host.Kernel;
import dev.podwire.net.Cidr;
import dev.podwire.subnet.LeaseView;
import java.util.random.RandomGenerator;

/**
 * What a backend on one node reads, and nothing more.
 *
 * @param kernel the node's namespace and the executor reaching it
 * @param link the node's underlay attachment
 * @param network the whole pod network (flannel's {@code Network}); routes inside it are the backends'
 * @param leases the node's lease and its peers'
 * @param random for choices flannel makes at random (a new VTEP's MAC)
 */
public record BackendEnv(Kernel kernel, NodeLink link, Cidr network, LeaseView leases, RandomGenerator random) {
    /** Validates. */
    public BackendEnv {
        requireNonNull(kernel, "kernel");
        requireNonNull(link, "link");
        requireNonNull(network, "network");
        requireNonNull(leases, "leases");
        requireNonNull(random, "random");
    }

    /** {@return what wakes a backend that follows flannel's leases: any lease change, and a new lease of its own} */
    public java.util.Set<dev.podwire.sync.Trigger> leaseTriggers() {
        return java.util.Set.of(dev.podwire.sync.Trigger.keys(leases.prefix()),
                dev.podwire.sync.Trigger.signal(LeaseView.RENEWED));
    }
}
