package dev.podwire.labfile;

import dev.podwire.subnet.SubnetManager;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.NetConf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lab rules about the overlay address plan: pod network, node subnets, service range, DNS, reachability. */
final class LabNetworks {
    private LabNetworks() {}

    static void check(LabSpec lab, List<LabChecks.Warning> warnings) {
        Cidr network = lab.podNetwork().network();
        Cidr services = lab.serviceCidr();
        if (network.overlaps(services)) {
            throw new FieldError("spec.serviceCIDR", services + " overlaps spec.podNetwork.Network " + network
                    + " (expected: disjoint ranges)", "the kubeadm defaults are 10.244.0.0/16 for pods and"
                    + " 10.96.0.0/12 for services");
        }
        List<SegmentSpec> segments = lab.underlay().segments();
        for (int i = 0; i < segments.size(); i++) {
            Cidr subnet = segments.get(i).subnet();
            String path = "spec.underlay.segments[" + i + "].subnet";
            if (subnet.overlaps(network)) {
                throw new FieldError(path, subnet + " overlaps spec.podNetwork.Network " + network
                        + " (expected: disjoint ranges)", "node addresses and pod addresses must not mix; change"
                        + " one of the two");
            }
            if (subnet.overlaps(services)) {
                throw new FieldError(path, subnet + " overlaps spec.serviceCIDR " + services
                        + " (expected: disjoint ranges)", "ClusterIPs are virtual; keep them out of the underlay");
            }
        }
        podCidrs(lab);
        dns(lab);
        lab.kubeProxy().clusterCidr().filter(c -> !c.equals(network)).ifPresent(c -> warnings.add(
                new LabChecks.Warning("spec.kubeProxy.clusterCIDR", "kubeProxy.clusterCIDR " + c + " differs from"
                        + " podNetwork.Network " + network + "; kube-proxy will masquerade service traffic from"
                        + " pods outside " + c)));
    }

    private static void podCidrs(LabSpec lab) {
        NetConf conf = lab.podNetwork();
        boolean etcd = lab.flannel().mode() == SubnetManager.ETCD;
        Map<Cidr, String> taken = new HashMap<>();
        for (int i = 0; i < lab.nodes().size(); i++) {
            NodeSpec n = lab.nodes().get(i);
            if (n.podCidr().isEmpty()) {
                continue;
            }
            Cidr c = n.podCidr().get();
            String path = "spec.nodes[" + i + "].podCIDR";
            if (!conf.network().contains(c) || c.prefixLength() != conf.subnetLen()) {
                throw new FieldError(path, c + " (expected: a /" + conf.subnetLen() + " inside Network "
                        + conf.network() + ")", "podCIDRs are SubnetLen-sized blocks of spec.podNetwork.Network");
            }
            if (etcd && (c.address().compareTo(conf.subnetMin()) < 0 || c.address().compareTo(conf.subnetMax()) > 0)) {
                throw new FieldError(path, c + " is outside flannel's lease range " + conf.subnetMin() + ".."
                        + conf.subnetMax() + " (expected: between SubnetMin and SubnetMax)",
                        "in etcd mode flannel never leases the first subnet of Network; pick another");
            }
            String prev = taken.putIfAbsent(c, n.name());
            if (prev != null) {
                throw new FieldError(path, c + " is already the podCIDR of node " + prev + " (expected: unique"
                        + " podCIDRs)", "give each node its own block, or leave podCIDR out to allocate in order");
            }
        }
        long capacity = etcd ? conf.leaseCount() : conf.network().size() >> (32 - conf.subnetLen());
        if (lab.nodes().size() > capacity) {
            String source = etcd ? "flannel leases " + conf.subnetMin() + ".." + conf.subnetMax()
                    : "Network " + conf.network() + " split into /" + conf.subnetLen() + "s";
            throw new FieldError("spec.nodes", "exhausted subnets: " + lab.nodes().size() + " nodes need "
                    + lab.nodes().size() + " pod subnets, but " + source + " give only " + capacity
                    + " (expected: at most " + capacity + " nodes)", "widen podNetwork.Network or lower"
                    + " SubnetLen (a larger SubnetLen means smaller, more numerous node subnets)");
        }
    }

    private static void dns(LabSpec lab) {
        Ipv4 ip = lab.dns().clusterIp();
        Cidr services = lab.serviceCidr();
        if (!services.contains(ip)) {
            throw new FieldError("spec.dns.clusterIP", ip + " is outside spec.serviceCIDR " + services
                    + " (expected: an address inside it)", "kubeadm uses the 10th address, " + services.host(10));
        }
        if (!LabChecks.usable(services, ip) || ip.equals(services.host(1))) {
            throw new FieldError("spec.dns.clusterIP", ip + " is reserved in " + services + " (the network,"
                    + " broadcast or kubernetes service address)", "kubeadm uses the 10th address, "
                    + services.host(10));
        }
    }

    /**
     * host-gw routes to each peer's pod subnet via the peer's node address, so every node must sit on one segment.
     * Other backends only need the segments joined by routers.
     */
    static void adjacency(LabSpec lab) {
        List<NodeSpec> nodes = lab.nodes();
        NodeSpec first = nodes.getFirst();
        for (int i = 1; i < nodes.size(); i++) {
            NodeSpec n = nodes.get(i);
            if (n.segment().equals(first.segment())) {
                continue;
            }
            String path = "spec.nodes[" + i + "].segment";
            if (LabChecks.isHostGw(lab)) {
                String between = lab.underlay().routers().stream()
                        .filter(r -> r.interfaces().stream().anyMatch(x -> x.segment().equals(n.segment()))
                                && r.interfaces().stream().anyMatch(x -> x.segment().equals(first.segment())))
                        .map(r -> r.name()).findFirst().map(r -> ", behind router " + r).orElse("");
                throw new FieldError(path, "node " + n.name() + " is on segment " + n.segment() + " but node "
                        + first.name() + " is on " + first.segment() + between + " (expected: all nodes on one"
                        + " segment for host-gw)", "host-gw needs L2 adjacency between nodes: a route's next hop must"
                        + " be the peer node itself, and the router does not know the pod subnets; use"
                        + " podNetwork.Backend: {Type: vxlan} (with DirectRouting: true to stay direct within a"
                        + " segment), or put the nodes on one segment");
            }
            if (!reachable(lab.underlay().routers(), first.segment()).contains(n.segment())) {
                throw new FieldError(path, "no router joins segment " + n.segment() + " (node " + n.name() + ") to"
                        + " segment " + first.segment() + " (node " + first.name() + ")", "add a router with an"
                        + " interface on each segment under spec.underlay.routers");
            }
        }
    }

    private static Set<String> reachable(List<RouterSpec> routers, String from) {
        Set<String> seen = new HashSet<>(List.of(from));
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String segment = todo.pop();
            for (RouterSpec r : routers) {
                List<String> legs = new ArrayList<>();
                r.interfaces().forEach(i -> legs.add(i.segment()));
                if (legs.contains(segment)) {
                    legs.stream().filter(seen::add).forEach(todo::add);
                }
            }
        }
        return seen;
    }
}
