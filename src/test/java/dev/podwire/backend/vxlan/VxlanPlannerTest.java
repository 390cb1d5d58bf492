package dev.podwire.backend.vxlan;

import dev.podwire.backend.PeerError;
import dev.podwire.backend.IgnoredLease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.backend.NextHop;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.backend.Route;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VxlanPlannerTest {
    static final Mac MAC_C = Mac.parse("6e:11:22:33:44:55");
    // A third node behind a router, on another segment.
    static final Lease LEASE_C = lease("10.244.2.0/24", LeaseAttrs.vxlan(Ipv4.parse("192.168.60.3"), 1, MAC_C));

    static Lease lease(String subnet, LeaseAttrs attrs) {
        return Lease.granted(Cidr.parse(subnet), attrs, VxlanSeed.T0);
    }

    static List<String> lines(List<?> entries) {
        return entries.stream().map(Object::toString).toList();
    }

    @Test
    void plansNeighFdbAndOnlinkRoutePerRemoteVxlanLeaseExcludingOwn() {
        VxlanPlan plan = VxlanPlanner.plan(VxlanSeed.LEASE_A, List.of(LEASE_C, VxlanSeed.LEASE_B, VxlanSeed.LEASE_A),
                VxlanSeed.vtepA(), DirectRouting.off());
        assertEquals(List.of("10.244.1.0 lladdr 4a:4a:ee:b9:cb:2d dev flannel.1 nud permanent",
                "10.244.2.0 lladdr 6e:11:22:33:44:55 dev flannel.1 nud permanent"), lines(plan.neighs()));
        assertEquals(List.of("4a:4a:ee:b9:cb:2d dev flannel.1 dst 192.168.50.2 self permanent",
                "6e:11:22:33:44:55 dev flannel.1 dst 192.168.60.3 self permanent"), lines(plan.fdb()));
        assertEquals(List.of("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink",
                "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"), lines(plan.routes().desired()));
        assertEquals(new NextHop.OnLink(Ipv4.parse("10.244.1.0"), VtepDevice.nameFor(1)),
                plan.routes().routeTo(Cidr.parse("10.244.1.0/24")).orElseThrow().hop());
        assertEquals(List.of(), plan.ignored());
        assertEquals(List.of(), plan.errors());
    }

    @Test
    void directRoutingRoutesSameSegmentPeerViaItsAddressAndTunnelsTheRest() {
        VxlanPlan plan = VxlanPlanner.plan(VxlanSeed.LEASE_A, List.of(VxlanSeed.LEASE_A, VxlanSeed.LEASE_B, LEASE_C),
                VxlanSeed.vtepA(), DirectRouting.on(VxlanSeed.CONNECTED));
        assertEquals(List.of("10.244.1.0/24 via 192.168.50.2 dev eth0",
                "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"), lines(plan.routes().desired()));
        assertEquals(List.of("10.244.2.0 lladdr 6e:11:22:33:44:55 dev flannel.1 nud permanent"), lines(plan.neighs()));
        assertEquals(List.of("6e:11:22:33:44:55 dev flannel.1 dst 192.168.60.3 self permanent"), lines(plan.fdb()));
    }

    @Test
    void readsConnectedSubnetsFromTheExternalInterfacesLinkRoutes() {
        var routes = IpRoute.parse("""
                [{"dst":"default","gateway":"192.168.50.254","dev":"eth0"},
                 {"dst":"192.168.50.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.168.50.1"},
                 {"dst":"192.168.60.0/24","gateway":"192.168.50.254","dev":"eth0"},
                 {"dst":"10.244.0.0/24","dev":"cni0","protocol":"kernel","scope":"link","prefsrc":"10.244.0.1"}]""");
        DirectRouting policy = DirectRouting.fromRoutes(routes, VxlanSeed.ETH0);
        assertEquals(new DirectRouting.On(VxlanSeed.CONNECTED), policy);
        assertEquals(true, policy.direct(VxlanSeed.IP_B));
        assertEquals(false, policy.direct(Ipv4.parse("192.168.60.3")));
    }

    @Test
    void ignoresNonVxlanLeasesWithFlannelsLogText() {
        Lease hostGw = lease("10.244.3.0/24", LeaseAttrs.hostGw(Ipv4.parse("192.168.50.4")));
        VxlanPlan plan = VxlanPlanner.plan(VxlanSeed.LEASE_A, List.of(VxlanSeed.LEASE_A, hostGw), VxlanSeed.vtepA(),
                DirectRouting.off());
        assertEquals(List.of(new IgnoredLease(hostGw,
                "ignoring non-vxlan v4Subnet(10.244.3.0/24) v6Subnet(::/0): type=host-gw")), plan.ignored());
        assertEquals(List.of(), plan.routes().desired());
    }

    @Test
    void reportsLeasesWithoutUsableVtepMacOrWithOwnAddressOrDuplicateMac() {
        Lease noData = lease("10.244.4.0/24", new LeaseAttrs(Ipv4.parse("192.168.50.5"), "vxlan", Optional.empty()));
        Lease badMac = lease("10.244.5.0/24", new LeaseAttrs(Ipv4.parse("192.168.50.6"), "vxlan",
                Optional.of("{\"VNI\":1,\"VtepMAC\":\"zz\"}")));
        Lease ownIp = lease("10.244.6.0/24", LeaseAttrs.vxlan(VxlanSeed.IP_A, 1, MAC_C));
        Lease dupMac = lease("10.244.7.0/24", LeaseAttrs.vxlan(Ipv4.parse("192.168.50.8"), 1, VxlanSeed.MAC_B));
        Lease lowerCase = lease("10.244.8.0/24", new LeaseAttrs(Ipv4.parse("192.168.50.9"), "vxlan",
                Optional.of("{\"vni\":1,\"vtepmac\":\"6e:00:00:00:00:09\"}")));
        VxlanPlan plan = VxlanPlanner.plan(VxlanSeed.LEASE_A,
                List.of(VxlanSeed.LEASE_A, VxlanSeed.LEASE_B, noData, badMac, ownIp, dupMac, lowerCase),
                VxlanSeed.vtepA(), DirectRouting.off());
        assertEquals(List.of(
                "error decoding subnet lease JSON: BackendData: absent"
                        + " (expected: {\"VNI\":<vni>,\"VtepMAC\":\"<mac>\"})",
                "error decoding subnet lease JSON: mac: zz (expected: six colon-separated hex octets)",
                "lease 10.244.6.0/24 has this node's own PublicIP 192.168.50.1 (two nodes with one address? check"
                        + " --iface / node-public-ip); not routed",
                "lease 10.244.7.0/24 has VtepMAC 4a:4a:ee:b9:cb:2d, already used by lease 10.244.1.0/24; not routed"),
                plan.errors().stream().map(PeerError::message).toList());
        assertEquals(List.of(Cidr.parse("10.244.1.0/24"), Cidr.parse("10.244.8.0/24")),
                plan.routes().desired().stream().map(Route::dst).toList());
    }

    @Test
    void rejectsTwoLeasesForOneSubnet() {
        Lease twin = lease("10.244.1.0/24", LeaseAttrs.vxlan(Ipv4.parse("192.168.50.9"), 1, MAC_C));
        assertThrows(IllegalArgumentException.class, () -> VxlanPlanner.plan(VxlanSeed.LEASE_A,
                List.of(VxlanSeed.LEASE_A, VxlanSeed.LEASE_B, twin), VxlanSeed.vtepA(), DirectRouting.off()));
    }
}
