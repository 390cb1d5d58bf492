package dev.podwire.backend.vxlan;

import dev.podwire.backend.RouteChange;
import dev.podwire.backend.RouteDiff;
import dev.podwire.backend.RouteOwnership;
import dev.podwire.backend.RouteRenderer;
import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.host.ip.IpNeigh;
import dev.podwire.host.ip.IpRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The steps that bring a node's routes, VTEP neighbours and VTEP FDB to a {@link VxlanPlan}, and their rendering.
 * Pure: the caller observes the kernel and runs, after the VTEP's {@link VtepDecision#ipBatch()}, three batches in
 * this order: {@code ip -batch -} with {@link #ipBatchBefore()}, {@code bridge -batch -} with {@link #bridgeBatch()},
 * {@code ip -batch -} with {@link #ipBatchAfter()} (each skipped when empty).
 *
 * @param routes route changes, as {@link RouteDiff} sorts them
 * @param neighs deletions (sorted by address), then replacements (sorted)
 * @param fdb deletions (sorted by MAC), then replacements (sorted)
 */
public record VxlanChanges(List<RouteChange> routes, List<NeighChange> neighs, List<FdbChange> fdb) {

    /** Copies. */
    public VxlanChanges {
        routes = List.copyOf(routes);
        neighs = List.copyOf(neighs);
        fdb = List.copyOf(fdb);
    }

    /**
     * {@return the changes that make the observed state match {@code plan}}. Routes go through {@link RouteDiff}
     * under {@code ownership}. The VTEP belongs to the backend, so every permanent IPv4 neighbour on it whose
     * address is not planned is deleted; every {@linkplain FdbEntry#owned owned} FDB remote that is not
     * planned is deleted too, except the single remote of a planned MAC, which the {@code fdb replace} overwrites
     * in place. Anything already exactly as planned yields no change.
     */
    public static VxlanChanges diff(VxlanPlan plan, RouteOwnership ownership, List<IpRoute> routes,
            List<IpNeigh> neighs, List<BridgeFdb> fdb) {
        Objects.requireNonNull(plan, "plan");
        List<NeighChange> neighChanges = new ArrayList<>();
        for (IpNeigh have : neighs) {
            if (have.permanent() && plan.neighs().stream().noneMatch(w -> w.ip().equals(have.ip())
                    && w.dev().equals(have.dev()))) {
                neighChanges.add(new NeighChange.Delete(have));
            }
        }
        for (NeighEntry want : plan.neighs()) {
            if (neighs.stream().noneMatch(want::satisfiedBy)) {
                neighChanges.add(new NeighChange.Replace(want));
            }
        }
        List<FdbChange> fdbChanges = new ArrayList<>();
        List<BridgeFdb> owned = fdb.stream().filter(FdbEntry::owned).toList();
        for (BridgeFdb have : owned) {
            List<FdbEntry> sameMac = plan.fdb().stream()
                    .filter(w -> w.mac().equals(have.mac()) && w.dev().equals(have.dev())).toList();
            boolean exact = sameMac.stream().anyMatch(w -> w.satisfiedBy(have));
            boolean overwritten = !sameMac.isEmpty() && owned.stream().filter(o -> o.mac().equals(have.mac())
                    && o.dev().equals(have.dev())).count() == 1;
            if (!exact && !overwritten) {
                fdbChanges.add(new FdbChange.Delete(have));
            }
        }
        for (FdbEntry want : plan.fdb()) {
            if (owned.stream().noneMatch(want::satisfiedBy)) {
                fdbChanges.add(new FdbChange.Replace(want));
            }
        }
        return new VxlanChanges(RouteDiff.diff(ownership, plan.routes(), routes), neighChanges, fdbChanges);
    }

    /** {@return the changes that install {@code plan} on a node with none of its entries yet} */
    public static VxlanChanges of(VxlanPlan plan) {
        return new VxlanChanges(plan.routes().desired().stream().<RouteChange>map(RouteChange.Replace::new).toList(),
                plan.neighs().stream().<NeighChange>map(NeighChange.Replace::new).toList(),
                plan.fdb().stream().<FdbChange>map(FdbChange.Replace::new).toList());
    }

    /** {@return whether nothing needs changing} */
    public boolean isEmpty() {
        return routes.isEmpty() && neighs.isEmpty() && fdb.isEmpty();
    }

    /**
     * {@return the first {@code ip -batch} input: route deletions, then neighbour deletions and replacements}.
     * Routes go first on removal so that no route is left pointing at a gateway whose neighbour entry is gone
     * (the kernel would ARP into the overlay).
     */
    public String ipBatchBefore() {
        StringBuilder out = new StringBuilder();
        routes.stream().filter(c -> c instanceof RouteChange.Delete)
                .forEach(c -> out.append(RouteRenderer.line(c)).append('\n'));
        neighs.forEach(c -> out.append(c.line()).append('\n'));
        return out.toString();
    }

    /** {@return the {@code bridge -batch} input: FDB deletions, then replacements} */
    public String bridgeBatch() {
        StringBuilder out = new StringBuilder();
        fdb.forEach(c -> out.append(c.line()).append('\n'));
        return out.toString();
    }

    /**
     * {@return the last {@code ip -batch} input: route replacements}. Routes come last on addition, as in flannel,
     * so the onlink gateway already resolves (neighbour) and forwards (FDB) when the route appears.
     */
    public String ipBatchAfter() {
        StringBuilder out = new StringBuilder();
        routes.stream().filter(c -> c instanceof RouteChange.Replace)
                .forEach(c -> out.append(RouteRenderer.line(c)).append('\n'));
        return out.toString();
    }
}
