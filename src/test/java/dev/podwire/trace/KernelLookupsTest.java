package dev.podwire.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.host.ip.Fixtures;
import dev.podwire.host.ip.IpLink;
import dev.podwire.host.ip.IpNeigh;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trace's reading of {@code ip route get} and of a VTEP's tables, on output captured from the real tools. */
class KernelLookupsTest {
    static final IfName VTEP = IfName.of("flannel.1");

    @Test
    void readsRouteGetAnswersAndRefusals() {
        assertEquals(new RouteLookup("10.244.2.7", Optional.of("eth0"), Optional.of(Ipv4.parse("192.168.50.2")),
                Optional.empty()), KernelLookups.route("10.244.2.7", true, Fixtures.read("route-get-via.json"), ""));
        assertEquals(new RouteLookup("192.168.50.1", Optional.of("lo (local)"), Optional.empty(), Optional.empty()),
                KernelLookups.route("192.168.50.1", true, Fixtures.read("route-get-local.json"), ""));
        assertEquals(new RouteLookup("10.9.9.9", Optional.empty(), Optional.empty(),
                Optional.of("Network is unreachable")),
                KernelLookups.route("10.9.9.9", false, "", "RTNETLINK answers: Network is unreachable\n"));
        assertEquals(Optional.of("failed"), KernelLookups.route("x", false, "", " ").error());
    }

    @Test
    void findsTheVxlanHeaderThroughNeighbourAndFdb() {
        Optional<IpLink> vtep = IpLink.parseOne(Fixtures.read("addr-show-details-flannel.1.json"));
        List<IpNeigh> neighs = IpNeigh.parse(Fixtures.read("neigh-show-flannel.1.json"), VTEP);
        List<BridgeFdb> fdb = BridgeFdb.parse(Fixtures.read("fdb-show-flannel.1.json"), VTEP);
        assertEquals(Optional.of(new Encapsulation("flannel.1", 1, Ipv4.parse("192.168.50.1"),
                Ipv4.parse("192.168.50.2"), 8472, "4a:4a:ee:b9:cb:2d", Optional.of("eth0"), false)),
                KernelLookups.vxlan(VTEP, Ipv4.parse("10.244.1.0"), vtep, neighs, fdb));
        // A neighbour without FDB remote, one without a MAC, no neighbour at all, and a device that is no VTEP.
        assertEquals(Optional.empty(), KernelLookups.vxlan(VTEP, Ipv4.parse("10.244.3.0"), vtep, neighs, fdb));
        assertEquals(Optional.empty(), KernelLookups.vxlan(VTEP, Ipv4.parse("10.244.8.0"), vtep, neighs, fdb));
        assertEquals(Optional.empty(), KernelLookups.vxlan(VTEP, Ipv4.parse("10.244.7.0"), vtep, neighs, fdb));
        assertEquals(Optional.empty(), KernelLookups.vxlan(VTEP, Ipv4.parse("10.244.1.0"),
                IpLink.parseOne(Fixtures.read("addr-show-details-cni0.json")), neighs, fdb));
    }
}
