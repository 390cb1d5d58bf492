package dev.podwire.backend.hostgw;

import dev.podwire.backend.PeerError;
import dev.podwire.backend.PeerLeases;
import dev.podwire.backend.NextHop;
import dev.podwire.backend.Route;
import dev.podwire.backend.RoutePlan;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.subnet.Lease;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** flannel's host-gw backend ({@code pkg/backend/hostgw}, {@code route_network.go}) as a pure planner. */
public final class HostGwPlanner {
    /** The lease {@code BackendType} host-gw writes and accepts. */
    public static final String BACKEND_TYPE = "host-gw";

    private HostGwPlanner() {
    }

    /**
     * {@return the routes node {@code self} needs}: for every other lease of type host-gw,
     * {@code <lease subnet> via <lease PublicIP> dev <extIface>} (no onlink, main table, as flannel installs it).
     * Leases of other backends are {@linkplain HostGwPlan#ignored() ignored}. A peer whose PublicIP is not inside
     * {@code extNetwork} becomes a {@linkplain HostGwPlan#errors() error} instead of a route: flannel would try the
     * route and the kernel would refuse the gateway ({@code Nexthop has invalid gateway}, ENETUNREACH) forever.
     *
     * @param self this node's lease (its own subnet is never routed)
     * @param all every lease, this node's included
     * @param extIface the interface towards the peers ({@code --iface}), e.g. {@code ens33}
     * @param extNetwork the subnet of {@code extIface}'s address, e.g. {@code 192.168.31.0/24}; peers must be on it
     * @throws IllegalArgumentException when {@code self}'s PublicIP is not on {@code extNetwork} (flannel: "your
     *     PublicIP differs from interface IP") or two leases name the same subnet
     */
    public static HostGwPlan plan(Lease self, Collection<Lease> all, IfName extIface, Cidr extNetwork) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(extIface, "extIface");
        Objects.requireNonNull(extNetwork, "extNetwork");
        Ipv4 selfIp = self.attrs().publicIp();
        if (!extNetwork.contains(selfIp)) {
            throw new IllegalArgumentException("self PublicIP: " + selfIp + " (expected: an address of " + extIface
                    + " on " + extNetwork + "; host-gw does not support NAT or a public IP that differs from the"
                    + " interface IP)");
        }
        PeerLeases peers = PeerLeases.select(self, all, BACKEND_TYPE,
                peer -> "Ignoring non-host-gw subnet: type=" + peer.attrs().backendType(), Set.of(selfIp));
        List<Route> routes = new ArrayList<>();
        List<PeerError> errors = new ArrayList<>(peers.errors());
        for (Lease peer : peers.usable()) {
            Ipv4 gw = peer.attrs().publicIp();
            if (!extNetwork.contains(gw)) {
                errors.add(new PeerError(peer, "peer " + gw + " (lease " + peer.subnet() + ") is not on "
                        + extIface + "'s subnet " + extNetwork + ": host-gw needs direct layer-2 adjacency between"
                        + " nodes, and the kernel rejects a gateway that is not directly connected; use Backend"
                        + " vxlan (with DirectRouting to keep direct routes for same-subnet peers)"));
            } else {
                routes.add(new Route(peer.subnet(), new NextHop.Via(gw, extIface)));
            }
        }
        return new HostGwPlan(new RoutePlan(routes), peers.ignored(), errors);
    }
}
