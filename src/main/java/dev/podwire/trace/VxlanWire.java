package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Decodes the VXLAN packets of a classic pcap file (what {@code tcpdump -w} writes) without any other tool. Pure.
 *
 * <p>Link types: Linux cooked v2 (276, {@code tcpdump -i any} since libpcap 1.10), Linux cooked v1 (113) and Ethernet
 * (1). Per packet: the link header, the outer IPv4 header (IHL honoured), UDP to the VXLAN port, the 8-byte VXLAN
 * header (flags 0x08 = VNI valid, VNI in bytes 4..6; RFC 7348 section 5), the inner Ethernet header and the inner IPv4
 * header with its TCP/UDP ports. Anything else, and truncated packets, are skipped.
 */
public final class VxlanWire {
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;
    private static final int PACKET_OUTGOING = 4;

    private VxlanWire() {
    }

    /**
     * {@return the VXLAN frames to UDP {@code port} in a capture, in capture order}
     *
     * @param pcap the file's bytes; an empty or foreign file gives no frames
     */
    public static List<VxlanFrame> frames(byte[] pcap, int port) {
        List<VxlanFrame> out = new ArrayList<>();
        if (pcap.length < 24) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(pcap);
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            return out;
        }
        int linkType = b.getInt(20) & 0x0fff_ffff;
        int at = 24;
        while (at + 16 <= pcap.length) {
            int captured = b.getInt(at + 8);
            int start = at + 16;
            if (captured < 0 || start + captured > pcap.length) {
                break;
            }
            decode(ByteBuffer.wrap(pcap, start, captured).slice().order(ByteOrder.BIG_ENDIAN), linkType, port)
                    .ifPresent(out::add);
            at = start + captured;
        }
        return out;
    }

    private static Optional<VxlanFrame> decode(ByteBuffer p, int linkType, int port) {
        int ip;
        boolean outgoing;
        switch (linkType) {
            case LINKTYPE_LINUX_SLL2 -> {
                if (p.limit() < 20 || p.getShort(0) != 0x0800) {
                    return Optional.empty();
                }
                outgoing = (p.get(10) & 0xff) == PACKET_OUTGOING;
                ip = 20;
            }
            case LINKTYPE_LINUX_SLL -> {
                if (p.limit() < 16 || p.getShort(14) != 0x0800) {
                    return Optional.empty();
                }
                outgoing = p.getShort(0) == PACKET_OUTGOING;
                ip = 16;
            }
            case LINKTYPE_ETHERNET -> {
                if (p.limit() < 14 || p.getShort(12) != 0x0800) {
                    return Optional.empty();
                }
                outgoing = false;
                ip = 14;
            }
            default -> {
                return Optional.empty();
            }
        }
        if (p.limit() < ip + 20 || (p.get(ip) & 0xf0) != 0x40 || p.get(ip + 9) != 17) {
            return Optional.empty();
        }
        int udp = ip + (p.get(ip) & 0x0f) * 4;
        // UDP (8) + VXLAN (8) + inner Ethernet (14) + inner IPv4 (20)
        if (p.limit() < udp + 50 || (p.getShort(udp + 2) & 0xffff) != port || (p.get(udp + 8) & 0x08) == 0) {
            return Optional.empty();
        }
        int vni = (p.getInt(udp + 12) >>> 8) & 0xff_ffff;
        int eth = udp + 16;
        String mac = HexFormat.ofDelimiter(":").formatHex(bytes(p, eth, 6));
        int inner = eth + 14;
        if (p.getShort(eth + 12) != 0x0800 || (p.get(inner) & 0xf0) != 0x40) {
            return Optional.empty();
        }
        int proto = p.get(inner + 9) & 0xff;
        int l4 = inner + (p.get(inner) & 0x0f) * 4;
        boolean ports = (proto == 6 || proto == 17) && p.limit() >= l4 + 4;
        return Optional.of(new VxlanFrame(outgoing, ipv4(p, ip + 12), ipv4(p, ip + 16),
                p.getShort(udp + 2) & 0xffff, vni, mac, ipv4(p, inner + 12), ipv4(p, inner + 16),
                ports ? p.getShort(l4) & 0xffff : 0, ports ? p.getShort(l4 + 2) & 0xffff : 0,
                p.getShort(inner + 4) & 0xffff));
    }

    private static byte[] bytes(ByteBuffer p, int at, int n) {
        byte[] out = new byte[n];
        p.get(at, out);
        return out;
    }

    private static Ipv4 ipv4(ByteBuffer p, int at) {
        byte[] a = bytes(p, at, 4);
        return Ipv4.parse((a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff));
    }
}
