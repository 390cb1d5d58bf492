package dev.podwire.trace;

import java.util.Locale;

/** What the probe sends. */
public enum TraceProtocol {
    /** A TCP handshake (connect, then close). */
    TCP,
    /** One UDP datagram, and whatever answers it. */
    UDP,
    /** One ICMP echo request. */
    ICMP,
    /** A TCP connection carrying {@code GET /}. */
    HTTP;

    /** {@return the IP protocol the kernel sees} */
    public String ipProtocol() {
        return switch (this) {
            case TCP, HTTP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
        };
    }

    /** {@return the lower-case name, as the CLI spells it} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
