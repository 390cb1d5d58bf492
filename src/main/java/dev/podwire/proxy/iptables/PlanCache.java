package dev.podwire.proxy.iptables;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.proxy.EndpointInfo;
import dev.podwire.proxy.ProxySnapshot;
import dev.podwire.proxy.ServiceInfo;
import dev.podwire.proxy.ServicePortName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers the rules each service port planned to last time, so that a sync plans again only the services whose
 * definition or endpoints changed and replays the others: a node with thousands of Services pays for what changed,
 * as kube-proxy's change trackers make it. Anything beyond the service that shapes its rules (node, detector, marks,
 * host features, the large-cluster switch) is the cache's context; a new context empties it. Not thread-safe: one
 * proxier owns it.
 */
public final class PlanCache {
    /** What shapes every service's rules beside the service itself. */
    private record Context(String nodeName, List<Ipv4> nodeIps, Optional<Cidr> clusterCidr, boolean masqueradeAll,
            int masqueradeBit, IptablesFeatures features, boolean largeCluster) {}

    /** One write to a table, recorded to be replayed. */
    private sealed interface Op {
        record Declare(boolean nat, String chain, Optional<ServicePortName> service) implements Op {}

        record Add(boolean nat, String chain, String rule) implements Op {}
    }

    private record Entry(ServiceInfo service, List<EndpointInfo> endpoints, List<Op> ops) {}

    private Optional<Context> context = Optional.empty();
    private final Map<ServicePortName, Entry> entries = new HashMap<>();
    private int hits;
    private int misses;

    /** {@return how many service ports the last plan replayed, and how many it planned afresh} */
    public String stats() {
        return "reused=" + hits + " planned=" + misses;
    }

    /** Starts a plan: forgets everything when the context changed, and services no longer there. */
    void begin(ProxySnapshot snapshot, IptablesFeatures features, boolean largeCluster) {
        Context now = new Context(snapshot.nodeName(), snapshot.nodeIps(), snapshot.clusterCidr(),
                snapshot.masqueradeAll(), snapshot.masqueradeBit(), features, largeCluster);
        if (!context.equals(Optional.of(now))) {
            entries.clear();
            context = Optional.of(now);
        }
        java.util.Set<ServicePortName> live = new java.util.HashSet<>();
        snapshot.services().forEach(s -> live.add(s.name()));
        entries.keySet().retainAll(live);
        hits = 0;
        misses = 0;
    }

    /** Writes {@code svc}'s rules into {@code filter} and {@code nat}, replayed when nothing of it changed. */
    void write(ServiceInfo svc, List<EndpointInfo> endpoints, ServiceRules rules, Chains filter, Chains nat) {
        Entry e = entries.get(svc.name());
        if (e == null || !e.service().equals(svc) || !e.endpoints().equals(endpoints)) {
            List<Op> ops = new ArrayList<>();
            rules.writeTo(svc, recorder(ops, false), recorder(ops, true));
            e = new Entry(svc, endpoints, List.copyOf(ops));
            entries.put(svc.name(), e);
            misses++;
        } else {
            hits++;
        }
        for (Op op : e.ops()) {
            switch (op) {
                case Op.Declare(var isNat, var chain, var service) -> {
                    Chains to = isNat ? nat : filter;
                    service.ifPresentOrElse(s -> to.declare(chain, s), () -> to.declare(chain));
                }
                case Op.Add(var isNat, var chain, var rule) -> (isNat ? nat : filter).add(chain, rule);
            }
        }
    }

    private static Chains recorder(List<Op> ops, boolean nat) {
        return new Chains() {
            @Override
            public void declare(String name) {
                ops.add(new Op.Declare(nat, name, Optional.empty()));
            }

            @Override
            public void declare(String name, ServicePortName service) {
                ops.add(new Op.Declare(nat, name, Optional.of(service)));
            }

            @Override
            public void add(String chain, String rule) {
                ops.add(new Op.Add(nat, chain, rule));
            }
        };
    }
}
