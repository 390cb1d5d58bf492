package dev.podwire.lab;

import dev.podwire.labfile.HostSpec;
import dev.podwire.labfile.IptablesRules;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.NodeSpec;
import dev.podwire.labfile.RouterInterface;
import dev.podwire.labfile.RouterSpec;
import dev.podwire.labfile.SegmentSpec;
import dev.podwire.labfile.StaticRoute;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a lab's underlay into an {@link UnderlayPlan}: one bridge per segment in the fabric namespace, one veth per
 * machine interface (fabric side on the bridge, machine side named as the lab file says), addresses, routes and
 * sysctls. Pure.
 */
public final class UnderlayPlanner {
    /** Sysctls every node gets, as a kubeadm node on a systemd distribution has them; the lab file may override. */
    static final Map<String, String> NODE_SYSCTLS = Map.of(
            "net.ipv4.ip_forward", "1",
            // systemd's 50-default.conf sets loose reverse-path filtering on Debian and Ubuntu hosts.
            "net.ipv4.conf.all.rp_filter", "2",
            "net.ipv4.conf.default.rp_filter", "2");

    private UnderlayPlanner() {}

    /** {@return the machines of a lab: nodes, then hosts, then routers, each in file order} */
    public static List<Machine> machines(LabSpec lab) {
        Map<String, SegmentSpec> segments = new LinkedHashMap<>();
        lab.underlay().segments().forEach(s -> segments.put(s.name(), s));
        List<Machine> out = new ArrayList<>();
        for (NodeSpec n : lab.nodes()) {
            SegmentSpec seg = segments.get(n.segment());
            Map<String, String> sysctls = new TreeMap<>(NODE_SYSCTLS);
            sysctls.putAll(n.sysctls());
            // Nodes always get a default route (the segment's first address when the file names no gateway);
            // hosts only the gateway the file names: a host is whatever the file says it is.
            Optional<Ipv4> gateway = Optional.of(seg.nodeGateway());
            out.add(new Machine(n.name(), Machine.Role.NODE,
                    List.of(new Attachment(seg.name(), n.iface(), n.address(), seg.subnet())),
                    viaRouters(lab, seg, gateway, n.routes()), ownDefault(n.routes()) ? Optional.empty() : gateway,
                    sysctls, IptablesRules.none()));
        }
        for (HostSpec h : lab.underlay().hosts()) {
            SegmentSpec seg = segments.get(h.segment());
            Optional<Ipv4> gw = ownDefault(h.routes()) ? Optional.empty() : seg.gateway();
            out.add(new Machine(h.name(), Machine.Role.HOST,
                    List.of(new Attachment(seg.name(), h.iface(), h.address(), seg.subnet())),
                    viaRouters(lab, seg, seg.gateway(), h.routes()), gw, h.sysctls(), h.iptables()));
        }
        for (RouterSpec r : lab.underlay().routers()) {
            List<Attachment> atts = new ArrayList<>();
            for (RouterInterface ri : r.interfaces()) {
                atts.add(new Attachment(ri.segment(), ri.iface(), ri.address(), segments.get(ri.segment()).subnet()));
            }
            out.add(new Machine(r.name(), Machine.Role.ROUTER, atts, r.routes(), Optional.empty(),
                    Map.of("net.ipv4.ip_forward", "1"), r.iptables()));
        }
        return List.copyOf(out);
    }

    /**
     * {@return the machine's own routes plus, for every router on its segment, a route to each other segment that
     * router joins} — unless the machine's gateway is that router, whose default route already covers them.
     */
    private static List<StaticRoute> viaRouters(LabSpec lab, SegmentSpec seg, Optional<Ipv4> gateway,
            List<StaticRoute> own) {
        List<StaticRoute> out = new ArrayList<>(own);
        Map<String, SegmentSpec> byName = new LinkedHashMap<>();
        lab.underlay().segments().forEach(s -> byName.put(s.name(), s));
        for (RouterSpec r : lab.underlay().routers()) {
            Optional<Ipv4> here = r.interfaces().stream().filter(i -> i.segment().equals(seg.name()))
                    .map(RouterInterface::address).findFirst();
            if (here.isEmpty() || gateway.equals(here)) {
                continue;
            }
            for (RouterInterface other : r.interfaces()) {
                Cidr to = byName.get(other.segment()).subnet();
                boolean known = out.stream().anyMatch(x -> x.to().equals(to));
                if (!other.segment().equals(seg.name()) && !known) {
                    out.add(new StaticRoute(to, here.get()));
                }
            }
        }
        return out;
    }

    private static boolean ownDefault(List<StaticRoute> routes) {
        return routes.stream().anyMatch(r -> r.to().prefixLength() == 0);
    }

    /** {@return the gateway the file names for {@code s}, and every default gateway a machine on it uses} */
    private static java.util.SortedSet<Ipv4> gateways(SegmentSpec s, List<Machine> machines) {
        java.util.SortedSet<Ipv4> out = new java.util.TreeSet<>();
        s.gateway().ifPresent(out::add);
        machines.stream().filter(m -> m.attachments().getFirst().segment().equals(s.name()))
                .forEach(m -> m.defaultGateway().ifPresent(out::add));
        return out;
    }

    private static boolean owned(List<Machine> machines, Ipv4 address) {
        return machines.stream().flatMap(m -> m.attachments().stream()).anyMatch(a -> a.address().equals(address));
    }

    /** {@return the plan for the whole underlay} */
    public static UnderlayPlan plan(LabSpec lab) {
        LabNames names = new LabNames(lab.name());
        int mtu = lab.underlay().mtu();
        List<Machine> machines = machines(lab);
        List<Netns> namespaces = new ArrayList<>();
        namespaces.add(names.fabric());
        machines.forEach(m -> namespaces.add(names.machine(m.name())));

        StringBuilder fabric = new StringBuilder();
        for (SegmentSpec s : lab.underlay().segments()) {
            String br = names.bridge(s.name()).value();
            fabric.append("link add name ").append(br).append(" mtu ").append(mtu).append(" type bridge\n");
            fabric.append("link set dev ").append(br).append(" up\n");
            // A gateway no machine owns lives on the bridge itself, so that default routes have a neighbour that
            // answers ARP and ping, as a LAN's router would (the fabric does not forward). A router's address is
            // the router's. The nodes' implicit gateway is there only when a node routes through it.
            gateways(s, machines).stream().filter(gw -> !owned(machines, gw)).forEach(gw -> fabric.append("addr add ")
                    .append(gw).append('/').append(s.subnet().prefixLength()).append(" dev ").append(br).append('\n'));
        }
        List<UnderlayPlan.Batch> batches = new ArrayList<>();
        Map<Netns, Map<String, String>> sysctls = new TreeMap<>();
        Map<Netns, String> rules = new TreeMap<>();
        for (Machine m : machines) {
            Netns ns = names.machine(m.name());
            StringBuilder inside = new StringBuilder("link set dev lo up\n");
            for (Attachment a : m.attachments()) {
                String port = names.fabricPort(m.name(), a.segment(), m.attachments().size() > 1).value();
                fabric.append("link add name ").append(port).append(" mtu ").append(mtu).append(" type veth peer name ")
                        .append(a.iface()).append(" mtu ").append(mtu).append(" netns ").append(ns.name()).append('\n');
                fabric.append("link set dev ").append(port).append(" master ").append(names.bridge(a.segment()))
                        .append(" up\n");
                // metric 100 on the address gives the connected route NetworkManager's metric, as on the seeds' nodes.
                inside.append("addr add ").append(a.address()).append('/').append(a.subnet().prefixLength())
                        .append(" dev ").append(a.iface()).append(m.role() == Machine.Role.NODE ? " metric 100" : "")
                        .append('\n');
                inside.append("link set dev ").append(a.iface()).append(" up\n");
            }
            m.defaultGateway().ifPresent(gw -> inside.append("route add default via ").append(gw).append(" dev ")
                    .append(m.attachments().getFirst().iface()).append(" proto static metric 100\n"));
            m.routes().forEach(r -> inside.append("route add ").append(r.to()).append(" via ").append(r.via())
                    .append('\n'));
            batches.add(new UnderlayPlan.Batch(ns, inside.toString()));
            if (!m.sysctls().isEmpty()) {
                sysctls.put(ns, m.sysctls());
            }
            if (!m.iptables().isEmpty()) {
                rules.put(ns, m.iptables().payload());
            }
        }
        batches.addFirst(new UnderlayPlan.Batch(names.fabric(), fabric.toString()));
        return new UnderlayPlan(namespaces, batches, sysctls, rules);
    }
}
