package dev.podwire.cni;

import dev.podwire.net.Ipv4;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides, after a node agent (re)starts, what happens to each pod of the node: keep what is intact (so its
 * connections and the sockets of its containers survive), repair what is missing or wrong without touching the rest,
 * create what does not exist, and delete what the store no longer has. Pure: {@link AdoptionInput} in, decisions out
 * (sorted: deletions first, so a re-created pod's old namespace is gone before its new one is made).
 */
public final class PodAdoption {
    private PodAdoption() {}

    /** {@return one decision per desired pod, per stale cache entry and per orphan address} */
    public static List<PodDecision> plan(AdoptionInput in) {
        List<PodDecision> out = new ArrayList<>();
        Map<String, CniCacheEntry> cached = new TreeMap<>();
        Map<String, DesiredPod> desired = new TreeMap<>();
        in.desired().forEach(d -> desired.put(d.key(), d));
        Set<String> known = new TreeSet<>();
        for (CniCacheEntry c : in.cached().stream().sorted(java.util.Comparator.comparing(CniCacheEntry::podKey))
                .toList()) {
            known.add(c.containerId());
            DesiredPod d = desired.get(c.podKey());
            if (d == null) {
                out.add(new PodDecision.Delete(c, "no longer assigned to this node"));
            } else if (!d.podUid().equals(c.podUid())) {
                out.add(new PodDecision.Delete(c, "re-created (uid " + c.podUid() + " -> " + d.podUid() + ")"));
            } else {
                cached.put(c.podKey(), c);
            }
        }
        for (String id : new TreeSet<>(in.held().keySet())) {
            if (!known.contains(id) && desired.values().stream().noneMatch(d -> d.containerId().equals(id))) {
                out.add(new PodDecision.Release(id));
            }
        }
        for (DesiredPod d : desired.values()) {
            boolean replaced = in.cached().stream().anyMatch(c -> c.podKey().equals(d.key())) && !cached.containsKey(
                    d.key());
            out.add(replaced || !in.observed().namespaces().contains(d.pod()) ? new PodDecision.Create(d)
                    : existing(in, d));
        }
        return out;
    }

    private static PodDecision existing(AdoptionInput in, DesiredPod d) {
        List<Ipv4> held = in.held().getOrDefault(d.containerId(), List.of());
        Optional<Ipv4> ip = held.stream().filter(in.subnet()::contains).findFirst();
        if (ip.isEmpty()) {
            return new PodDecision.Recreate(d, held.isEmpty() ? "no address held by host-local"
                    : "address " + held.getFirst() + " is outside the node's subnet " + in.subnet());
        }
        PodWiring w = new PodWiring(in.node(), d.pod(), d.hostVeth(), ip.get(), in.subnet(), in.network(), in.mtu());
        Optional<ObservedNode.Veth> veth = Optional.ofNullable(in.observed().veths().get(d.hostVeth()));
        Optional<ObservedNode.Eth0> eth0 = Optional.ofNullable(in.observed().pods().get(d.pod()))
                .flatMap(ObservedNode.Pod::eth0);
        if (veth.isEmpty() && eth0.isEmpty()) {
            return new PodDecision.Repair(d, w, Set.of(PodDecision.Fix.VETH_PAIR));
        }
        if (veth.isEmpty() || eth0.isEmpty()) {
            // One end of a pair cannot exist without the other: this eth0 or veth belongs to something else.
            return new PodDecision.Recreate(d, veth.isEmpty() ? "eth0 is not paired with " + d.hostVeth()
                    : d.hostVeth() + " has no eth0 in " + d.pod());
        }
        Set<PodDecision.Fix> fixes = EnumSet.noneOf(PodDecision.Fix.class);
        ObservedNode.Veth v = veth.get();
        if (!v.master().equals(Optional.of(CniRenderer.BRIDGE)) || !v.up() || v.mtu() != w.mtu()) {
            fixes.add(PodDecision.Fix.HOST_VETH);
        }
        ObservedNode.Eth0 e = eth0.get();
        Set<String> routes = in.observed().pods().get(d.pod()).routes();
        if (!e.up() || e.mtu() != w.mtu()) {
            fixes.add(PodDecision.Fix.POD_LINK);
        }
        if (!e.addresses().equals(List.of(w.ip() + "/" + w.subnet().prefixLength()))) {
            // Removing a wrong address takes the routes through it along: both are rebuilt.
            fixes.add(PodDecision.Fix.POD_ADDRESS);
            fixes.add(PodDecision.Fix.POD_ROUTES);
        }
        if (!routes.contains("default via " + w.gateway()) || !routes.contains(w.network() + " via " + w.gateway())) {
            fixes.add(PodDecision.Fix.POD_ROUTES);
        }
        return fixes.isEmpty() ? new PodDecision.Keep(d, w) : new PodDecision.Repair(d, w, fixes);
    }
}
