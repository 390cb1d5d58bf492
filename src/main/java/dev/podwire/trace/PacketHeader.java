package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Optional;

/**
 * A packet's header as {@code xtables-monitor --trace} prints it on a {@code PACKET:} line, at one hook in one
 * namespace.
 *
 * @param in the input interface, absent for locally generated packets
 * @param out the output interface, once routing chose one
 * @param src source address
 * @param dst destination address
 * @param sport TCP/UDP source port, 0 for other protocols
 * @param dport TCP/UDP destination port, 0 for other protocols
 * @param flags TCP flags as printed ({@code SYN}, {@code ACK}, {@code RST}, {@code FIN}), empty otherwise
 * @param ttl the IP TTL at this hook
 * @param ipId the IP identification field (kept by NAT and forwarding, so it follows one packet across hooks)
 * @param length the IP total length
 */
public record PacketHeader(Optional<String> in, Optional<String> out, Ipv4 src, Ipv4 dst, int sport, int dport,
        List<String> flags, int ttl, int ipId, int length) {

    /** Copies. */
    public PacketHeader {
        flags = List.copyOf(flags);
    }

    /** {@return {@code src:sport → dst:dport}, without ports when there are none} */
    public String tuple() {
        return sport == 0 && dport == 0 ? src + " → " + dst : src + ":" + sport + " → " + dst + ":" + dport;
    }
}
