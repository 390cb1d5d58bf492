package dev.podwire.backend;

import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A desired route in the main table (metric 0, protocol boot, as {@code ip route replace} and flannel install them).
 *
 * @param dst the destination prefix
 * @param hop where packets for {@code dst} go
 */
public record Route(Cidr dst, NextHop hop) implements Comparable<Route> {
    private static final Comparator<Route> ORDER = Comparator.comparing(Route::dst)
            .thenComparing(r -> RouteRenderer.target(r.hop()));

    /** Validates. */
    public Route {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(hop, "hop");
    }

    /**
     * {@return whether the kernel route {@code have} is exactly this route}: same destination, type, gateway, device
     * and onlink flag, at metric 0 (a route with another metric is a different route beside it).
     */
    public boolean satisfiedBy(IpRoute have) {
        if (!dst.equals(have.dst()) || have.metric() != 0) {
            return false;
        }
        boolean unicast = have.type().equals("unicast");
        return switch (hop) {
            case NextHop.Via(var gw, var d) -> unicast && have.gateway().equals(Optional.of(gw))
                    && have.dev().equals(Optional.of(d)) && !have.onLink();
            case NextHop.OnLink(var gw, var d) -> unicast && have.gateway().equals(Optional.of(gw))
                    && have.dev().equals(Optional.of(d)) && have.onLink();
            case NextHop.Direct(var d) -> unicast && have.gateway().isEmpty() && have.dev().equals(Optional.of(d));
            case NextHop.Blackhole _ -> have.type().equals("blackhole");
        };
    }

    /** Orders by destination, then by next hop text. */
    @Override
    public int compareTo(Route other) {
        return ORDER.compare(this, other);
    }

    /** {@return the route as {@code ip route} prints it, e.g. {@code 10.244.1.0/24 via 192.168.31.202 dev ens33}} */
    @Override
    public String toString() {
        return RouteRenderer.spec(this);
    }
}
