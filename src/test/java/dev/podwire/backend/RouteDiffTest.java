package dev.podwire.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.host.ip.IpRoute;
import dev.podwire.host.ip.IpRouteTest;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteDiffTest {
    private static final IfName ENS33 = IfName.of("ens33");
    private static final RouteOwnership OWN = new RouteOwnership(Cidr.parse("10.244.0.0/16"),
            Cidr.parse("10.244.0.0/24"));

    private static Route via(String dst, String gw) {
        return new Route(Cidr.parse(dst), new NextHop.Via(Ipv4.parse(gw), ENS33));
    }

    @Test
    void replacesMissingAndDifferentRoutesAndDeletesOnlyOwnedStaleOnes() {
        // Desired: .1 via .202 (present), .3 via .205 (present but onlink -> differs), .6 via .206 (missing).
        RoutePlan plan = new RoutePlan(List.of(via("10.244.6.0/24", "192.168.31.206"),
                via("10.244.1.0/24", "192.168.31.202"), via("10.244.3.0/24", "192.168.32.5")));
        String out = RouteRenderer.render(RouteDiff.diff(OWN, plan, IpRoute.parse(IpRouteTest.SAMPLE)));
        assertEquals("""
                route replace 10.244.3.0/24 via 192.168.32.5 dev ens33
                route del 10.244.4.0/24 dev ens33
                route replace 10.244.6.0/24 via 192.168.31.206 dev ens33
                route del 10.244.9.9/32 dev ens33
                """, out);
        // Kept: default (outside network), blackhole 10.244.0.0/24 (own subnet), 10.244.5.0/24 (proto static),
        // 192.168.31.0/24 (kernel).
    }

    @Test
    void deletesStaleOwnedRouteWithNonZeroMetricEvenWhenDestinationIsDesired() {
        String json = "[{\"dst\":\"10.244.1.0/24\",\"gateway\":\"192.168.31.9\",\"dev\":\"ens33\",\"metric\":50,"
                + "\"flags\":[]}]";
        RoutePlan plan = new RoutePlan(List.of(via("10.244.1.0/24", "192.168.31.202")));
        assertEquals("""
                route del 10.244.1.0/24 via 192.168.31.9 dev ens33 metric 50
                route replace 10.244.1.0/24 via 192.168.31.202 dev ens33
                """, RouteRenderer.render(RouteDiff.diff(OWN, plan, IpRoute.parse(json))));
    }

    @Test
    void overwritesWrongGatewayWithReplaceNotDelete() {
        String json = "[{\"dst\":\"10.244.1.0/24\",\"gateway\":\"192.168.31.99\",\"dev\":\"ens33\",\"flags\":[]}]";
        RoutePlan plan = new RoutePlan(List.of(via("10.244.1.0/24", "192.168.31.202")));
        assertEquals(List.of(new RouteChange.Replace(via("10.244.1.0/24", "192.168.31.202"))),
                RouteDiff.diff(OWN, plan, IpRoute.parse(json)));
    }

    @Test
    void isEmptyWhenKernelMatchesPlan() {
        RoutePlan plan = new RoutePlan(List.of(via("10.244.1.0/24", "192.168.31.202")));
        String json = "[{\"dst\":\"10.244.1.0/24\",\"gateway\":\"192.168.31.202\",\"dev\":\"ens33\",\"flags\":[]},"
                + "{\"dst\":\"10.244.0.0/24\",\"dev\":\"cni0\",\"protocol\":\"kernel\",\"scope\":\"link\","
                + "\"prefsrc\":\"10.244.0.1\",\"flags\":[]}]";
        assertEquals(List.of(), RouteDiff.diff(OWN, plan, IpRoute.parse(json)));
    }

    @Test
    void neverDeletesTheWholeNetworkRouteOrRoutesOfOtherDaemons() {
        String json = "[{\"dst\":\"10.244.0.0/16\",\"dev\":\"flannel0\",\"flags\":[]},"
                + "{\"dst\":\"10.244.8.0/24\",\"gateway\":\"192.168.31.8\",\"dev\":\"ens33\",\"protocol\":\"bird\","
                + "\"flags\":[]},{\"dst\":\"10.96.0.0/12\",\"dev\":\"ens33\",\"flags\":[]}]";
        assertEquals(List.of(), RouteDiff.diff(OWN, RoutePlan.empty(), IpRoute.parse(json)));
    }

    @Test
    void rendersEveryNextHopKindSortedByDestination() {
        RoutePlan plan = new RoutePlan(List.of(
                new Route(Cidr.parse("10.244.9.0/24"), new NextHop.Blackhole()),
                new Route(Cidr.parse("10.244.2.0/24"), new NextHop.OnLink(Ipv4.parse("10.244.2.0"),
                        IfName.of("flannel.1"))),
                new Route(Cidr.parse("10.244.5.0/24"), new NextHop.Direct(IfName.of("cni0"))),
                via("10.244.1.0/24", "192.168.31.202")));
        assertEquals("""
                route replace 10.244.1.0/24 via 192.168.31.202 dev ens33
                route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
                route replace 10.244.5.0/24 dev cni0
                route replace blackhole 10.244.9.0/24
                """, RouteRenderer.render(plan));
        assertEquals("", RouteRenderer.render(List.of()));
    }

    @Test
    void rejectsTwoRoutesToOneDestination() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new RoutePlan(List.of(
                via("10.244.1.0/24", "192.168.31.202"), via("10.244.1.0/24", "192.168.31.203"))));
    }
}
