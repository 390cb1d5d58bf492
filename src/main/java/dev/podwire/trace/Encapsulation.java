package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.util.Optional;

/**
 * The VXLAN outer header a hop wrapped the packet in. First read from the kernel's own tables: the device's VNI,
 * local address, port and lower device ({@code ip -d link}), the peer VTEP's MAC for the route's gateway
 * ({@code ip neigh}) and the underlay address the FDB maps that MAC to ({@code bridge fdb}). Then, when the trace
 * captured the underlay, replaced by what the packet actually carried there ({@link #captured()}).
 *
 * @param device the VXLAN device, e.g. {@code flannel.1}
 * @param vni the VXLAN network identifier
 * @param outerSrc the local underlay address
 * @param outerDst the remote underlay address
 * @param port the UDP destination port (8472 for flannel)
 * @param innerMac the peer VTEP's MAC the inner frame is addressed to
 * @param underlay the VXLAN device's lower device ({@code ens33}), when it has one
 * @param captured whether these values come from the packet captured on the underlay rather than from the tables
 */
public record Encapsulation(String device, int vni, Ipv4 outerSrc, Ipv4 outerDst, int port, String innerMac,
        Optional<String> underlay, boolean captured) {

    /** {@return this header as the captured frame shows it} */
    public Encapsulation seen(VxlanFrame f) {
        return new Encapsulation(device, f.vni(), f.outerSrc(), f.outerDst(), f.udpPort(), f.innerDstMac(), underlay,
                true);
    }

    /** {@return one line, e.g. {@code VXLAN VNI 1 via flannel.1 over ens33: outer 192.168.31.201 → ...}} */
    public String display() {
        return "VXLAN VNI " + vni + " via " + device + underlay.map(u -> " over " + u).orElse("") + ": outer "
                + outerSrc + " → " + outerDst + " udp/" + port + ", inner dst MAC " + innerMac
                + (captured ? " (captured on the underlay)" : " (from ip neigh + bridge fdb; not captured)");
    }
}
