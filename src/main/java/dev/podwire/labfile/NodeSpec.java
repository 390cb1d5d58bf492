package dev.podwire.labfile;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes node of the lab.
 *
 * @param name node name, a DNS label of at most 40 characters (namespace {@code <lab>-<name>})
 * @param segment the segment its interface plugs into
 * @param address its node IP (InternalIP) on that segment
 * @param iface its underlay interface name (default {@code eth0}; seed labs use {@code ens33})
 * @param podCidr an explicit {@code spec.podCIDR}; empty = allocated in node order
 * @param sysctls sysctls to set in its namespace, sorted by key
 * @param routes static routes besides the default one, e.g. to an office network behind a VPN gateway
 */
public record NodeSpec(String name, String segment, Ipv4 address, IfName iface, Optional<Cidr> podCidr,
        Map<String, String> sysctls, List<StaticRoute> routes) {
    /** Validates and copies. */
    public NodeSpec {
        NameRules.requireLabel("name", name, NameRules.MACHINE_MAX);
        NameRules.requireLabel("segment", segment, 63);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(podCidr, "podCidr");
        sysctls = NameRules.sortedCopy(sysctls);
        routes = List.copyOf(routes);
    }
}
