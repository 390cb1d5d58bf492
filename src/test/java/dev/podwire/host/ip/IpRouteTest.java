package dev.podwire.host.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class IpRouteTest {
    /** Captured from iproute2 6.1 in a namespace. */
    public static final String SAMPLE = "[{\"dst\":\"default\",\"gateway\":\"192.168.31.1\",\"dev\":\"ens33\","
            + "\"flags\":[]},"
            + "{\"type\":\"blackhole\",\"dst\":\"10.244.0.0/24\",\"flags\":[]},"
            + "{\"dst\":\"10.244.1.0/24\",\"gateway\":\"192.168.31.202\",\"dev\":\"ens33\",\"flags\":[]},"
            + "{\"dst\":\"10.244.3.0/24\",\"gateway\":\"192.168.32.5\",\"dev\":\"ens33\",\"flags\":[\"onlink\"]},"
            + "{\"dst\":\"10.244.4.0/24\",\"dev\":\"ens33\",\"scope\":\"link\",\"flags\":[]},"
            + "{\"dst\":\"10.244.5.0/24\",\"gateway\":\"192.168.31.203\",\"dev\":\"ens33\",\"protocol\":\"static\","
            + "\"metric\":100,\"flags\":[]},"
            + "{\"dst\":\"10.244.9.9\",\"dev\":\"ens33\",\"scope\":\"link\",\"flags\":[]},"
            + "{\"dst\":\"192.168.31.0/24\",\"dev\":\"ens33\",\"protocol\":\"kernel\",\"scope\":\"link\","
            + "\"prefsrc\":\"192.168.31.201\",\"flags\":[]}]";

    static final IfName ETH0 = IfName.of("eth0");

    @Test
    void parsesIpJsonFillingIproute2Defaults() {
        List<IpRoute> routes = IpRoute.parse(SAMPLE);
        assertEquals(8, routes.size());
        assertEquals(new IpRoute(Cidr.parse("0.0.0.0/0"), "unicast", Optional.of(Ipv4.parse("192.168.31.1")),
                Optional.of(IfName.of("ens33")), "boot", "global", 0, "main", Optional.empty(), List.of()),
                routes.getFirst());
        IpRoute blackhole = routes.get(1);
        assertEquals("blackhole", blackhole.type());
        assertEquals(Optional.empty(), blackhole.dev());
        assertTrue(routes.get(3).onLink());
        IpRoute stat = routes.get(5);
        assertEquals("static", stat.protocol());
        assertEquals(100, stat.metric());
        assertEquals(Cidr.parse("10.244.9.9/32"), routes.get(6).dst());
        assertEquals("kernel", routes.get(7).protocol());
        assertEquals("link", routes.get(7).scope());
        assertEquals(Optional.of(Ipv4.parse("192.168.31.201")), routes.get(7).prefsrc());
    }

    @Test
    void acceptsEmptyOutputAndSkipsNonIpv4Destinations() {
        assertEquals(List.of(), IpRoute.parse(""));
        assertEquals(List.of(), IpRoute.parse("[]"));
        assertEquals(List.of(), IpRoute.parse("[{\"dst\":\"fe80::/64\",\"dev\":\"eth0\",\"flags\":[]}]"));
    }

    @Test
    void rejectsNonArrays() {
        assertThrows(IllegalArgumentException.class, () -> IpRoute.parse("{}"));
        assertThrows(IllegalArgumentException.class, () -> IpRoute.parse("[{"));
    }

    @Test
    void readsEveryKindOfRouteFromRealIpRouteShow() {
        List<IpRoute> routes = IpRoute.parse(Fixtures.read("route-show.json"));
        assertEquals(List.of("0.0.0.0/0", "10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24", "10.244.4.0/24",
                "10.244.5.0/24", "10.244.6.6/32", "10.244.9.0/24", "192.168.50.0/24"),
                routes.stream().map(r -> r.dst().toString()).toList());
        assertEquals(new IpRoute(Cidr.parse("10.244.1.0/24"), "unicast", Optional.of(Ipv4.parse("10.244.1.0")),
                Optional.of(IfName.of("flannel.1")), "boot", "global", 0, "main", Optional.empty(),
                List.of("onlink")), routes.get(2));
        assertEquals(new IpRoute(Cidr.parse("10.244.5.0/24"), "unicast", Optional.of(Ipv4.parse("192.168.50.3")),
                Optional.of(ETH0), "static", "global", 100, "main", Optional.empty(), List.of()), routes.get(5));
        assertEquals(new IpRoute(Cidr.parse("10.244.9.0/24"), "blackhole", Optional.empty(), Optional.empty(),
                "boot", "global", 0, "main", Optional.empty(), List.of()), routes.get(7));
        assertEquals(new IpRoute(Cidr.parse("192.168.50.0/24"), "unicast", Optional.empty(), Optional.of(ETH0),
                "kernel", "link", 0, "main", Optional.of(Ipv4.parse("192.168.50.1")), List.of()), routes.get(8));
        assertEquals("link", routes.get(4).scope());
        assertEquals("link", routes.get(6).scope());
    }

    @Test
    void namesTheTableAskedForWhichIpOmits() {
        List<IpRoute> hundred = IpRoute.parse(Fixtures.read("route-show-table-100.json"), "100");
        assertEquals(List.of("100"), hundred.stream().map(IpRoute::table).toList());
        assertEquals(Cidr.parse("10.99.0.0/16"), hundred.getFirst().dst());

        // table all: ip names every table but main; IPv6 routes (fe80::/64, ff00::/8, ::1) are skipped.
        List<IpRoute> all = IpRoute.parse(Fixtures.read("route-show-table-all.json"), "all");
        assertEquals(18, all.size());
        assertEquals(9, all.stream().filter(r -> r.table().equals("main")).count());
        assertEquals(8, all.stream().filter(r -> r.table().equals("local")).count());
        IpRoute local = all.stream().filter(r -> r.dst().equals(Cidr.parse("192.168.50.1/32"))).findFirst()
                .orElseThrow();
        assertEquals(new IpRoute(Cidr.parse("192.168.50.1/32"), "local", Optional.empty(), Optional.of(ETH0),
                "kernel", "host", 0, "local", Optional.of(Ipv4.parse("192.168.50.1")), List.of()), local);
        assertTrue(all.stream().anyMatch(r -> r.type().equals("broadcast")));
    }

    @Test
    void readsRouteGetAnswersWithTheirPreferredSource() {
        IpRoute via = IpRoute.parse(Fixtures.read("route-get-via.json")).getFirst();
        assertEquals(Cidr.parse("10.244.2.7/32"), via.dst());
        assertEquals(Optional.of(Ipv4.parse("192.168.50.2")), via.gateway());
        assertEquals(Optional.of(ETH0), via.dev());
        assertEquals(Optional.of(Ipv4.parse("192.168.50.1")), via.prefsrc());
        IpRoute local = IpRoute.parse(Fixtures.read("route-get-local.json")).getFirst();
        assertEquals("local", local.type());
        assertEquals(Optional.of(IfName.of("lo")), local.dev());
        assertEquals(Optional.empty(), local.gateway());
        IpRoute onlink = IpRoute.parse(Fixtures.read("route-get-onlink.json")).getFirst();
        assertEquals(Optional.of(IfName.of("flannel.1")), onlink.dev());
        assertEquals(Optional.of(Ipv4.parse("10.244.0.0")), onlink.prefsrc());
    }

    @Test
    void buildsTheCommandsThatProduceTheJson() {
        Netns ns = Netns.of("n1");
        assertEquals(List.of("ip", "-j", "route", "show"), IpRoute.command(ns).argv());
        assertEquals(List.of("ip", "-j", "route", "show", "table", "all"), IpRoute.command(ns, "all").argv());
        assertEquals(List.of("ip", "-j", "route", "get", "10.244.1.5", "from", "10.244.0.4", "iif", "cni0"),
                IpRoute.getCommand(ns, List.of("10.244.1.5", "from", "10.244.0.4", "iif", "cni0")).argv());
        assertEquals(ns, IpRoute.command(ns).netns());
    }

    @Test
    void rejectsNegativeMetric() {
        var e = assertThrows(IllegalArgumentException.class, () -> new IpRoute(Cidr.parse("10.0.0.0/8"), "unicast",
                Optional.empty(), Optional.of(ETH0), "boot", "global", -1, "main", Optional.empty(), List.of()));
        assertEquals("metric: -1 (expected: >= 0)", e.getMessage());
    }
}
