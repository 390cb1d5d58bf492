package dev.podwire.cni;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.Objects;

/**
 * How one pod is wired into its node, as the CNI bridge plugin (delegated to by flannel's CNI plugin) wires it.
 *
 * @param node the node's namespace
 * @param pod the pod's namespace
 * @param hostVeth the node-side veth, a port of {@code cni0}
 * @param ip the pod's address from host-local IPAM
 * @param subnet the node's lease (FLANNEL_SUBNET's network)
 * @param network the whole pod network (FLANNEL_NETWORK)
 * @param mtu FLANNEL_MTU
 */
public record PodWiring(Netns node, Netns pod, IfName hostVeth, Ipv4 ip, Cidr subnet, Cidr network, int mtu)
        implements Comparable<PodWiring> {

    /** Validates. */
    public PodWiring {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(pod, "pod");
        if (!subnet.contains(ip)) {
            throw new IllegalArgumentException("ip: " + ip + " (expected: inside the node's subnet " + subnet + ")");
        }
        if (mtu < 68) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: at least 68)");
        }
    }

    /** {@return the gateway: the subnet's first address, held by cni0} */
    public Ipv4 gateway() {
        return subnet.host(1);
    }

    @Override
    public int compareTo(PodWiring o) {
        return pod.compareTo(o.pod);
    }
}
