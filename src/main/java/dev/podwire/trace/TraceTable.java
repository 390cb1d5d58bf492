package dev.podwire.trace;

/**
 * The nftables table a trace adds to every namespace it watches, and removes afterwards. It only sets
 * {@code meta nftrace} on the probe's packets (before conntrack and NAT, at priority raw - 10) and adds
 * accept-policy chains on input, forward and postrouting so that the trace reports where a packet ended up. It
 * accepts everything and touches no other table, so the traced path is the one the packet takes without a trace.
 *
 * <p>Requests are recognised by the probe's {@link #DSCP}, which survives DNAT, SNAT and encapsulation; replies by
 * the client's port or by a destination the request had as its source here (set {@code flows}, filled as the
 * request enters and after any SNAT); ICMP errors by the port or DSCP quoted inside them.
 *
 * <p>The table has one fixed name, so installing replaces a leftover of a crashed trace in the same transaction and
 * {@code podwire down} or the next trace can always find it.
 */
public final class TraceTable {
    /** The table's name (family {@code inet}). */
    public static final String NAME = "podwire-trace";
    /** The chain that shows a packet delivered to a local socket. */
    public static final String INPUT = "trace_in";
    /** The chain that shows a packet forwarded. */
    public static final String FORWARD = "trace_fwd";
    /** The chain that shows a packet leaving through an interface. */
    public static final String POSTROUTING = "trace_post";

    // Bit offsets from the ICMP header: 8 bytes of ICMP header and 20 of the quoted IP header (no options) reach the
    // quoted transport header, whose first 16 bits are the TCP/UDP source port; an echo's identifier is 4 bytes in.
    private static final int QUOTED_SPORT_BITS = (8 + 20) * 8;
    private static final int QUOTED_ECHO_ID_BITS = (8 + 20 + 4) * 8;
    // The quoted IP header's DSCP: the top 6 bits of its second byte.
    private static final int QUOTED_DSCP_BITS = (8 + 1) * 8;
    /**
     * The DSCP the probe carries (RFC 2474 pool 3, "experimental or local use"). It is how a namespace recognises
     * the request after NAT changed its addresses and ports; nothing in a lab matches on DSCP.
     */
    public static final int DSCP = 5;

    private TraceTable() {
    }

    /** {@return the {@code nft -f} script that (re)creates the table for one probe} */
    public static String install(ProbeSpec probe) {
        String matches = matches(probe);
        return "table inet " + NAME + "\n"
                + "delete table inet " + NAME + "\n"
                + "table inet " + NAME + " {\n"
                + "  set flows {\n    type ipv4_addr . inet_service\n    size 4096\n"
                + "    flags dynamic,timeout\n    timeout 2m\n  }\n"
                + marking(PacketKind.REQUEST) + marking(PacketKind.REPLY) + marking(PacketKind.ICMP_ERROR)
                + "  chain trace_pre {\n    type filter hook prerouting priority raw - 10; policy accept;\n"
                + matches + "  }\n"
                + "  chain trace_out {\n    type filter hook output priority raw - 10; policy accept;\n"
                + matches + "  }\n"
                + observer(INPUT, "input", "") + observer(FORWARD, "forward", "")
                + observer(POSTROUTING, "postrouting", remember(probe))
                + "}\n";
    }

    /** {@return the script that removes the table, whether or not it exists} */
    public static String remove() {
        return "table inet " + NAME + "\ndelete table inet " + NAME + "\n";
    }

    private static String marking(PacketKind kind) {
        return "  chain " + kind.chain() + " {\n    meta nftrace set 1\n  }\n";
    }

    private static String observer(String chain, String hook, String rules) {
        return "  chain " + chain + " {\n    type filter hook " + hook + " priority 500; policy accept;\n" + rules
                + "  }\n";
    }

    /**
     * Remembers the request's source address and port, as it enters and again after SNAT, so that the reply is
     * recognised by its destination even when a masquerade picked a new port ({@code --random-fully}).
     */
    private static String remember(ProbeSpec probe) {
        return probe.protocol() == TraceProtocol.ICMP ? "" : "    ip dscp " + DSCP + " meta l4proto "
                + probe.protocol().ipProtocol() + " update @flows { ip saddr . th sport }\n";
    }

    private static String matches(ProbeSpec probe) {
        int id = probe.sourcePort();
        String errors = "    icmp type { destination-unreachable, time-exceeded } ";
        String error = " jump " + PacketKind.ICMP_ERROR.chain() + "\n";
        String quotedMarker = errors + "@th," + QUOTED_DSCP_BITS + ",6 " + DSCP + error;
        return switch (probe.protocol()) {
            case TCP, HTTP, UDP -> {
                String p = "meta l4proto " + probe.protocol().ipProtocol();
                yield "    ip dscp " + DSCP + " " + p + " update @flows { ip saddr . th sport }\n"
                        + "    ip dscp " + DSCP + " " + p + " jump " + PacketKind.REQUEST.chain() + "\n"
                        + "    ip dscp != " + DSCP + " " + p + " th dport " + id + " jump " + PacketKind.REPLY.chain()
                        + "\n"
                        + "    ip dscp != " + DSCP + " " + p + " ip daddr . th dport @flows jump "
                        + PacketKind.REPLY.chain() + "\n"
                        + errors + "@th," + QUOTED_SPORT_BITS + ",16 " + id + error + quotedMarker;
            }
            case ICMP -> "    ip dscp " + DSCP + " icmp type echo-request jump " + PacketKind.REQUEST.chain() + "\n"
                    + "    icmp type echo-reply icmp id " + id + " jump " + PacketKind.REPLY.chain() + "\n"
                    + errors + "@th," + QUOTED_ECHO_ID_BITS + ",16 " + id + error + quotedMarker;
        };
    }
}
