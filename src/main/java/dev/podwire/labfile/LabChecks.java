package dev.podwire.labfile;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.BackendConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of a lab that relate several fields: unique names and addresses, subnets that fit and do not overlap,
 * enough pod subnets for the nodes, L2 adjacency for host-gw. Each failure names the later of two conflicting
 * fields, because that is usually the one just added.
 */
final class LabChecks {
    /** A legal but questionable setting, at a field path. */
    record Warning(String path, String text) {}

    /** One place that claims an address on a segment. */
    private record Claim(String path, String owner, String segment, Ipv4 address) {}

    private LabChecks() {}

    static void check(LabSpec lab, List<Warning> warnings) {
        Map<String, SegmentSpec> segments = segments(lab.underlay().segments());
        machineNames(lab);
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < lab.nodes().size(); i++) {
            NodeSpec n = lab.nodes().get(i);
            claims.add(new Claim("spec.nodes[" + i + "]", "node " + n.name(), n.segment(), n.address()));
        }
        List<HostSpec> hosts = lab.underlay().hosts();
        for (int i = 0; i < hosts.size(); i++) {
            HostSpec h = hosts.get(i);
            claims.add(new Claim("spec.underlay.hosts[" + i + "]", "host " + h.name(), h.segment(), h.address()));
        }
        List<RouterSpec> routers = lab.underlay().routers();
        for (int i = 0; i < routers.size(); i++) {
            List<RouterInterface> ifaces = routers.get(i).interfaces();
            Map<IfName, Integer> names = new HashMap<>();
            for (int j = 0; j < ifaces.size(); j++) {
                RouterInterface ri = ifaces.get(j);
                String path = "spec.underlay.routers[" + i + "].interfaces[" + j + "]";
                Integer prev = names.putIfAbsent(ri.iface(), j);
                if (prev != null) {
                    throw new FieldError(path + ".interface", ri.iface() + " is already interfaces[" + prev + "]"
                            + " (expected: one name per interface)", "name them eth0, eth1, ...");
                }
                claims.add(new Claim(path, "router " + routers.get(i).name(), ri.segment(), ri.address()));
            }
        }
        addresses(claims, segments);
        routes(lab, segments);
        LabNetworks.check(lab, warnings);
        LabNetworks.adjacency(lab);
        implicitGateways(lab, segments);
    }

    /**
     * A segment that names no gateway gives its nodes its first address as their default gateway (on the bridge,
     * or the router or host holding it); a node holding that address while another node needs it is refused, as
     * for a named gateway: nodes are not gateways.
     */
    private static void implicitGateways(LabSpec lab, Map<String, SegmentSpec> segments) {
        for (int i = 0; i < lab.nodes().size(); i++) {
            NodeSpec n = lab.nodes().get(i);
            SegmentSpec s = segments.get(n.segment());
            boolean needed = lab.nodes().stream().anyMatch(o -> o.segment().equals(s.name())
                    && o.routes().stream().noneMatch(r -> r.to().prefixLength() == 0));
            if (s.gateway().isEmpty() && needed && n.address().equals(s.nodeGateway())) {
                int index = lab.underlay().segments().indexOf(s);
                throw new FieldError("spec.nodes[" + i + "].address", n.address() + " is the first address of"
                        + " segment " + s.name() + ", its nodes' default gateway when the segment names none"
                        + " (expected: another address, or a gateway for " + s.name() + ")",
                        "kubeadm refuses a node without a default route; pick another address or set"
                        + " spec.underlay.segments[" + index + "].gateway to a free address or a router's");
            }
        }
    }

    private static Map<String, SegmentSpec> segments(List<SegmentSpec> list) {
        Map<String, SegmentSpec> byName = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            SegmentSpec s = list.get(i);
            String path = "spec.underlay.segments[" + i + "]";
            if (byName.putIfAbsent(s.name(), s) != null) {
                throw new FieldError(path + ".name", s.name() + " is defined twice (expected: unique segment"
                        + " names)", "rename one of the segments");
            }
            for (int j = 0; j < i; j++) {
                SegmentSpec other = list.get(j);
                if (other.subnet().overlaps(s.subnet())) {
                    throw new FieldError(path + ".subnet", s.subnet() + " overlaps segment " + other.name() + " ("
                            + other.subnet() + ") (expected: disjoint segment subnets)",
                            "give each segment its own subnet; routers connect them");
                }
            }
            Optional<Ipv4> gw = s.gateway();
            if (gw.isPresent() && !usable(s.subnet(), gw.get())) {
                throw new FieldError(path + ".gateway", gw.get() + " is the network or broadcast address of "
                        + s.subnet() + " (expected: a host address)", "gateways are usually the .1 address");
            }
        }
        return byName;
    }

    private static void machineNames(LabSpec lab) {
        Map<String, String> seen = new HashMap<>();
        List<String[]> all = new ArrayList<>();
        for (int i = 0; i < lab.nodes().size(); i++) {
            all.add(new String[] {"spec.nodes[" + i + "].name", lab.nodes().get(i).name(), "node"});
        }
        for (int i = 0; i < lab.underlay().hosts().size(); i++) {
            all.add(new String[] {"spec.underlay.hosts[" + i + "].name", lab.underlay().hosts().get(i).name(),
                "host"});
        }
        for (int i = 0; i < lab.underlay().routers().size(); i++) {
            all.add(new String[] {"spec.underlay.routers[" + i + "].name", lab.underlay().routers().get(i).name(),
                "router"});
        }
        for (String[] m : all) {
            if (m[1].equals("fabric")) {
                throw new FieldError(m[0], "fabric is reserved (expected: another name)",
                        "namespace " + lab.name() + "-fabric holds the underlay bridges");
            }
            String prev = seen.putIfAbsent(m[1], m[2] + " at " + m[0]);
            if (prev != null) {
                throw new FieldError(m[0], m[1] + " is already the name of the " + prev + " (expected: names unique"
                        + " across nodes, hosts and routers)", "each becomes namespace " + lab.name() + "-" + m[1]
                        + "; rename one");
            }
        }
    }

    private static void addresses(List<Claim> claims, Map<String, SegmentSpec> segments) {
        Map<Ipv4, Claim> seen = new HashMap<>();
        for (Claim c : claims) {
            SegmentSpec s = segments.get(c.segment());
            if (s == null) {
                String known = segments.isEmpty() ? "none defined" : String.join(", ",
                        new java.util.TreeSet<>(segments.keySet()));
                throw new FieldError(c.path() + ".segment", c.segment() + " is not a segment (expected one of: "
                        + known + ")", "define it under spec.underlay.segments, e.g. {name: " + c.segment()
                        + ", subnet: 192.168.31.0/24}");
            }
            if (!s.subnet().contains(c.address())) {
                throw new FieldError(c.path() + ".address", c.address() + " is outside segment " + s.name() + " ("
                        + s.subnet() + ")", "pick an address inside " + s.subnet());
            }
            if (!usable(s.subnet(), c.address())) {
                throw new FieldError(c.path() + ".address", c.address() + " is the network or broadcast address of "
                        + s.subnet() + " (expected: a host address)", "pick a host address such as "
                        + s.subnet().host(2));
            }
            if (s.gateway().equals(Optional.of(c.address())) && c.owner().startsWith("node ")) {
                throw new FieldError(c.path() + ".address", c.address() + " is the gateway of segment " + s.name()
                        + " (expected: another address)", "nodes are not gateways; pick another address");
            }
            Claim prev = seen.putIfAbsent(c.address(), c);
            if (prev != null) {
                throw new FieldError(c.path() + ".address", c.address() + " is already the address of "
                        + prev.owner() + " (expected: unique addresses)", "pick another address in " + s.subnet());
            }
        }
    }

    /** Every static route's next hop must be a neighbour: on one of the machine's segments, not its own address. */
    private static void routes(LabSpec lab, Map<String, SegmentSpec> segments) {
        for (int i = 0; i < lab.nodes().size(); i++) {
            NodeSpec n = lab.nodes().get(i);
            nextHops("spec.nodes[" + i + "]", n.routes(), List.of(segments.get(n.segment()).subnet()),
                    List.of(n.address()));
        }
        List<HostSpec> hosts = lab.underlay().hosts();
        for (int i = 0; i < hosts.size(); i++) {
            HostSpec h = hosts.get(i);
            nextHops("spec.underlay.hosts[" + i + "]", h.routes(), List.of(segments.get(h.segment()).subnet()),
                    List.of(h.address()));
        }
        List<RouterSpec> routers = lab.underlay().routers();
        for (int i = 0; i < routers.size(); i++) {
            RouterSpec r = routers.get(i);
            nextHops("spec.underlay.routers[" + i + "]", r.routes(), r.interfaces().stream()
                    .map(ri -> segments.get(ri.segment()).subnet()).toList(),
                    r.interfaces().stream().map(RouterInterface::address).toList());
        }
    }

    private static void nextHops(String path, List<StaticRoute> routes, List<Cidr> subnets, List<Ipv4> own) {
        for (int j = 0; j < routes.size(); j++) {
            Ipv4 via = routes.get(j).via();
            if (subnets.stream().noneMatch(s -> s.contains(via)) || own.contains(via)) {
                throw new FieldError(path + ".routes[" + j + "].via", via + " is not a neighbour on "
                        + subnets.stream().map(Cidr::toString).collect(java.util.stream.Collectors.joining(" or "))
                        + " (expected: another machine's address on one of its segments)",
                        "a next hop must be directly reachable, like ip route insists");
            }
        }
    }

    /** {@return whether {@code ip} is neither the network nor the broadcast address of {@code subnet}} */
    static boolean usable(Cidr subnet, Ipv4 ip) {
        return !ip.equals(subnet.address()) && !ip.equals(subnet.last());
    }

    static boolean isHostGw(LabSpec lab) {
        return lab.podNetwork().backend() instanceof BackendConfig.HostGw;
    }
}
