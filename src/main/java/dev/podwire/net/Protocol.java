package dev.podwire.net;

/** A service port's transport protocol, as Kubernetes spells it ({@code ServicePort.protocol}). */
public enum Protocol {
    /** TCP. */
    TCP,
    /** UDP. */
    UDP,
    /** SCTP. */
    SCTP;

    /** {@return the protocol named like Kubernetes spells it (case-insensitive), e.g. "TCP"} */
    public static Protocol parse(String text) {
        for (Protocol p : values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("protocol: " + text + " (expected: TCP, UDP or SCTP)");
    }

    /** {@return the lower-case name iptables and kube-proxy's chain hashes use, e.g. "tcp"} */
    public String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
