package dev.podwire.trace;

import dev.podwire.net.Ipv4;

/**
 * One VXLAN packet as a capture on the underlay saw it: the outer IPv4/UDP header, the VXLAN header (RFC 7348) and
 * the inner frame's destination MAC and IPv4 header.
 *
 * @param outgoing whether the capturing namespace sent it (Linux cooked capture's packet type 4, "outgoing")
 * @param outerSrc the outer source address (the sending VTEP's underlay address)
 * @param outerDst the outer destination address
 * @param udpPort the outer UDP destination port
 * @param vni the VXLAN network identifier
 * @param innerDstMac the inner Ethernet destination (the receiving VTEP's MAC)
 * @param innerSrc the inner IPv4 source
 * @param innerDst the inner IPv4 destination
 * @param innerSport the inner TCP/UDP source port, 0 for other protocols
 * @param innerDport the inner TCP/UDP destination port, 0 for other protocols
 * @param innerIpId the inner IPv4 identification
 */
public record VxlanFrame(boolean outgoing, Ipv4 outerSrc, Ipv4 outerDst, int udpPort, int vni, String innerDstMac,
        Ipv4 innerSrc, Ipv4 innerDst, int innerSport, int innerDport, int innerIpId) {

    /** {@return whether this frame carries the packet a trace saw leave with {@code header}} */
    public boolean carries(PacketHeader header) {
        return innerSrc.equals(header.src()) && innerDst.equals(header.dst()) && innerSport == header.sport()
                && innerDport == header.dport() && innerIpId == header.ipId();
    }
}
