package dev.podwire.backend.vxlan;

import dev.podwire.backend.Backend;
import dev.podwire.backend.BackendEnv;
import dev.podwire.backend.RouteOwnership;
import dev.podwire.host.Command;
import dev.podwire.host.Kernel;
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
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import dev.podwire.sync.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * flannel's vxlan backend on one node: the VTEP {@code flannel.<VNI>} (created, kept or recreated as flannel decides),
 * its MAC published in the lease's BackendData, and per remote lease one permanent neighbour entry, one FDB entry and
 * one onlink route — or, with DirectRouting, a plain route via the peer when it sits on the node's own segment.
 * Each sync observes the kernel ({@code ip -j}, {@code bridge -j}) and applies only the difference, in flannel's
 * order: neighbours, then FDB, then routes. The VTEP itself is checked on every full pass and whenever the lease
 * changed.
 */
public final class Vxlan implements Backend {
    private static final System.Logger LOG = System.getLogger(Vxlan.class.getName());
    private final BackendEnv env;
    private final BackendConfig.Vxlan config;
    private final VtepDevice device;
    private Optional<Lease> setUpFor = Optional.empty();

    /** The backend of the node {@code env} describes, configured by {@code config}. */
    public Vxlan(BackendEnv env, BackendConfig.Vxlan config) {
        this.env = env;
        this.config = config;
        this.device = VtepDevice.of(config, env.link().address(), env.link().iface(),
                existingMac(env.kernel(), config).orElseGet(() -> Mac.randomLocal(env.random())), env.link().mtu());
    }

    // A restarted agent keeps the VTEP's MAC, as flanneld does (it reads the existing link's address): peers' FDB and
    // neighbour entries stay valid, and the lease it reclaims carries the same VtepMAC.
    private static Optional<Mac> existingMac(Kernel kernel, BackendConfig.Vxlan config) {
        return new IpReader(kernel.executor()).linkDetails(kernel.netns(), VtepDevice.nameFor(config.vni()))
                .filter(l -> l.vxlan().filter(v -> v.vni() == config.vni()).isPresent()).flatMap(IpLink::mac);
    }

    @Override
    public Set<Trigger> wakesOn() {
        return env.leaseTriggers();
    }

    @Override
    public LeaseAttrs attrs() {
        return LeaseAttrs.vxlan(env.link().address(), config.vni(), device.mac());
    }

    @Override
    public void setUp(Lease self) {
        Optional<IpLink> observed = new IpReader(env.kernel().executor()).linkDetails(env.kernel().netns(),
                device.name());
        env.kernel().apply(Command.ipBatch(env.kernel().netns(), device.decide(observed, self.subnet()).ipBatch()));
        setUpFor = Optional.of(self);
    }

    @Override
    public Outcome sync(Pass pass) {
        Lease self = env.leases().self();
        if (pass.full() || !setUpFor.equals(Optional.of(self))) {
            setUp(self);
        }
        Kernel kernel = env.kernel();
        Netns ns = kernel.netns();
        IpReader ip = new IpReader(kernel.executor());
        List<IpRoute> routes = ip.routes(ns);
        DirectRouting policy = config.directRouting() ? DirectRouting.fromRoutes(routes, env.link().iface())
                : DirectRouting.off();
        VxlanPlan plan = VxlanPlanner.plan(self, env.leases().all(), device, policy);
        plan.errors().forEach(e -> LOG.log(System.Logger.Level.WARNING, "vxlan cannot reach node="
                + env.link().node() + " lease=" + e.lease().subnet() + ": " + e.message()));
        List<IpNeigh> neighs = ip.neighbours(ns, device.name());
        List<BridgeFdb> fdb = ip.fdb(ns, device.name());
        VxlanChanges changes = VxlanChanges.diff(plan, new RouteOwnership(env.network(), self.subnet()), routes,
                neighs, fdb);
        if (changes.isEmpty()) {
            return Outcome.done(0);
        }
        kernel.apply(Command.ipBatch(ns, changes.ipBatchBefore()));
        kernel.apply(new Command(ns, List.of("bridge", "-batch", "-"), changes.bridgeBatch()));
        kernel.apply(Command.ipBatch(ns, changes.ipBatchAfter()));
        return Outcome.done(changes.routes().size() + changes.neighs().size() + changes.fdb().size());
    }
}
