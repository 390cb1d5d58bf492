package dev.podwire.trace;

import dev.podwire.net.Ipv4;
import java.util.Optional;

/**
 * The kernel's answer to {@code ip route get} for a packet at one hop.
 *
 * @param query the command's arguments after {@code ip route get}, e.g. {@code 10.244.1.5 from 10.244.0.4 iif cni0}
 * @param dev the output device chosen
 * @param via the gateway, when the route has one
 * @param error the kernel's refusal ({@code Network is unreachable}, {@code Invalid cross-device link} for a
 *     reverse-path failure), when the lookup failed
 */
public record RouteLookup(String query, Optional<String> dev, Optional<Ipv4> via, Optional<String> error) {

    /** {@return the answer as one line: {@code dev ens33 via 192.168.31.202} or the error} */
    public String display() {
        return error.map(e -> "ip route get " + query + ": " + e).orElseGet(() -> "ip route get " + query + " → "
                + via.map(v -> "via " + v + " ").orElse("") + dev.map(d -> "dev " + d).orElse("local"));
    }
}
