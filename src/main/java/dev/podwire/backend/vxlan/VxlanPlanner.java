package dev.podwire.backend.vxlan;

import dev.podwire.backend.PeerError;
import dev.podwire.backend.PeerLeases;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.backend.NextHop;
import dev.podwire.backend.Route;
import dev.podwire.backend.RoutePlan;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.subnet.Lease;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** flannel's vxlan backend ({@code pkg/backend/vxlan/vxlan_network.go handleSubnetEvents}) as a pure planner. */
public final class VxlanPlanner {
    /** The lease {@code BackendType} vxlan writes and accepts. */
    public static final String BACKEND_TYPE = "vxlan";

    private static final ObjectMapper JSON = new ObjectMapper();

    private VxlanPlanner() {
    }

    /**
     * {@return the neighbour, FDB and route entries node {@code self} needs}. For every other lease of type vxlan:
     * if {@code policy} says its PublicIP is directly reachable, only {@code <subnet> via <PublicIP> dev
     * <underlayDev>}; otherwise a permanent neighbour entry {@code <subnet>.0 -> VtepMAC}, an FDB entry
     * {@code VtepMAC -> PublicIP} and the route {@code <subnet> via <subnet>.0 dev flannel.<VNI> onlink}. Leases of
     * other backends are {@linkplain VxlanPlan#ignored() ignored}; vxlan leases without a usable {@code VtepMAC},
     * overlapping this node's subnet, with this node's address or with another peer's MAC are
     * {@linkplain VxlanPlan#errors() errors}. A peer's VNI is not checked, as flannel does not check it.
     *
     * @param self this node's lease (its own subnet is never routed)
     * @param all every lease, this node's included
     * @param dev this node's VTEP
     * @param policy DirectRouting off, or on with the node's connected subnets
     * @throws IllegalArgumentException when two leases name the same subnet
     */
    public static VxlanPlan plan(Lease self, Collection<Lease> all, VtepDevice dev, DirectRouting policy) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(policy, "policy");
        PeerLeases peers = PeerLeases.select(self, all, BACKEND_TYPE, peer -> "ignoring non-vxlan v4Subnet("
                + peer.subnet() + ") v6Subnet(::/0): type=" + peer.attrs().backendType(),
                Set.copyOf(List.of(dev.local(), self.attrs().publicIp())));
        List<Route> routes = new ArrayList<>();
        List<NeighEntry> neighs = new ArrayList<>();
        List<FdbEntry> fdb = new ArrayList<>();
        List<PeerError> errors = new ArrayList<>(peers.errors());
        Map<Mac, Cidr> macOwner = new HashMap<>();
        for (Lease peer : peers.usable()) {
            Ipv4 publicIp = peer.attrs().publicIp();
            String problem = vtepMacProblem(peer);
            if (!problem.isEmpty()) {
                errors.add(new PeerError(peer, problem));
            } else if (policy.direct(publicIp)) {
                routes.add(new Route(peer.subnet(), new NextHop.Via(publicIp, dev.underlayDev())));
            } else {
                Mac mac = vtepMac(peer);
                Cidr other = macOwner.putIfAbsent(mac, peer.subnet());
                if (other != null) {
                    errors.add(new PeerError(peer, "lease " + peer.subnet() + " has VtepMAC " + mac
                            + ", already used by lease " + other + "; not routed"));
                    continue;
                }
                Ipv4 vtepIp = peer.subnet().address();
                neighs.add(new NeighEntry(vtepIp, mac, dev.name()));
                fdb.add(new FdbEntry(mac, dev.name(), publicIp));
                routes.add(new Route(peer.subnet(), new NextHop.OnLink(vtepIp, dev.name())));
            }
        }
        return new VxlanPlan(new RoutePlan(routes), neighs, fdb, peers.ignored(), errors);
    }

    // flannel unmarshals BackendData into {VNI, VtepMAC} with Go's case-insensitive keys and logs
    // "error decoding subnet lease JSON: ..." when that fails; an empty message means the MAC is usable.
    private static String vtepMacProblem(Lease peer) {
        try {
            vtepMac(peer);
            return "";
        } catch (IllegalArgumentException e) {
            return "error decoding subnet lease JSON: " + e.getMessage();
        }
    }

    private static Mac vtepMac(Lease peer) {
        String data = peer.attrs().backendDataJson().orElseThrow(() -> new IllegalArgumentException(
                "BackendData: absent (expected: {\"VNI\":<vni>,\"VtepMAC\":\"<mac>\"})"));
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("BackendData: " + e.getOriginalMessage());
        }
        for (var field : root.properties()) {
            if (field.getKey().equalsIgnoreCase("VtepMAC") && field.getValue().isTextual()) {
                Mac mac = Mac.parse(field.getValue().asText());
                if ((mac.bits() >>> 40 & 1) != 0) {
                    throw new IllegalArgumentException("VtepMAC: " + mac + " (expected: a unicast address)");
                }
                return mac;
            }
        }
        throw new IllegalArgumentException("VtepMAC: missing in " + data + " (expected: a MAC string)");
    }
}
