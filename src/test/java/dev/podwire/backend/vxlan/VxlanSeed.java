package dev.podwire.backend.vxlan;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.time.Instant;
import java.util.List;

/**
 * seed-003 made concrete: two vxlan nodes on 192.168.50.0/24 ({@code eth0}), Network 10.244.0.0/16, VNI 1, port
 * 8472, MTU 1500 - 50; the VTEP MACs are the seed's flannel.1 MACs of node-01 and node-02.
 */
final class VxlanSeed {
    static final Cidr NETWORK = Cidr.parse("10.244.0.0/16");
    static final IfName ETH0 = IfName.of("eth0");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Mac MAC_A = Mac.parse("d6:60:8c:f3:ba:37");
    static final Mac MAC_B = Mac.parse("4a:4a:ee:b9:cb:2d");
    static final Ipv4 IP_A = Ipv4.parse("192.168.50.1");
    static final Ipv4 IP_B = Ipv4.parse("192.168.50.2");
    static final Lease LEASE_A = Lease.granted(Cidr.parse("10.244.0.0/24"), LeaseAttrs.vxlan(IP_A, 1, MAC_A), T0);
    static final Lease LEASE_B = Lease.granted(Cidr.parse("10.244.1.0/24"), LeaseAttrs.vxlan(IP_B, 1, MAC_B), T0);
    static final List<Lease> LEASES = List.of(LEASE_A, LEASE_B);
    static final List<Cidr> CONNECTED = List.of(Cidr.parse("192.168.50.0/24"));

    private VxlanSeed() {
    }

    static VtepDevice vtep(Ipv4 local, Mac mac) {
        return new VtepDevice(VtepDevice.nameFor(1), 1, local, ETH0, mac, 1450, 8472, false, false);
    }

    static VtepDevice vtepA() {
        return vtep(IP_A, MAC_A);
    }

    static VtepDevice vtepB() {
        return vtep(IP_B, MAC_B);
    }
}
