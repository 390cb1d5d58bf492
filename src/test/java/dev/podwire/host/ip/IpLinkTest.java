package dev.podwire.host.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IpLinkTest {

    @Test
    void readsFlannelsVtepWithItsVxlanAttributesAndAddress() {
        IpLink vtep = IpLink.parseOne(Fixtures.read("addr-show-details-flannel.1.json")).orElseThrow();
        assertEquals(new IpLink(IfName.of("flannel.1"), List.of("BROADCAST", "LOWER_UP", "MULTICAST", "UP"), 1450,
                Optional.of(Mac.parse("d6:60:8c:f3:ba:37")), Optional.empty(), "vxlan",
                Optional.of(new IpLink.Vxlan(1, Optional.of(Ipv4.parse("192.168.50.1")),
                        Optional.of(IfName.of("eth0")), 8472, false, false, false)),
                List.of(new IpLink.Address(Ipv4.parse("10.244.0.0"), 32))), vtep);
        assertTrue(vtep.up());
        assertTrue(vtep.addresses().getFirst().is(Cidr.parse("10.244.0.0/32")));
        assertFalse(vtep.addresses().getFirst().is(Cidr.parse("10.244.0.0/24")));
    }

    @Test
    void readsTheVxlanOptionsFlannelCallsIncompatible() {
        IpLink other = IpLink.parseOne(Fixtures.read("addr-show-details-flannel.7.json")).orElseThrow();
        assertEquals(new IpLink.Vxlan(7, Optional.of(Ipv4.parse("192.168.50.1")), Optional.of(IfName.of("eth0")),
                4789, true, true, true), other.vxlan().orElseThrow());
        assertFalse(other.up());
        assertEquals(List.of(), other.addresses());
    }

    @Test
    void readsOtherLinkTypesWithoutVxlanAttributes() {
        IpLink bridge = IpLink.parseOne(Fixtures.read("addr-show-details-cni0.json")).orElseThrow();
        assertEquals("bridge", bridge.kind());
        assertEquals(Optional.empty(), bridge.vxlan());
        assertEquals(List.of(new IpLink.Address(Ipv4.parse("10.244.0.1"), 24)), bridge.addresses());
        assertEquals("10.244.0.1/24", bridge.addresses().getFirst().toString());
    }

    @Test
    void readsAddressesWithoutDetailsKeepingOnlyIpv4() {
        IpLink eth0 = IpLink.parseOne(Fixtures.read("addr-show-eth0.json")).orElseThrow();
        assertEquals(IfName.of("eth0"), eth0.name());
        assertEquals("", eth0.kind(), "no linkinfo without -d");
        assertEquals(1500, eth0.mtu());
        assertEquals(List.of(new IpLink.Address(Ipv4.parse("192.168.50.1"), 24)), eth0.addresses());
    }

    @Test
    void readsEveryLinkWithMastersAndLoopback() {
        List<IpLink> links = IpLink.parse(Fixtures.read("link-show.json"));
        assertEquals(List.of("lo", "eth0", "cni0", "vethpeer", "veth0123abcd", "flannel.1", "flannel.7"),
                links.stream().map(l -> l.name().value()).toList());
        assertEquals(Optional.of(Mac.parse("00:00:00:00:00:00")), links.getFirst().mac());
        assertEquals(Optional.of(IfName.of("cni0")), links.get(4).master());
        assertEquals(Optional.empty(), links.get(3).master());
        List<IpLink> veths = IpLink.parse(Fixtures.read("link-show-type-veth.json"));
        assertEquals(List.of("eth0", "vethpeer", "veth0123abcd"), veths.stream().map(l -> l.name().value()).toList());
        assertEquals(1450, veths.get(2).mtu());
    }

    @Test
    void takesNonEthernetAddressesAsNoMac() {
        IpLink ipip = IpLink.parseOne("""
                [{"ifindex":9,"ifname":"tunl0","flags":["NOARP"],"mtu":1480,"link_type":"ipip",\
                "address":"0.0.0.0","broadcast":"0.0.0.0"}]""").orElseThrow();
        assertEquals(Optional.empty(), ipip.mac());
    }

    @Test
    void readsNothingFromEmptyOutputAndRejectsSeveralLinksForOne() {
        assertEquals(Optional.empty(), IpLink.parseOne(""));
        assertEquals(Optional.empty(), IpLink.parseOne("[]"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> IpLink.parseOne(Fixtures.read("link-show-type-veth.json")));
        assertEquals("ip -j link: 3 links (expected: at most one; ask for one device with dev <name>)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpLink.parse("{\"ifname\":\"eth0\"}"));
    }

    @Test
    void requiresVxlanAttributesExactlyForVxlanLinks() {
        assertThrows(IllegalArgumentException.class, () -> new IpLink(IfName.of("flannel.1"), List.of(), 1450,
                Optional.empty(), Optional.empty(), "vxlan", Optional.empty(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new IpLink(IfName.of("cni0"), List.of(), 1450,
                Optional.empty(), Optional.empty(), "bridge", Optional.of(new IpLink.Vxlan(1, Optional.empty(),
                        Optional.empty(), 0, false, false, false)), List.of()));
    }

    @Test
    void buildsTheCommandsThatProduceTheJson() {
        Netns ns = Netns.of("n1");
        IfName dev = IfName.of("flannel.1");
        assertEquals(List.of("ip", "-j", "link", "show"), IpLink.command(ns).argv());
        assertEquals(List.of("ip", "-j", "link", "show", "type", "veth"), IpLink.command(ns, "veth").argv());
        assertEquals(List.of("ip", "-j", "addr", "show", "dev", "flannel.1"), IpLink.addrCommand(ns, dev).argv());
        assertEquals(List.of("ip", "-j", "-d", "addr", "show", "dev", "flannel.1"),
                IpLink.detailsCommand(ns, dev).argv());
    }
}
