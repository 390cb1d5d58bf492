package dev.podwire.trace;

import dev.podwire.net.Ipv4;

/**
 * The VXLAN outer header a hop wrapped the packet in, read from the kernel's own tables: the device's VNI, local
 * address and port ({@code ip -d link}), the peer VTEP's MAC for the route's gateway ({@code ip neigh}) and the
 * underlay address the FDB maps that MAC to ({@code bridge fdb}).
 *
 * @param device the VXLAN device, e.g. {@code flannel.1}
 * @param vni the VXLAN network identifier
 * @param outerSrc the local underlay address
 * @param outerDst the remote underlay address
 * @param port the UDP destination port (8472 for flannel)
 * @param innerMac the peer VTEP's MAC the inner frame is addressed to
 */
public record Encapsulation(String device, int vni, Ipv4 outerSrc, Ipv4 outerDst, int port, String innerMac) {

    /** {@return one line, e.g. {@code VXLAN VNI 1: 192.168.31.201 → 192.168.31.202 udp/8472 (inner dst mac ...)}} */
    public String display() {
        return "VXLAN VNI " + vni + " via " + device + ": outer " + outerSrc + " → " + outerDst + " udp/" + port
                + " (inner dst MAC " + innerMac + ", from ip neigh + bridge fdb)";
    }
}
