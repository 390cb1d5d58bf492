package dev.podwire.backend.hostgw;

import dev.podwire.backend.IgnoredLease;
import dev.podwire.backend.PeerError;
import dev.podwire.backend.RoutePlan;
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

}
