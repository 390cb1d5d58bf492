package dev.podwire.netfilter;

import dev.podwire.net.Ipv4;
import dev.podwire.net.Protocol;
import java.util.Objects;

/**
 * The first packet of a connection, as the tracer sees it.
 *
 * @param source the source address
 * @param destination the destination address
 * @param protocol TCP, UDP or SCTP
 * @param destinationPort 1..65535
 * @param fromHost true if the node itself sends it (nat/filter OUTPUT); false if it arrives on an interface, from a
 *     pod or another machine (nat PREROUTING, then filter INPUT or FORWARD)
 */
public record TracePacket(Ipv4 source, Ipv4 destination, Protocol protocol, int destinationPort, boolean fromHost) {
    /** Validates. */
    public TracePacket {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        if (destinationPort < 1 || destinationPort > 65535) {
            throw new IllegalArgumentException("destinationPort: " + destinationPort + " (expected: 1..65535)");
        }
    }

    /** {@return a TCP packet arriving from {@code source} (a pod or a remote client)} */
    public static TracePacket tcp(String source, String destination, int port) {
        return new TracePacket(Ipv4.parse(source), Ipv4.parse(destination), Protocol.TCP, port, false);
    }
}
