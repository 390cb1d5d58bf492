package dev.podwire.labfile;

import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import java.util.Objects;

/**
 * A static route on an underlay host: {@code ip route replace <to> via <via>}.
 *
 * @param to destination prefix
 * @param via next hop, directly reachable on the host's segment
 */
public record StaticRoute(Cidr to, Ipv4 via) {
    /** Validates. */
    public StaticRoute {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(via, "via");
    }
}
