package dev.podwire.backend;

import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import java.util.Comparator;
import java.util.Objects;

/** One step that brings the kernel's routes to the plan. */
public sealed interface RouteChange extends Comparable<RouteChange> {

    /** {@return the destination the step touches} */
    Cidr dst();

    /**
     * Install or overwrite the route to {@code route.dst()} ({@code ip route replace}).
     *
     * @param route the desired route
     */
    record Replace(Route route) implements RouteChange {
        /** Validates. */
        public Replace {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public Cidr dst() {
            return route.dst();
        }
    }

    /**
     * Remove an owned route that is no longer desired ({@code ip route del}, matching gateway, device and metric).
     *
     * @param route the route as observed
     */
    record Delete(IpRoute route) implements RouteChange {
        /** Validates. */
        public Delete {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public Cidr dst() {
            return route.dst();
        }
    }

    /** Orders by destination; for one destination deletions come first, then by rendered line. */
    @Override
    default int compareTo(RouteChange other) {
        return Comparator.comparing(RouteChange::dst)
                .thenComparing(c -> c instanceof Replace)
                .thenComparing(RouteRenderer::line)
                .compare(this, other);
    }
}
