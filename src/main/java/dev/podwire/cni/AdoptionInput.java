package dev.podwire.cni;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything adoption decides from.
 *
 * @param node the node's namespace
 * @param subnet the node's lease
 * @param network the pod network
 * @param mtu the pods' MTU
 * @param desired the pods the store assigns to the node (not being deleted)
 * @param cached the node's CNI cache: the pods it wired before
 * @param held host-local's reservations: addresses by container ID
 * @param observed what the kernel holds
 */
public record AdoptionInput(Netns node, Cidr subnet, Cidr network, int mtu, List<DesiredPod> desired,
        List<CniCacheEntry> cached, Map<String, List<Ipv4>> held, ObservedNode observed) {

    /** Copies. */
    public AdoptionInput {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(observed, "observed");
        desired = List.copyOf(desired);
        cached = List.copyOf(cached);
        held = Map.copyOf(held);
    }
}
