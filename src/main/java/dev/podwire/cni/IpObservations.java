package dev.podwire.cni;

import dev.podwire.host.ip.IpLink;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.IfName;
import dev.podwire.net.Netns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Turns what {@code ip} reports into {@link ObservedNode} parts. Pure. */
final class IpObservations {
    static final IfName ETH0 = IfName.of("eth0");

    private IpObservations() {}

    /** {@return the namespaces {@code ip netns list} printed (lines {@code name} or {@code name (id: N)})} */
    static Set<Netns> namespaces(String text) {
        Set<Netns> out = new TreeSet<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> out.add(Netns.of(l.split("\\s+")[0])));
        return out;
    }

    /** {@return the node's veths ({@code ip -j link show type veth}), by name} */
    static Map<IfName, ObservedNode.Veth> veths(List<IpLink> links) {
        Map<IfName, ObservedNode.Veth> out = new LinkedHashMap<>();
        for (IpLink l : links) {
            out.put(l.name(), new ObservedNode.Veth(l.name(), l.master().map(IfName::value), l.up(), l.mtu()));
        }
        return out;
    }

    /**
     * {@return a pod namespace from its {@code eth0} ({@code ip -j addr show dev eth0}, empty when missing) and its
     * routes}: only routes through a gateway on eth0, as {@code <dst> via <gateway>}
     */
    static ObservedNode.Pod pod(Optional<IpLink> link, List<IpRoute> routes) {
        Optional<ObservedNode.Eth0> eth0 = link.filter(l -> l.name().equals(ETH0)).map(l -> new ObservedNode.Eth0(
                l.up(), l.mtu(), l.addresses().stream().map(IpLink.Address::toString).toList()));
        Set<String> gatewayRoutes = new TreeSet<>();
        for (IpRoute r : routes) {
            if (r.gateway().isPresent() && r.dev().equals(Optional.of(ETH0))) {
                gatewayRoutes.add((r.dst().prefixLength() == 0 ? "default" : r.dst().toString()) + " via "
                        + r.gateway().get());
            }
        }
        return new ObservedNode.Pod(eth0, gatewayRoutes);
    }
}
