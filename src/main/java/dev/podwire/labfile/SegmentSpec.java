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
 * @param gateway the default gateway machines on this segment use, when there is one
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
}
