package dev.podwire.backend.vxlan;

import dev.podwire.host.ip.IpLink;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.subnet.BackendConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * The VTEP flannel creates on each node ({@code pkg/backend/vxlan/device.go}): a vxlan link named
 * {@code flannel.<VNI>} on top of the external interface, without multicast group or learning.
 *
 * @param name the link name, {@code flannel.<vni>}
 * @param vni the VXLAN network identifier, 0..16777215
 * @param local the node's underlay address ({@code local}, flannel's ExtAddr and the lease PublicIP)
 * @param underlayDev the external interface ({@code dev}, flannel's {@code --iface})
 * @param mac the VTEP MAC (the lease's {@code VtepMAC}); unicast
 * @param mtu the link MTU: the underlay MTU minus 50
 * @param port the UDP destination port, 1..65535 (flannel's {@code Port} 0 means the kernel's 8472)
 * @param gbp whether the group-based-policy extension is on
 * @param learning whether the kernel learns remote MACs (flannel's default false: {@code nolearning})
 */
public record VtepDevice(IfName name, int vni, Ipv4 local, IfName underlayDev, Mac mac, int mtu, int port,
        boolean gbp, boolean learning) {

    /** Validates. */
    public VtepDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(underlayDev, "underlayDev");
        Objects.requireNonNull(mac, "mac");
        if (vni < 0 || vni > 0xFFFFFF) {
            throw new IllegalArgumentException("vni: " + vni + " (expected: 0..16777215)");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: 68..65535)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535; 8472 is flannel's default)");
        }
        if ((mac.bits() >>> 40 & 1) != 0) {
            throw new IllegalArgumentException("mac: " + mac + " (expected: a unicast address)");
        }
    }

    /** {@return flannel's VTEP name for {@code vni}, e.g. {@code flannel.1}} */
    public static IfName nameFor(int vni) {
        return IfName.of("flannel." + vni);
    }

    /**
     * {@return the device flannel makes from net-conf.json's vxlan {@code Backend}}: name {@code flannel.<VNI>},
     * port 0 resolved to 8472, MTU = ({@code MTU} option or {@code underlayMtu}) - 50.
     */
    public static VtepDevice of(BackendConfig.Vxlan config, Ipv4 local, IfName underlayDev, Mac mac,
            int underlayMtu) {
        return new VtepDevice(nameFor(config.vni()), config.vni(), local, underlayDev, mac, config.mtu(underlayMtu),
                config.effectivePort(), config.gbp(), config.learning());
    }

    /** {@return the VTEP's own address for lease {@code subnet}: its network address as /32, e.g. 10.244.1.0/32} */
    public static Cidr address(Cidr subnet) {
        return new Cidr(subnet.address(), 32);
    }

    /**
     * {@return the {@code ip -batch} line that creates the link}, e.g. {@code link add name flannel.1 address
     * 0e:..:01 mtu 1450 type vxlan id 1 local 192.168.50.1 dev eth0 nolearning dstport 8472}. Names always follow
     * {@code name}/{@code dev}: ip would read a bare name such as {@code a} as an abbreviated keyword.
     */
    public String addLine() {
        return "link add name " + name + " address " + mac + " mtu " + mtu + " type vxlan id " + vni + " local "
                + local + " dev " + underlayDev + (learning ? " learning" : " nolearning") + " dstport " + port
                + (gbp ? " gbp" : "");
    }

    /**
     * {@return what to do with the link {@code observed} so that it becomes this device with address
     * {@code <subnet>/32}}: absent -> create; incompatible by flannel's rule (type, VNI, underlay device, local
     * address, l2miss, port, GBP) -> delete and create; otherwise keep, fixing MAC, MTU, learning, addresses and
     * up state in place.
     */
    public VtepDecision decide(Optional<IpLink> observed, Cidr subnet) {
        Cidr address = address(subnet);
        if (observed.isEmpty()) {
            return new VtepDecision.Create(this, address);
        }
        IpLink have = observed.get();
        if (!have.name().equals(name)) {
            throw new IllegalArgumentException("observed: " + have.name() + " (expected: the link " + name + ")");
        }
        return incompatibility(have)
                .<VtepDecision>map(diff -> new VtepDecision.Recreate(this, address, "\"" + name
                        + "\" already exists with incompatible configuration: " + diff + "; recreating device"))
                .orElseGet(() -> new VtepDecision.Keep(this, address, have));
    }

    // flannel's vxlanLinksIncompat: only these attributes force a new link; the rest can be changed in place.
    private Optional<String> incompatibility(IpLink link) {
        if (link.vxlan().isEmpty()) {
            return Optional.of("link type: vxlan vs " + link.kind());
        }
        IpLink.Vxlan have = link.vxlan().get();
        if (have.vni() != vni) {
            return Optional.of("vni: " + vni + " vs " + have.vni());
        }
        if (have.underlayDev().isPresent() && !have.underlayDev().get().equals(underlayDev)) {
            return Optional.of("vtep (external) interface: " + underlayDev + " vs " + have.underlayDev().get());
        }
        if (have.local().isPresent() && !have.local().get().equals(local)) {
            return Optional.of("vtep (external) IP: " + local + " vs " + have.local().get());
        }
        if (have.l2miss()) {
            return Optional.of("l2miss: false vs true");
        }
        if (have.port() != 0 && have.port() != port) {
            return Optional.of("port: " + port + " vs " + have.port());
        }
        if (have.gbp() != gbp) {
            return Optional.of("gbp: " + gbp + " vs " + have.gbp());
        }
        return Optional.empty();
    }
}
