package dev.podwire.agent;

import dev.podwire.backend.FlannelRules;
import dev.podwire.backend.JumpRule;
import dev.podwire.backend.JumpRules;
import dev.podwire.backend.ObservedRoutes;
import dev.podwire.backend.RouteChange;
import dev.podwire.backend.RouteDiff;
import dev.podwire.backend.RouteOwnership;
import dev.podwire.backend.RouteRenderer;
import dev.podwire.backend.hostgw.HostGwPlan;
import dev.podwire.backend.hostgw.HostGwPlanner;
import dev.podwire.exec.Command;
import dev.podwire.labfile.SegmentSpec;
import dev.podwire.net.Cidr;
import dev.podwire.subnet.Lease;
import java.util.List;

/**
 * flanneld's data-plane half on one node: the host-gw routes to every other lease (planned, diffed against
 * {@code ip -j route}, applied as one {@code ip -batch}), and flannel's masquerade and forward rules (our chains in one
 * {@code iptables-restore --noflush}; the jump rules in built-in chains added only when missing).
 */
final class RouteSync {
    private static final System.Logger LOG = System.getLogger(RouteSync.class.getName());
    private final NodeContext ctx;
    private final Cidr segment;

    RouteSync(NodeContext ctx) {
        this.ctx = ctx;
        this.segment = ctx.lab().underlay().segments().stream().filter(s -> s.name().equals(ctx.node().segment()))
                .map(SegmentSpec::subnet).findFirst().orElseThrow();
    }

    /** Programs flannel's iptables chains and the jumps to them. */
    void ensureRules(Lease lease) {
        FlannelRules rules = FlannelRules.of(ctx.lab().podNetwork().network(), lease.subnet(),
                ctx.lab().flannel().ipMasq());
        ctx.executor().run(Command.iptablesRestore(ctx.netns(), rules.restorePayload())).orThrow();
        String save = ctx.executor().run(Command.of(ctx.netns(), "iptables-save")).orThrow().stdout();
        List<JumpRule> missing = JumpRules.missing(save, rules.jumpRules());
        if (!missing.isEmpty()) {
            ctx.executor().run(Command.iptablesRestore(ctx.netns(), JumpRules.render(missing))).orThrow();
        }
    }

    /** Reconciles the routes to other leases; {@return how many routes changed} */
    int sync(Lease self, List<Lease> all) {
        HostGwPlan plan = HostGwPlanner.plan(self, all, ctx.node().iface(), segment);
        plan.errors().forEach(e -> LOG.log(System.Logger.Level.WARNING, "host-gw cannot route node="
                + ctx.node().name() + " lease=" + e.lease().subnet() + ": " + e.message()));
        String json = ctx.executor().run(Command.of(ctx.netns(), "ip", "-j", "route", "show")).orThrow().stdout();
        List<RouteChange> changes = RouteDiff.diff(new RouteOwnership(ctx.lab().podNetwork().network(),
                self.subnet()), plan.routes(), ObservedRoutes.parse(json));
        if (!changes.isEmpty()) {
            ctx.executor().run(Command.ipBatch(ctx.netns(), RouteRenderer.render(changes))).orThrow();
        }
        return changes.size();
    }
}
