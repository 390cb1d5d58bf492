package dev.podwire.backend.vxlan;

import dev.podwire.backend.IgnoredLease;
import dev.podwire.backend.PeerError;
import dev.podwire.backend.RoutePlan;
import java.util.List;
import java.util.Objects;

/**
 * What the vxlan backend wants on one node besides the VTEP itself.
 *
 * @param routes per overlay peer {@code <subnet> via <subnet>.0 dev flannel.1 onlink}; per direct peer (DirectRouting)
 *     {@code <subnet> via <PublicIP> dev <ext iface>}
 * @param neighs per overlay peer, {@code <subnet>.0 lladdr <VtepMAC> dev flannel.1 nud permanent}; sorted
 * @param fdb per overlay peer, {@code <VtepMAC> dev flannel.1 dst <PublicIP> self permanent}; sorted
 * @param ignored leases of other backends, skipped as flannel skips them; sorted by subnet
 * @param errors peer leases that cannot be used; sorted by subnet
 */
public record VxlanPlan(RoutePlan routes, List<NeighEntry> neighs, List<FdbEntry> fdb, List<IgnoredLease> ignored,
        List<PeerError> errors) {

    /** Copies and sorts. */
    public VxlanPlan {
        Objects.requireNonNull(routes, "routes");
        neighs = neighs.stream().sorted().toList();
        fdb = fdb.stream().sorted().toList();
        ignored = ignored.stream().sorted((a, b) -> a.lease().compareTo(b.lease())).toList();
        errors = errors.stream().sorted((a, b) -> a.lease().compareTo(b.lease())).toList();
    }

}
