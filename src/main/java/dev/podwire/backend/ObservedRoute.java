package dev.podwire.backend;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A route as the kernel reports it ({@code ip -j route show}), with iproute2's defaults filled in for omitted keys.
 *
 * @param dst the destination ({@code default} becomes {@code 0.0.0.0/0}, a bare address {@code /32})
 * @param type {@code unicast} (omitted by ip), {@code blackhole}, {@code unreachable}, ...
 * @param gateway the {@code via} address, if any
 * @param dev the outgoing interface, if any (blackhole routes have none)
 * @param protocol who installed it: {@code boot} (omitted by ip; {@code ip route add} and flannel), {@code kernel},
 *     {@code static}, {@code dhcp}, {@code bird}, ...
 * @param scope {@code global} (omitted by ip), {@code link}, {@code host}
 * @param metric the priority, 0 when omitted
 * @param flags route flags such as {@code onlink}, {@code linkdown}, sorted
 */
public record ObservedRoute(Cidr dst, String type, Optional<Ipv4> gateway, Optional<IfName> dev, String protocol,
        String scope, int metric, List<String> flags) {

    /** Validates and sorts flags. */
    public ObservedRoute {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(scope, "scope");
        flags = flags.stream().sorted().toList();
        if (metric < 0) {
            throw new IllegalArgumentException("metric: " + metric + " (expected: >= 0)");
        }
    }

    /** {@return whether the route carries the {@code onlink} flag} */
    public boolean onLink() {
        return flags.contains("onlink");
    }

    /** {@return whether this route is exactly what {@code route} asks for (type, gateway, device, onlink, metric 0)} */
    public boolean satisfies(Route route) {
        if (!dst.equals(route.dst()) || metric != 0) {
            return false;
        }
        return switch (route.hop()) {
            case NextHop.Via(var gw, var d) -> unicast() && gateway.equals(Optional.of(gw))
                    && dev.equals(Optional.of(d)) && !onLink();
            case NextHop.OnLink(var gw, var d) -> unicast() && gateway.equals(Optional.of(gw))
                    && dev.equals(Optional.of(d)) && onLink();
            case NextHop.Direct(var d) -> unicast() && gateway.isEmpty() && dev.equals(Optional.of(d));
            case NextHop.Blackhole _ -> type.equals("blackhole");
        };
    }

    private boolean unicast() {
        return type.equals("unicast");
    }
}
