package dev.podwire.labfile;

import java.util.List;

/**
 * An L3 hop between segments: a namespace with forwarding on and one interface per segment.
 *
 * @param name router name, a DNS label of at most 40 characters (namespace {@code <lab>-<name>})
 * @param interfaces at least one interface
 * @param routes static routes, in file order; each next hop is on one of its segments
 * @param iptables its own rules, applied after the underlay is built
 */
public record RouterSpec(String name, List<RouterInterface> interfaces, List<StaticRoute> routes,
        IptablesRules iptables) {
    /** Validates. */
    public RouterSpec {
        NameRules.requireLabel("name", name, NameRules.MACHINE_MAX);
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        java.util.Objects.requireNonNull(iptables, "iptables");
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("interfaces: [] (expected: at least one interface)");
        }
    }
}
