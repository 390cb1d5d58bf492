package dev.podwire.labfile;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Objects;
import java.util.Optional;

/**
 * One L2 segment of the underlay: a bridge that nodes, hosts and routers plug into.
 *
 * @param name segment name, a DNS label
 * @param subnet the segment's IPv4 subnet, /30 or wider
 * @param gateway the default gateway machines on this segment use, when the file names one
 */
public record SegmentSpec(String name, Cidr subnet, Optional<Ipv4> gateway) {
    /** Validates. */
    public SegmentSpec {
        NameRules.requireLabel("name", name, 63);
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        if (subnet.prefixLength() > 30) {
            throw new IllegalArgumentException("subnet: " + subnet + " (expected: /30 or wider)");
        }
        gateway.ifPresent(gw -> {
            if (!subnet.contains(gw)) {
                throw new IllegalArgumentException("gateway: " + gw + " (expected: inside " + subnet + ")");
            }
        });
    }

    /**
     * {@return the default gateway of this segment's nodes}: {@link #gateway} when the file names one, else the
     * subnet's first address. Every node gets a default route, as kubeadm requires of a node (without one, even a
     * ClusterIP fails from the node itself with "Network is unreachable", before kube-proxy's DNAT can apply).
     */
    public Ipv4 nodeGateway() {
        return gateway.orElseGet(() -> subnet.host(1));
    }
}
