package dev.podwire.labfile;

import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A non-node machine on the underlay (a client, a gateway).
 *
 * @param name host name, a DNS label of at most 40 characters (namespace {@code <lab>-<name>})
 * @param segment the segment its one interface plugs into
 * @param address its address on that segment
 * @param iface its interface name (default {@code eth0})
 * @param routes static routes, in file order
 * @param sysctls sysctls to set in its namespace, sorted by key
 * @param iptables its own rules, applied after the underlay is built
 */
public record HostSpec(String name, String segment, Ipv4 address, IfName iface, List<StaticRoute> routes,
        Map<String, String> sysctls, IptablesRules iptables) {
    /** Validates and copies. */
    public HostSpec {
        NameRules.requireLabel("name", name, NameRules.MACHINE_MAX);
        NameRules.requireLabel("segment", segment, 63);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(iface, "iface");
        routes = List.copyOf(routes);
        sysctls = NameRules.sortedCopy(sysctls);
        Objects.requireNonNull(iptables, "iptables");
    }
}
