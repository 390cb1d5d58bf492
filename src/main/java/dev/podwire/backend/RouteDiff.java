package dev.podwire.backend;

import dev.podwire.host.ip.IpRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Compares a {@link RoutePlan} with the kernel's routes. Pure. */
public final class RouteDiff {
    private RouteDiff() {
    }

    /**
     * {@return the changes, sorted, that make {@code observed} match {@code desired}}:
     * a {@link RouteChange.Replace} for every desired route with no exactly matching metric-0 route, and a
     * {@link RouteChange.Delete} for every {@linkplain RouteOwnership#owns owned} route whose destination is not
     * desired, or which has a non-zero metric (a replace would add a metric-0 route beside it). A route to a
     * desired destination that differs only in gateway or device is overwritten by the replace, not deleted, so
     * that {@code ip -batch} never deletes a route the previous line already replaced.
     */
    public static List<RouteChange> diff(RouteOwnership ownership, RoutePlan desired, List<IpRoute> observed) {
        Objects.requireNonNull(ownership, "ownership");
        List<RouteChange> changes = new ArrayList<>();
        for (Route want : desired.desired()) {
            if (observed.stream().noneMatch(want::satisfiedBy)) {
                changes.add(new RouteChange.Replace(want));
            }
        }
        for (IpRoute have : observed) {
            boolean desiredDst = desired.routeTo(have.dst()).isPresent();
            if (ownership.owns(have) && (!desiredDst || have.metric() != 0)) {
                changes.add(new RouteChange.Delete(have));
            }
        }
        return changes.stream().sorted().toList();
    }
}
