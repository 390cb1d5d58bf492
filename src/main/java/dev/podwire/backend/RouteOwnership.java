package dev.podwire.backend;

import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import java.util.Objects;

/**
 * Which observed routes a backend owns and may delete: those installed with protocol {@code boot} (as flannel and
 * {@code ip route replace} do), of type unicast or blackhole, whose destination lies inside the pod network and
 * does not overlap this node's own lease subnet. Kernel routes ({@code proto kernel}), routes of other daemons
 * ({@code proto static}, {@code bird}, ...) and routes outside the pod network are never touched.
 *
 * @param podNetwork the flannel Network, e.g. {@code 10.244.0.0/16}
 * @param ownSubnet this node's lease, e.g. {@code 10.244.0.0/24} (its {@code cni0} route and any blackhole stay)
 */
public record RouteOwnership(Cidr podNetwork, Cidr ownSubnet) {

    /** Validates. */
    public RouteOwnership {
        Objects.requireNonNull(podNetwork, "podNetwork");
        Objects.requireNonNull(ownSubnet, "ownSubnet");
        if (!podNetwork.contains(ownSubnet)) {
            throw new IllegalArgumentException("ownSubnet: " + ownSubnet + " (expected: inside podNetwork "
                    + podNetwork + ")");
        }
    }

    /** {@return whether the backend owns {@code route}} */
    public boolean owns(IpRoute route) {
        return route.protocol().equals("boot")
                && (route.type().equals("unicast") || route.type().equals("blackhole"))
                && podNetwork.contains(route.dst())
                && !route.dst().overlaps(ownSubnet);
    }
}
