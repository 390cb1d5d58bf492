package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to trace, resolved to namespaces and addresses.
 *
 * @param sourceLabel the client as the user named it ({@code pod/client})
 * @param targetLabel the target as the user named it ({@code svc/web:80})
 * @param source the client's place
 * @param places every place to watch (the client's included)
 * @param protocol what to send
 * @param target the address to send to
 * @param targetPort the port, 0 for ICMP
 * @param pcapDir where to write one capture per place, if wanted
 * @param vxlanPort the VXLAN UDP port when the pod network is a VXLAN overlay: the nodes' underlay is then captured
 *     so that the outer headers shown are the ones on the wire, and {@code --pcap} captures it too
 * @param nodes the places whose underlay carries the overlay (the nodes)
 * @param service the Service whose ClusterIP {@code target} is, if it is one
 */
public record TraceRequest(String sourceLabel, String targetLabel, Place source, List<Place> places,
        TraceProtocol protocol, Ipv4 target, int targetPort, Optional<Path> pcapDir, OptionalInt vxlanPort,
        List<Place> nodes, Optional<ServiceAddress> service) {

    /** Copies; the client's place is always watched. */
    public TraceRequest {
        Objects.requireNonNull(source, "source");
        places = List.copyOf(places);
        nodes = List.copyOf(nodes);
        if (!places.containsAll(nodes)) {
            throw new IllegalArgumentException("nodes: " + nodes.size() + " places (expected: watched places)");
        }
        if (!places.contains(source)) {
            throw new IllegalArgumentException("places: " + places.size() + " places (expected: to include the "
                    + "source " + source.label() + ")");
        }
    }
}
