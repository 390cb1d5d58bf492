package dev.podwire.backend.vxlan;

import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;

/**
 * flannel's vxlan {@code DirectRouting} option: peers reachable without a router get a plain route via their
 * underlay address instead of the overlay.
 */
public sealed interface DirectRouting {

    /** {@return whether traffic to a peer at {@code peer} may skip the overlay} */
    boolean direct(Ipv4 peer);

    /** {@return the policy with DirectRouting off (flannel's default): every peer through the VTEP} */
    static DirectRouting off() {
        return new Off();
    }

    /** {@return DirectRouting on, for a node whose directly connected subnets are {@code connected}} */
    static DirectRouting on(List<Cidr> connected) {
        return new On(connected);
    }

    /**
     * {@return DirectRouting on, with the connected subnets read from the node's routes}: unicast routes without a
     * gateway out of {@code extIface} (the {@code proto kernel scope link} route of its address, and any other
     * on-link route), which is what flannel's {@code ip route get <peer>} "one route, no gateway" test finds.
     */
    static DirectRouting fromRoutes(List<IpRoute> routes, IfName extIface) {
        return new On(routes.stream()
                .filter(r -> r.type().equals("unicast") && r.gateway().isEmpty()
                        && r.dev().filter(extIface::equals).isPresent() && r.dst().prefixLength() > 0)
                .map(IpRoute::dst)
                .toList());
    }

    /** DirectRouting off. */
    record Off() implements DirectRouting {
        @Override
        public boolean direct(Ipv4 peer) {
            return false;
        }
    }

    /**
     * DirectRouting on.
     *
     * @param connected the node's directly connected underlay subnets, sorted
     */
    record On(List<Cidr> connected) implements DirectRouting {
        /** Copies and sorts. */
        public On {
            connected = connected.stream().sorted().distinct().toList();
        }

        /** {@inheritDoc} True when a connected subnet holds {@code peer}, i.e. the kernel would need no gateway. */
        @Override
        public boolean direct(Ipv4 peer) {
            return connected.stream().anyMatch(c -> c.contains(peer));
        }
    }
}
