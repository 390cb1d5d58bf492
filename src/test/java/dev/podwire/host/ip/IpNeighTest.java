package dev.podwire.host.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IpNeighTest {
    static final IfName VTEP = IfName.of("flannel.1");

    @Test
    void readsPermanentStaleAndFailedEntriesSortedByAddress() {
        List<IpNeigh> neighs = IpNeigh.parse(Fixtures.read("neigh-show-flannel.1.json"), VTEP);
        assertEquals(List.of(
                new IpNeigh(Ipv4.parse("10.244.1.0"), Optional.of(Mac.parse("4a:4a:ee:b9:cb:2d")), VTEP,
                        List.of("PERMANENT")),
                new IpNeigh(Ipv4.parse("10.244.3.0"), Optional.of(Mac.parse("6e:00:00:00:00:03")), VTEP,
                        List.of("STALE")),
                new IpNeigh(Ipv4.parse("10.244.8.0"), Optional.empty(), VTEP, List.of("FAILED"))), neighs);
        assertEquals(List.of(true, false, false), neighs.stream().map(IpNeigh::permanent).toList());
    }

    @Test
    void skipsIpv6AndOtherDevicesAndReadsBlankAsNone() {
        assertEquals(List.of(), IpNeigh.parse("", VTEP));
        assertEquals(List.of(), IpNeigh.parse("""
                [{"dst":"fe80::1","lladdr":"6e:00:00:00:00:01","state":["STALE"]},
                 {"dst":"10.244.1.0","dev":"eth0","lladdr":"6e:00:00:00:00:02","state":["REACHABLE"]}]""", VTEP));
        assertThrows(IllegalArgumentException.class, () -> IpNeigh.parse("{}", VTEP));
    }

    @Test
    void buildsTheCommandThatProducesTheJson() {
        assertEquals(List.of("ip", "-j", "neigh", "show", "dev", "flannel.1"),
                IpNeigh.command(Netns.of("n1"), VTEP).argv());
    }
}
