package dev.podwire.agent;

import dev.podwire.backend.RouteChange;
import dev.podwire.backend.RouteDiff;
import dev.podwire.backend.RouteOwnership;
import dev.podwire.backend.RouteRenderer;
import dev.podwire.backend.hostgw.HostGwPlan;
import dev.podwire.backend.hostgw.HostGwPlanner;
import dev.podwire.host.Command;
import dev.podwire.host.ip.IpReader;
import dev.podwire.net.Cidr;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.util.List;

/**
 * flannel's host-gw backend on one node: {@code <remote subnet> via <remote node IP> dev <iface>} for every other
 * host-gw lease, planned, diffed against {@code ip -j route} and applied as one {@code ip -batch}.
 */
final class HostGwSync implements BackendSync {
    private static final System.Logger LOG = System.getLogger(HostGwSync.class.getName());
    private final NodeContext ctx;
    private final Cidr segment;

    HostGwSync(NodeContext ctx) {
        this.ctx = ctx;
        this.segment = ctx.segmentSubnet();
    }

    @Override
    public LeaseAttrs attrs() {
        return LeaseAttrs.hostGw(ctx.node().address());
    }

    @Override
    public void setUp(Lease self) {
        // host-gw has no device of its own: the node's interface carries everything.
    }

    @Override
    public int sync(Lease self, List<Lease> all) {
        HostGwPlan plan = HostGwPlanner.plan(self, all, ctx.node().iface(), segment);
        plan.errors().forEach(e -> LOG.log(System.Logger.Level.WARNING, "host-gw cannot route node="
                + ctx.node().name() + " lease=" + e.lease().subnet() + ": " + e.message()));
        List<RouteChange> changes = RouteDiff.diff(new RouteOwnership(ctx.lab().podNetwork().network(),
                self.subnet()), plan.routes(), new IpReader(ctx.executor()).routes(ctx.netns()));
        if (!changes.isEmpty()) {
            ctx.executor().run(Command.ipBatch(ctx.netns(), RouteRenderer.render(changes))).orThrow();
        }
        return changes.size();
    }
}
