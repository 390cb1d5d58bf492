package dev.podwire.agent;

import dev.podwire.backend.RouteOwnership;
import dev.podwire.backend.vxlan.DirectRouting;
import dev.podwire.backend.vxlan.VtepDevice;
import dev.podwire.backend.vxlan.VxlanChanges;
import dev.podwire.backend.vxlan.VxlanPlan;
import dev.podwire.backend.vxlan.VxlanPlanner;
import dev.podwire.host.Command;
import dev.podwire.host.Result;
import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.host.ip.IpLink;
import dev.podwire.host.ip.IpNeigh;
import dev.podwire.host.ip.IpReader;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Mac;
import dev.podwire.net.Netns;
import dev.podwire.subnet.BackendConfig;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.util.List;
import java.util.Optional;

/**
 * flannel's vxlan backend on one node: the VTEP {@code flannel.<VNI>} (created, kept or recreated as flannel decides),
 * its MAC published in the lease's BackendData, and per remote lease one permanent neighbour entry, one FDB entry and
 * one onlink route — or, with DirectRouting, a plain route via the peer when it sits on the node's own segment.
 * Each sync observes the kernel ({@code ip -j}, {@code bridge -j}) and applies only the difference, in flannel's
 * order: neighbours, then FDB, then routes.
 */
final class VxlanSync implements BackendSync {
    private static final System.Logger LOG = System.getLogger(VxlanSync.class.getName());
    private final NodeContext ctx;
    private final BackendConfig.Vxlan config;
    private final VtepDevice device;

    VxlanSync(NodeContext ctx, BackendConfig.Vxlan config) {
        this.ctx = ctx;
        this.config = config;
        this.device = VtepDevice.of(config, ctx.node().address(), ctx.node().iface(),
                existingMac(ctx, config).orElseGet(() -> Mac.randomLocal(ctx.random())), ctx.lab().underlay().mtu());
    }

    // A restarted agent keeps the VTEP's MAC, as flanneld does (it reads the existing link's address): peers' FDB and
    // neighbour entries stay valid, and the lease it reclaims carries the same VtepMAC.
    private static Optional<Mac> existingMac(NodeContext ctx, BackendConfig.Vxlan config) {
        return new IpReader(ctx.executor()).linkDetails(ctx.netns(), VtepDevice.nameFor(config.vni()))
                .filter(l -> l.vxlan().filter(v -> v.vni() == config.vni()).isPresent()).flatMap(IpLink::mac);
    }

    @Override
    public LeaseAttrs attrs() {
        return LeaseAttrs.vxlan(ctx.node().address(), config.vni(), device.mac());
    }

    @Override
    public void setUp(Lease self) {
        Optional<IpLink> observed = new IpReader(ctx.executor()).linkDetails(ctx.netns(), device.name());
        String batch = device.decide(observed, self.subnet()).ipBatch();
        if (!batch.isEmpty()) {
            run(Command.ipBatch(ctx.netns(), batch)).orThrow();
        }
    }

    @Override
    public int sync(Lease self, List<Lease> all) {
        Netns ns = ctx.netns();
        IpReader ip = new IpReader(ctx.executor());
        List<IpRoute> routes = ip.routes(ns);
        DirectRouting policy = config.directRouting() ? DirectRouting.fromRoutes(routes, ctx.node().iface())
                : DirectRouting.off();
        VxlanPlan plan = VxlanPlanner.plan(self, all, device, policy);
        plan.errors().forEach(e -> LOG.log(System.Logger.Level.WARNING, "vxlan cannot reach node="
                + ctx.node().name() + " lease=" + e.lease().subnet() + ": " + e.message()));
        List<IpNeigh> neighs = ip.neighbours(ns, device.name());
        List<BridgeFdb> fdb = ip.fdb(ns, device.name());
        VxlanChanges changes = VxlanChanges.diff(plan, new RouteOwnership(ctx.lab().podNetwork().network(),
                self.subnet()), routes, neighs, fdb);
        if (changes.isEmpty()) {
            return 0;
        }
        apply(Command.ipBatch(ns, changes.ipBatchBefore()));
        apply(new Command(ns, List.of("bridge", "-batch", "-"), changes.bridgeBatch()));
        apply(Command.ipBatch(ns, changes.ipBatchAfter()));
        return changes.routes().size() + changes.neighs().size() + changes.fdb().size();
    }

    private void apply(Command c) {
        if (!c.stdin().isEmpty()) {
            run(c).orThrow();
        }
    }

    private Result run(Command c) {
        return ctx.executor().run(c);
    }
}
