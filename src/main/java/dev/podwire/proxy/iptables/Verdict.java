package dev.podwire.proxy.iptables;

import dev.podwire.net.Ipv4;

/** What happened to a traced packet. */
public sealed interface Verdict {
    /** DNATed to an endpoint and let through. */
    record Dnat(Ipv4 ip, int port) implements Verdict {
        @Override
        public String toString() {
            return "DNAT to " + ip + ":" + port;
        }
    }

    /** Rejected (ICMP port unreachable / TCP reset): a service without endpoints. */
    record Reject() implements Verdict {}

    /** Silently dropped. */
    record Drop() implements Verdict {}

    /** Explicitly accepted by a filter rule, not DNATed. */
    record Accept() implements Verdict {}

    /** No rule decided anything: the packet goes on unchanged (chain policies are ACCEPT). */
    record NoMatch() implements Verdict {}
}
