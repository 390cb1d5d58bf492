package dev.podwire.ipam;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Objects;

/**
 * One host-local IPAM range ({@code plugins/ipam/host-local/backend/allocator/range.go}): the addresses
 * {@code rangeStart..rangeEnd} of {@code subnet}, minus the gateway.
 *
 * @param subnet the range's subnet, no host bits, /30 or shorter (host-local: "too small to allocate from")
 * @param rangeStart first address to hand out (inclusive)
 * @param rangeEnd last address to hand out (inclusive)
 * @param gateway the bridge's address, never handed out
 */
public record HostLocalRange(Cidr subnet, Ipv4 rangeStart, Ipv4 rangeEnd, Ipv4 gateway) {

    /** Validates. */
    public HostLocalRange {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(rangeStart, "rangeStart");
        Objects.requireNonNull(rangeEnd, "rangeEnd");
        Objects.requireNonNull(gateway, "gateway");
        if (subnet.prefixLength() > 30) {
            throw new IllegalArgumentException("subnet: " + subnet
                    + " (expected: /30 or shorter; host-local: Network too small to allocate from)");
        }
        check("rangeStart", rangeStart, subnet);
        check("rangeEnd", rangeEnd, subnet);
        check("gateway", gateway, subnet);
        if (rangeStart.compareTo(rangeEnd) > 0) {
            throw new IllegalArgumentException("rangeStart: " + rangeStart + " (expected: <= rangeEnd " + rangeEnd
                    + ")");
        }
    }

    /**
     * {@return host-local's defaults for {@code subnet}}: gateway {@code .1}, rangeStart {@code .1} (the gateway is
     * skipped, so {@code .2} is handed out first), rangeEnd the last address before broadcast ({@code .254} in a /24).
     */
    public static HostLocalRange of(Cidr subnet) {
        return new HostLocalRange(subnet, subnet.host(1), subnet.last().plus(-1), subnet.host(1));
    }

    /** {@return whether {@code ip} lies in {@code rangeStart..rangeEnd}} (the gateway included) */
    public boolean contains(Ipv4 ip) {
        return ip.compareTo(rangeStart) >= 0 && ip.compareTo(rangeEnd) <= 0;
    }

    /** {@return how many addresses the range hands out at most (gateway excluded)} */
    public long capacity() {
        long n = rangeEnd.unsigned() - rangeStart.unsigned() + 1;
        return contains(gateway) ? n - 1 : n;
    }

    private static void check(String field, Ipv4 ip, Cidr subnet) {
        if (!subnet.contains(ip)) {
            throw new IllegalArgumentException(field + ": " + ip + " (expected: inside " + subnet + ")");
        }
    }
}
