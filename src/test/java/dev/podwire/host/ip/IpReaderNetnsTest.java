package dev.podwire.host.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Command;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.testing.TestNetns;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reads what the real tools print in a throw-away namespace, so the fixtures cannot drift from iproute2. */
@Tag("netns")
class IpReaderNetnsTest {
    static final IfName ETH0 = IfName.of("eth0");
    static final IfName VTEP = IfName.of("flannel.1");

    @Test
    void readsRoutesLinksNeighboursAndFdbOfARealNamespace() {
        assumeTrue(TestNetns.isRoot(), "needs root");
        try (TestNetns ns = TestNetns.create("ipr")) {
            ns.run(Command.ipBatch(ns.netns(), """
                    link add name eth0 type veth peer name peer0
                    addr add 192.168.50.1/24 dev eth0
                    link set dev eth0 up
                    link set dev peer0 up
                    link add name cni0 type bridge
                    link set dev peer0 master cni0
                    link add name flannel.1 address d6:60:8c:f3:ba:37 mtu 1450 type vxlan id 1 local 192.168.50.1 \
                    dev eth0 nolearning dstport 8472
                    addr add 10.244.0.0/32 dev flannel.1
                    link set dev flannel.1 up
                    route add blackhole 10.244.9.0/24
                    route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
                    route add 10.244.5.0/24 via 192.168.50.3 dev eth0 proto static metric 100
                    route add 10.99.0.0/16 via 192.168.50.2 dev eth0 table 100
                    neigh replace 10.244.1.0 lladdr 4a:4a:ee:b9:cb:2d dev flannel.1 nud permanent
                    """)).orThrow();
            ns.ok("bridge", "fdb", "append", "4a:4a:ee:b9:cb:2d", "dev", "flannel.1", "dst", "192.168.50.2", "self",
                    "permanent");
            IpReader ip = new IpReader(new ProcessExecutor());

            List<IpRoute> routes = ip.routes(ns.netns());
            assertEquals(List.of("10.244.1.0/24", "10.244.5.0/24", "10.244.9.0/24", "192.168.50.0/24"),
                    routes.stream().map(r -> r.dst().toString()).toList());
            assertTrue(routes.getFirst().onLink());
            assertEquals(List.of(100, "static"), List.of(routes.get(1).metric(), routes.get(1).protocol()));
            assertEquals("blackhole", routes.get(2).type());
            assertEquals(Optional.of(Ipv4.parse("192.168.50.1")), routes.get(3).prefsrc());
            assertEquals(List.of(new IpRoute(Cidr.parse("10.99.0.0/16"), "unicast",
                    Optional.of(Ipv4.parse("192.168.50.2")), Optional.of(ETH0), "boot", "global", 0, "100",
                    Optional.empty(), List.of())), ip.routes(ns.netns(), "100"));

            IpLink vtep = ip.linkDetails(ns.netns(), VTEP).orElseThrow();
            assertEquals(new IpLink.Vxlan(1, Optional.of(Ipv4.parse("192.168.50.1")), Optional.of(ETH0), 8472,
                    false, false, false), vtep.vxlan().orElseThrow());
            assertEquals(Optional.of(Mac.parse("d6:60:8c:f3:ba:37")), vtep.mac());
            assertEquals(List.of(new IpLink.Address(Ipv4.parse("10.244.0.0"), 32)), vtep.addresses());
            assertEquals(Optional.empty(), ip.linkDetails(ns.netns(), IfName.of("flannel.9")));
            assertEquals(List.of(new IpLink.Address(Ipv4.parse("192.168.50.1"), 24)),
                    ip.link(ns.netns(), ETH0).orElseThrow().addresses());
            IpLink peer = ip.links(ns.netns(), "veth").stream().filter(l -> l.name().value().equals("peer0"))
                    .findFirst().orElseThrow();
            assertEquals(Optional.of(IfName.of("cni0")), peer.master());
            // By index: the kernel creates a veth's peer first.
            assertEquals(List.of("lo", "peer0", "eth0", "cni0", "flannel.1"),
                    ip.links(ns.netns()).stream().map(l -> l.name().value()).toList());

            assertEquals(List.of(new IpNeigh(Ipv4.parse("10.244.1.0"), Optional.of(Mac.parse("4a:4a:ee:b9:cb:2d")),
                    VTEP, List.of("PERMANENT"))), ip.neighbours(ns.netns(), VTEP));
            assertTrue(ip.fdb(ns.netns(), VTEP).contains(new BridgeFdb(Mac.parse("4a:4a:ee:b9:cb:2d"), VTEP,
                    Optional.of(Ipv4.parse("192.168.50.2")), List.of("self"), "permanent")));
        }
    }
}
