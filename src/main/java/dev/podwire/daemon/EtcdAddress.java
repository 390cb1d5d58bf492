package dev.podwire.daemon;

import dev.podwire.lab.UnderlayPlanner;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.SegmentSpec;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where the lab's own etcd listens: an unused address on the first segment, the highest one below the load
 * balancer's pool (which takes the top /28), so that it reads like a control-plane host a LAN sets aside. Pure.
 */
final class EtcdAddress {
    private EtcdAddress() {}

    /** {@return the address, or empty when the first segment has no free address left} */
    static Optional<Ipv4> of(LabSpec lab) {
        SegmentSpec first = lab.underlay().segments().getFirst();
        Cidr subnet = first.subnet();
        Set<Ipv4> taken = new HashSet<>();
        // The gateway, named or the nodes' implicit one (the first address, on the bridge when no machine has it).
        taken.add(first.nodeGateway());
        UnderlayPlanner.machines(lab).forEach(m -> m.attachments().forEach(a -> taken.add(a.address())));
        Optional<Cidr> pool = LoadBalancerPool.of(lab);
        // Network and broadcast addresses are never handed out; neither is the balancer's pool.
        for (long n = subnet.size() - 2; n >= 1; n--) {
            Ipv4 candidate = subnet.host(n);
            if (!taken.contains(candidate) && pool.filter(p -> p.contains(candidate)).isEmpty()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
