package dev.podwire.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservedRoutesTest {
    /** Captured from iproute2 6.1 in a namespace. */
    static final String SAMPLE = "[{\"dst\":\"default\",\"gateway\":\"192.168.31.1\",\"dev\":\"ens33\",\"flags\":[]},"
            + "{\"type\":\"blackhole\",\"dst\":\"10.244.0.0/24\",\"flags\":[]},"
            + "{\"dst\":\"10.244.1.0/24\",\"gateway\":\"192.168.31.202\",\"dev\":\"ens33\",\"flags\":[]},"
            + "{\"dst\":\"10.244.3.0/24\",\"gateway\":\"192.168.32.5\",\"dev\":\"ens33\",\"flags\":[\"onlink\"]},"
            + "{\"dst\":\"10.244.4.0/24\",\"dev\":\"ens33\",\"scope\":\"link\",\"flags\":[]},"
            + "{\"dst\":\"10.244.5.0/24\",\"gateway\":\"192.168.31.203\",\"dev\":\"ens33\",\"protocol\":\"static\","
            + "\"metric\":100,\"flags\":[]},"
            + "{\"dst\":\"10.244.9.9\",\"dev\":\"ens33\",\"scope\":\"link\",\"flags\":[]},"
            + "{\"dst\":\"192.168.31.0/24\",\"dev\":\"ens33\",\"protocol\":\"kernel\",\"scope\":\"link\","
            + "\"prefsrc\":\"192.168.31.201\",\"flags\":[]}]";

    @Test
    void parsesIpJsonFillingIproute2Defaults() {
        List<ObservedRoute> routes = ObservedRoutes.parse(SAMPLE);
        assertEquals(8, routes.size());
        assertEquals(new ObservedRoute(Cidr.parse("0.0.0.0/0"), "unicast", Optional.of(Ipv4.parse("192.168.31.1")),
                Optional.of(IfName.of("ens33")), "boot", "global", 0, List.of()), routes.getFirst());
        ObservedRoute blackhole = routes.get(1);
        assertEquals("blackhole", blackhole.type());
        assertEquals(Optional.empty(), blackhole.dev());
        assertTrue(routes.get(3).onLink());
        ObservedRoute stat = routes.get(5);
        assertEquals("static", stat.protocol());
        assertEquals(100, stat.metric());
        assertEquals(Cidr.parse("10.244.9.9/32"), routes.get(6).dst());
        assertEquals("kernel", routes.get(7).protocol());
        assertEquals("link", routes.get(7).scope());
    }

    @Test
    void acceptsEmptyOutputAndSkipsNonIpv4Destinations() {
        assertEquals(List.of(), ObservedRoutes.parse(""));
        assertEquals(List.of(), ObservedRoutes.parse("[]"));
        assertEquals(List.of(), ObservedRoutes.parse("[{\"dst\":\"fe80::/64\",\"dev\":\"eth0\",\"flags\":[]}]"));
    }

    @Test
    void rejectsNonArrays() {
        assertThrows(IllegalArgumentException.class, () -> ObservedRoutes.parse("{}"));
        assertThrows(IllegalArgumentException.class, () -> ObservedRoutes.parse("[{"));
    }

    @Test
    void matchesDesiredRoutesExactly() {
        List<ObservedRoute> routes = ObservedRoutes.parse(SAMPLE);
        IfName ens33 = IfName.of("ens33");
        assertTrue(routes.get(2).satisfies(new Route(Cidr.parse("10.244.1.0/24"),
                new NextHop.Via(Ipv4.parse("192.168.31.202"), ens33))));
        assertEquals(false, routes.get(2).satisfies(new Route(Cidr.parse("10.244.1.0/24"),
                new NextHop.Via(Ipv4.parse("192.168.31.203"), ens33))));
        assertEquals(false, routes.get(3).satisfies(new Route(Cidr.parse("10.244.3.0/24"),
                new NextHop.Via(Ipv4.parse("192.168.32.5"), ens33))));
        assertTrue(routes.get(3).satisfies(new Route(Cidr.parse("10.244.3.0/24"),
                new NextHop.OnLink(Ipv4.parse("192.168.32.5"), ens33))));
        assertTrue(routes.get(1).satisfies(new Route(Cidr.parse("10.244.0.0/24"), new NextHop.Blackhole())));
        assertTrue(routes.get(4).satisfies(new Route(Cidr.parse("10.244.4.0/24"), new NextHop.Direct(ens33))));
        assertEquals(false, routes.get(5).satisfies(new Route(Cidr.parse("10.244.5.0/24"),
                new NextHop.Via(Ipv4.parse("192.168.31.203"), ens33))), "metric 100 is not the metric-0 route");
    }
}
