package dev.podwire.daemon;

import dev.podwire.lab.Machine;
import dev.podwire.lab.UnderlayPlanner;
import dev.podwire.labfile.LabSpec;
import dev.podwire.labfile.SegmentSpec;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Optional;

/**
 * Where LoadBalancer Services get their addresses: the top /28 of the lab's first segment, as a MetalLB address pool
 * on a LAN would be set aside. Pure. No pool (Services stay {@code <pending>}) when the segment is smaller than /28 or
 * a machine or the gateway already uses an address in that range.
 */
final class LoadBalancerPool {
    private LoadBalancerPool() {}

    static Optional<Cidr> of(LabSpec lab) {
        SegmentSpec first = lab.underlay().segments().getFirst();
        if (first.subnet().prefixLength() > 28) {
            return Optional.empty();
        }
        Cidr pool = new Cidr(first.subnet().last(), 28);
        boolean clash = first.gateway().filter(pool::contains).isPresent()
                || UnderlayPlanner.machines(lab).stream().flatMap(m -> m.attachments().stream())
                        .map(a -> a.address()).anyMatch(pool::contains);
        return clash ? Optional.empty() : Optional.of(pool);
    }

    /** {@return the LB's own address on the segment: the pool's network address, never handed to a Service} */
    static Ipv4 self(Cidr pool) {
        return pool.address();
    }

    static boolean onSegment(Machine m, SegmentSpec s) {
        return m.attachments().stream().anyMatch(a -> a.segment().equals(s.name()));
    }
}
