package dev.podwire.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.host.ip.IpRoute;
import dev.podwire.host.ip.IpRouteTest;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void matchesDesiredRoutesExactly() {
        List<IpRoute> routes = IpRoute.parse(IpRouteTest.SAMPLE);
        IfName ens33 = IfName.of("ens33");
        assertTrue(new Route(Cidr.parse("10.244.1.0/24"), new NextHop.Via(Ipv4.parse("192.168.31.202"), ens33))
                .satisfiedBy(routes.get(2)));
        assertEquals(false, new Route(Cidr.parse("10.244.1.0/24"),
                new NextHop.Via(Ipv4.parse("192.168.31.203"), ens33)).satisfiedBy(routes.get(2)));
        assertEquals(false, new Route(Cidr.parse("10.244.3.0/24"),
                new NextHop.Via(Ipv4.parse("192.168.32.5"), ens33)).satisfiedBy(routes.get(3)));
        assertTrue(new Route(Cidr.parse("10.244.3.0/24"), new NextHop.OnLink(Ipv4.parse("192.168.32.5"), ens33))
                .satisfiedBy(routes.get(3)));
        assertTrue(new Route(Cidr.parse("10.244.0.0/24"), new NextHop.Blackhole()).satisfiedBy(routes.get(1)));
        assertTrue(new Route(Cidr.parse("10.244.4.0/24"), new NextHop.Direct(ens33)).satisfiedBy(routes.get(4)));
        assertEquals(false, new Route(Cidr.parse("10.244.5.0/24"),
                new NextHop.Via(Ipv4.parse("192.168.31.203"), ens33)).satisfiedBy(routes.get(5)),
                "metric 100 is not the metric-0 route");
    }
}
