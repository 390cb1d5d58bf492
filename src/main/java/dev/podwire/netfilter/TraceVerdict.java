package dev.podwire.netfilter;

import dev.podwire.net.Ipv4;

/**
 * What {@link PacketTracer} decided for a packet in one ruleset. Not {@code dev.podwire.trace.Verdict}, which is
 * {@code podwire trace}'s verdict on a whole path through the lab, read from the kernel's own trace.
 */
public sealed interface TraceVerdict {
    /** DNATed to an endpoint and let through. */
    record Dnat(Ipv4 ip, int port) implements TraceVerdict {
        @Override
        public String toString() {
            return "DNAT to " + ip + ":" + port;
        }
    }

    /** Rejected (ICMP port unreachable / TCP reset): a service without endpoints. */
    record Reject() implements TraceVerdict {}

    /** Silently dropped. */
    record Drop() implements TraceVerdict {}

    /** Explicitly accepted by a filter rule, not DNATed. */
    record Accept() implements TraceVerdict {}

    /** No rule decided anything: the packet goes on unchanged (chain policies are ACCEPT). */
    record NoMatch() implements TraceVerdict {}
}
