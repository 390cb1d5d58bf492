package dev.podwire.workload;

/** A container port's transport protocol, as in a Kubernetes {@code ContainerPort.protocol}. */
public enum Protocol {
    /** TCP: HTTP or echo, decided per connection from the first bytes. */
    TCP,
    /** UDP: agnhost's datagram commands. */
    UDP,
    /** SCTP: not served; the workload logs and skips such ports. */
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
}
