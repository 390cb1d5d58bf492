package dev.podwire.cni;

import dev.podwire.net.IfName;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel holds for a node's pods, read with {@code ip netns list}, {@code ip -j link show type veth} in the
 * node and {@code ip -j addr show dev eth0} + {@code ip -j route show} in each pod namespace that exists.
 *
 * @param namespaces every network namespace on the machine
 * @param veths the node's veths by name
 * @param pods the pod namespaces looked into, by namespace
 */
public record ObservedNode(Set<Netns> namespaces, Map<IfName, Veth> veths, Map<Netns, Pod> pods) {

    /** Copies. */
    public ObservedNode {
        namespaces = Set.copyOf(namespaces);
        veths = Map.copyOf(veths);
        pods = Map.copyOf(pods);
    }

    /**
     * A node-side veth.
     *
     * @param name its name
     * @param master the bridge it is a port of, if any
     * @param up whether it is administratively up
     * @param mtu its MTU
     */
    public record Veth(IfName name, Optional<String> master, boolean up, int mtu) {}

    /**
     * A pod namespace's {@code eth0} and routes.
     *
     * @param eth0 the interface, absent when the namespace has none
     * @param routes routes with a gateway as {@code <dst> via <gateway>} ({@code default via 10.244.1.1})
     */
    public record Pod(Optional<Eth0> eth0, Set<String> routes) {

        /** Copies. */
        public Pod {
            routes = Set.copyOf(routes);
        }
    }

    /**
     * A pod's {@code eth0}.
     *
     * @param up whether it is administratively up
     * @param mtu its MTU
     * @param addresses its IPv4 addresses as {@code <ip>/<prefix>}
     */
    public record Eth0(boolean up, int mtu, List<String> addresses) {

        /** Copies. */
        public Eth0 {
            addresses = List.copyOf(addresses);
        }
    }
}
