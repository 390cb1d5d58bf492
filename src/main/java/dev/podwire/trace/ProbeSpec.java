package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.util.Objects;

/**
 * The one probe a trace sends: its protocol and 5-tuple as the client creates it.
 *
 * @param protocol what to send
 * @param source the client's address
 * @param sourcePort the client's port, or the ICMP echo identifier; chosen at random so the probe is unique
 * @param target the address the client sends to (a ClusterIP, a node's address for a NodePort, a pod)
 * @param targetPort the port, 0 for ICMP
 */
public record ProbeSpec(TraceProtocol protocol, Ipv4 source, int sourcePort, Ipv4 target, int targetPort) {

    /** Validates. */
    public ProbeSpec {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (sourcePort < 1 || sourcePort > 65535) {
            throw new IllegalArgumentException("sourcePort: " + sourcePort + " (expected: 1..65535)");
        }
        if (protocol == TraceProtocol.ICMP ? targetPort != 0 : targetPort < 1 || targetPort > 65535) {
            throw new IllegalArgumentException("targetPort: " + targetPort + " (expected: "
                    + (protocol == TraceProtocol.ICMP ? "0 for icmp" : "1..65535") + ")");
        }
        if (protocol != TraceProtocol.ICMP && sourcePort == targetPort) {
            throw new IllegalArgumentException("sourcePort: " + sourcePort + " (expected: not the target port, so "
                    + "requests and replies stay apart)");
        }
    }

    /** {@return the probe as {@code tcp 10.244.0.5:43512 → 10.96.0.50:80}} */
    public String display() {
        return protocol == TraceProtocol.ICMP
                ? "icmp echo id " + sourcePort + " " + source + " → " + target
                : protocol.label() + " " + source + ":" + sourcePort + " → " + target + ":" + targetPort;
    }
}
