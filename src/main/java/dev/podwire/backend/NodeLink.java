package dev.podwire.backend;

import static java.util.Objects.requireNonNull;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;

/**
 * How a node is attached to the underlay: what a backend needs to know about the node itself.
 *
 * @param node the node's name, for logs
 * @param address its underlay address (flannel's PublicIP)
 * @param iface the interface holding it ({@code --iface}), e.g. {@code ens33}
 * @param segment the subnet of that interface, e.g. {@code 192.168.31.0/24}
 * @param mtu the underlay's MTU
 */
public record NodeLink(String node, Ipv4 address, IfName iface, Cidr segment, int mtu) {
    /** Validates. */
    public NodeLink {
        requireNonNull(node, "node");
        requireNonNull(address, "address");
        requireNonNull(iface, "iface");
        requireNonNull(segment, "segment");
        if (!segment.contains(address)) {
            throw new IllegalArgumentException("address: " + address + " (expected: an address of " + segment + ")");
        }
        if (mtu < 576) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: >= 576)");
        }
    }
}
