package dev.podwire.backend.vxlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.host.ip.IpLink;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.subnet.BackendConfig;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class VtepDeviceTest {
    static final Cidr SUBNET = Cidr.parse("10.244.0.0/24");

    // Trimmed from real `ip -j -d addr show dev flannel.1` output (iproute2 6.1, kernel 6.x).
    static String observedJson(String mac, int mtu, int vni, String local, String link, boolean learning,
            String extra, String flags, String addrs) {
        return """
                [{"ifindex":4,"ifname":"flannel.1","flags":[%s],"mtu":%d,"qdisc":"noqueue","operstate":"UNKNOWN",\
                "group":"default","txqlen":1000,"link_type":"ether","address":"%s","broadcast":"ff:ff:ff:ff:ff:ff",\
                "linkinfo":{"info_kind":"vxlan","info_data":{"id":%d,"local":"%s","link":"%s",\
                "port_range":{"low":0,"high":0},"port":8472,"learning":%b,"ttl":0,"df":"unset","ageing":300,\
                "udp_csum":true%s}},"addr_info":[%s]}]
                """.formatted(flags, mtu, mac, vni, local, link, learning, extra, addrs);
    }

    static final String UP = "\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"";
    static final String ADDR = "{\"family\":\"inet\",\"local\":\"10.244.0.0\",\"prefixlen\":32,\"scope\":\"global\"},"
            + "{\"family\":\"inet6\",\"local\":\"fe80::c00:ff:fe00:1\",\"prefixlen\":64,\"scope\":\"link\"}";

    static Optional<IpLink> observed(String json) {
        return IpLink.parseOne(json);
    }

    @Test
    void rendersFlannelsLinkAddWithExplicitNameAndDevKeywords() {
        assertEquals("link add name flannel.1 address d6:60:8c:f3:ba:37 mtu 1450 type vxlan id 1 local 192.168.50.1"
                + " dev eth0 nolearning dstport 8472", VxlanSeed.vtepA().addLine());
        VtepDevice gbp = new VtepDevice(IfName.of("flannel.7"), 7, VxlanSeed.IP_A, IfName.of("a"), VxlanSeed.MAC_A,
                8950, 4789, true, true);
        assertEquals("link add name flannel.7 address d6:60:8c:f3:ba:37 mtu 8950 type vxlan id 7 local 192.168.50.1"
                + " dev a learning dstport 4789 gbp", gbp.addLine());
    }

    @Test
    void buildsDeviceFromNetConfWithDefaultPortAndMtuMinusFifty() {
        var config = new BackendConfig.Vxlan(1, 0, false, false, false, OptionalInt.empty());
        assertEquals(VxlanSeed.vtepA(), VtepDevice.of(config, VxlanSeed.IP_A, VxlanSeed.ETH0, VxlanSeed.MAC_A, 1500));
        var custom = new BackendConfig.Vxlan(42, 4789, true, false, false, OptionalInt.of(9000));
        VtepDevice dev = VtepDevice.of(custom, VxlanSeed.IP_A, VxlanSeed.ETH0, VxlanSeed.MAC_A, 1500);
        assertEquals(IfName.of("flannel.42"), dev.name());
        assertEquals(8950, dev.mtu());
        assertEquals(4789, dev.port());
    }

    @Test
    void rejectsMulticastMacAndBadPort() {
        var e = assertThrows(IllegalArgumentException.class, () -> VxlanSeed.vtep(VxlanSeed.IP_A,
                Mac.parse("01:00:5e:00:00:01")));
        assertEquals("mac: 01:00:5e:00:00:01 (expected: a unicast address)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VtepDevice(VtepDevice.nameFor(1), 1, VxlanSeed.IP_A,
                VxlanSeed.ETH0, VxlanSeed.MAC_A, 1450, 0, false, false));
    }

    @Test
    void createsAbsentDeviceWithAddressThenUp() {
        VtepDecision d = VxlanSeed.vtepA().decide(Optional.empty(), SUBNET);
        assertInstanceOf(VtepDecision.Create.class, d);
        assertEquals("""
                link add name flannel.1 address d6:60:8c:f3:ba:37 mtu 1450 type vxlan id 1 local 192.168.50.1 dev eth0 \
                nolearning dstport 8472
                addr replace 10.244.0.0/32 dev flannel.1
                link set dev flannel.1 up
                """, d.ipBatch());
        assertEquals(Optional.empty(), IpLink.parseOne("[]"));
        assertEquals(Optional.empty(), IpLink.parseOne(""));
    }

    @Test
    void keepsIdenticalDeviceWithNothingToDo() {
        var have = observed(observedJson("d6:60:8c:f3:ba:37", 1450, 1, "192.168.50.1", "eth0", false, "", UP, ADDR));
        assertEquals(Optional.of(Ipv4.parse("192.168.50.1")), have.orElseThrow().vxlan().orElseThrow().local());
        assertEquals(List.of(new IpLink.Address(Ipv4.parse("10.244.0.0"), 32)), have.get().addresses());
        VtepDecision d = VxlanSeed.vtepA().decide(have, SUBNET);
        assertInstanceOf(VtepDecision.Keep.class, d);
        assertEquals("", d.ipBatch());
    }

    @Test
    void keepsCompatibleDeviceFixingMacMtuLearningAddressesAndUpInPlace() {
        String addrs = "{\"family\":\"inet\",\"local\":\"10.244.7.0\",\"prefixlen\":32}";
        var have = observed(observedJson("0e:00:00:00:00:09", 1400, 1, "192.168.50.1", "eth0", true, "",
                "\"BROADCAST\",\"MULTICAST\"", addrs));
        assertEquals("""
                link set dev flannel.1 address d6:60:8c:f3:ba:37 mtu 1450
                link set dev flannel.1 type vxlan nolearning
                addr del 10.244.7.0/32 dev flannel.1
                addr replace 10.244.0.0/32 dev flannel.1
                link set dev flannel.1 up
                """, VxlanSeed.vtepA().decide(have, SUBNET).ipBatch());
    }

    @Test
    void recreatesDeviceWithIncompatibleVniLocalDevOrGbp() {
        VtepDevice want = VxlanSeed.vtepA();
        record Case(Optional<IpLink> have, String diff) { }
        List<Case> cases = List.of(
                new Case(observed(observedJson("d6:60:8c:f3:ba:37", 1450, 2, "192.168.50.1", "eth0", false, "", UP,
                        ADDR)), "vni: 1 vs 2"),
                new Case(observed(observedJson("d6:60:8c:f3:ba:37", 1450, 1, "192.168.50.9", "eth0", false, "", UP,
                        ADDR)), "vtep (external) IP: 192.168.50.1 vs 192.168.50.9"),
                new Case(observed(observedJson("d6:60:8c:f3:ba:37", 1450, 1, "192.168.50.1", "eth1", false, "", UP,
                        ADDR)), "vtep (external) interface: eth0 vs eth1"),
                new Case(observed(observedJson("d6:60:8c:f3:ba:37", 1450, 1, "192.168.50.1", "eth0", false,
                        ",\"gbp\":true", UP, ADDR)), "gbp: false vs true"));
        for (Case c : cases) {
            VtepDecision d = want.decide(c.have(), SUBNET);
            var recreate = assertInstanceOf(VtepDecision.Recreate.class, d);
            assertEquals("\"flannel.1\" already exists with incompatible configuration: " + c.diff()
                    + "; recreating device", recreate.reason());
            assertTrue(d.ipBatch().startsWith("link del dev flannel.1\nlink add name flannel.1 "), d.ipBatch());
        }
    }

    @Test
    void recreatesLinkOfAnotherType() {
        var bridge = IpLink.parseOne("""
                [{"ifindex":5,"ifname":"flannel.1","flags":["BROADCAST"],"mtu":1500,"address":"0a:cf:9b:32:14:f2",\
                "linkinfo":{"info_kind":"bridge","info_data":{"stp_state":0}}}]""");
        var d = assertInstanceOf(VtepDecision.Recreate.class, VxlanSeed.vtepA().decide(bridge, SUBNET));
        assertTrue(d.reason().contains("link type: vxlan vs bridge"), d.reason());
    }
}
