package dev.podwire.backend;

import dev.podwire.net.Cidr;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routes a backend wants in the main table, sorted by destination, at most one per destination.
 *
 * @param desired the routes
 */
public record RoutePlan(List<Route> desired) {

    /** Sorts, copies and rejects two routes to one destination. */
    public RoutePlan {
        desired = desired.stream().sorted().toList();
        Set<Cidr> seen = new HashSet<>();
        for (Route r : desired) {
            if (!seen.add(r.dst())) {
                throw new IllegalArgumentException("desired: two routes to " + r.dst()
                        + " (expected: at most one route per destination)");
            }
        }
    }

    /** {@return the plan with no routes} */
    public static RoutePlan empty() {
        return new RoutePlan(List.of());
    }

    /** {@return the route to exactly {@code dst}, if planned} */
    public Optional<Route> routeTo(Cidr dst) {
        return desired.stream().filter(r -> r.dst().equals(dst)).findFirst();
    }
}
