package dev.podwire.lb;

import dev.podwire.net.Ipv4;
import java.util.List;

/**
 * One listener of the lab load balancer: connections to {@code ingress:port} go round-robin to the targets.
 *
 * @param service {@code namespace/name:port} for the rule comment
 * @param ingress the Service's {@code status.loadBalancer.ingress[].ip}
 * @param protocol {@code tcp} or {@code udp}
 * @param port the Service port
 * @param nodePort where the nodes listen
 * @param targets node addresses that pass the health check, in order; empty = nothing healthy
 */
public record LbForward(String service, Ipv4 ingress, String protocol, int port, int nodePort, List<Ipv4> targets)
        implements Comparable<LbForward> {

    /** Copies. */
    public LbForward {
        targets = List.copyOf(targets);
    }

    @Override
    public int compareTo(LbForward o) {
        int c = ingress.compareTo(o.ingress);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(port, o.port);
        return c != 0 ? c : protocol.compareTo(o.protocol);
    }
}
