package dev.podwire.backend.hostgw;

import dev.podwire.backend.IgnoredLease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.backend.NextHop;
import dev.podwire.backend.Route;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostGwPlannerTest {
    private static final IfName ENS33 = IfName.of("ens33");
    private static final Cidr UNDERLAY = Cidr.parse("192.168.31.0/24");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Lease hostGw(String subnet, String ip) {
        return Lease.granted(Cidr.parse(subnet), LeaseAttrs.hostGw(Ipv4.parse(ip)), T0);
    }

    private static final Lease SELF = hostGw("10.244.0.0/24", "192.168.31.201");

    @Test
    void routesEveryOtherHostGwLeaseViaItsPublicIp() {
        HostGwPlan plan = HostGwPlanner.plan(SELF, List.of(hostGw("10.244.2.0/24", "192.168.31.203"), SELF,
                hostGw("10.244.1.0/24", "192.168.31.202")), ENS33, UNDERLAY);
        assertEquals(List.of(
                new Route(Cidr.parse("10.244.1.0/24"), new NextHop.Via(Ipv4.parse("192.168.31.202"), ENS33)),
                new Route(Cidr.parse("10.244.2.0/24"), new NextHop.Via(Ipv4.parse("192.168.31.203"), ENS33))),
                plan.routes().desired());
        assertEquals("10.244.1.0/24 via 192.168.31.202 dev ens33", plan.routes().desired().getFirst().toString());
        assertEquals(List.of(), plan.ignored());
        assertEquals(List.of(), plan.errors());
    }

    @Test
    void ignoresLeasesOfOtherBackendsWithFlannelsReason() {
        Lease vxlan = Lease.granted(Cidr.parse("10.244.3.0/24"),
                LeaseAttrs.vxlan(Ipv4.parse("192.168.31.204"), 1, Mac.parse("c6:d2:32:6f:8f:44")), T0);
        HostGwPlan plan = HostGwPlanner.plan(SELF, List.of(SELF, vxlan), ENS33, UNDERLAY);
        assertEquals(List.of(), plan.routes().desired());
        assertEquals(List.of(new IgnoredLease(vxlan, "Ignoring non-host-gw subnet: type=vxlan")),
                plan.ignored());
    }

    @Test
    void reportsPeerOutsideTheInterfaceSubnetAsErrorNotRoute() {
        Lease remote = hostGw("10.244.5.0/24", "192.168.32.5");
        HostGwPlan plan = HostGwPlanner.plan(SELF, List.of(SELF, remote), ENS33, UNDERLAY);
        assertEquals(List.of(), plan.routes().desired());
        assertEquals(1, plan.errors().size());
        String message = plan.errors().getFirst().message();
        assertTrue(message.contains("layer-2") && message.contains("vxlan"), message);
    }

    @Test
    void reportsPeerClaimingOurAddress() {
        Lease twin = hostGw("10.244.6.0/24", "192.168.31.201");
        HostGwPlan plan = HostGwPlanner.plan(SELF, List.of(SELF, twin), ENS33, UNDERLAY);
        assertEquals(List.of(), plan.routes().desired());
        assertTrue(plan.errors().getFirst().message().contains("own PublicIP"));
    }

    @Test
    void rejectsSelfOffTheInterfaceSubnetAndDuplicateLeases() {
        assertThrows(IllegalArgumentException.class,
                () -> HostGwPlanner.plan(SELF, List.of(SELF), ENS33, Cidr.parse("10.0.0.0/24")));
        assertThrows(IllegalArgumentException.class, () -> HostGwPlanner.plan(SELF,
                List.of(SELF, hostGw("10.244.1.0/24", "192.168.31.202"), hostGw("10.244.1.0/24", "192.168.31.203")),
                ENS33, UNDERLAY));
    }
}
