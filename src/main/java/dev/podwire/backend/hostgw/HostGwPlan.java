package dev.podwire.backend.hostgw;

import dev.podwire.backend.RoutePlan;
import dev.podwire.subnet.Lease;
import java.util.List;
import java.util.Objects;

/**
 * What host-gw wants on one node, and which peer leases it could not use.
 *
 * @param routes one {@code <peer subnet> via <peer PublicIP> dev <ext iface>} route per usable peer
 * @param ignored leases of other backends, skipped as flannel skips them; sorted by subnet
 * @param errors peers host-gw cannot reach without a router in between; sorted by subnet
 */
public record HostGwPlan(RoutePlan routes, List<IgnoredLease> ignored, List<PeerError> errors) {

    /** Copies and sorts. */
    public HostGwPlan {
        Objects.requireNonNull(routes, "routes");
        ignored = ignored.stream().sorted((a, b) -> a.lease().compareTo(b.lease())).toList();
        errors = errors.stream().sorted((a, b) -> a.lease().compareTo(b.lease())).toList();
    }

    /**
     * A lease host-gw leaves alone.
     *
     * @param lease the peer's lease
     * @param reason flannel's log text, e.g. {@code Ignoring non-host-gw subnet: type=vxlan}
     */
    public record IgnoredLease(Lease lease, String reason) {
        /** Validates. */
        public IgnoredLease {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A peer lease that cannot become a route.
     *
     * @param lease the peer's lease
     * @param message why, and what to do instead
     */
    public record PeerError(Lease lease, String message) {
        /** Validates. */
        public PeerError {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(message, "message");
        }
    }
}
