package dev.podwire.backend.hostgw;

import dev.podwire.backend.Backend;
import dev.podwire.backend.BackendEnv;
import dev.podwire.backend.RouteChange;
import dev.podwire.backend.RouteDiff;
import dev.podwire.backend.RouteOwnership;
import dev.podwire.backend.RouteRenderer;
import dev.podwire.host.Command;
import dev.podwire.host.ip.IpReader;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import dev.podwire.sync.Trigger;
import java.util.List;
import java.util.Set;

/**
 * flannel's host-gw backend on one node: {@code <remote subnet> via <remote node IP> dev <iface>} for every other
 * host-gw lease, planned ({@link HostGwPlanner}), diffed against {@code ip -j route} and applied as one
 * {@code ip -batch}. Every sync reads the routes back, so a route deleted by hand is back on the next one.
 */
public final class HostGw implements Backend {
    private static final System.Logger LOG = System.getLogger(HostGw.class.getName());
    private final BackendEnv env;

    /** The backend of the node {@code env} describes. */
    public HostGw(BackendEnv env) {
        this.env = env;
    }

    @Override
    public Set<Trigger> wakesOn() {
        return env.leaseTriggers();
    }

    @Override
    public LeaseAttrs attrs() {
        return LeaseAttrs.hostGw(env.link().address());
    }

    @Override
    public void setUp(Lease self) {
        // host-gw has no device of its own: the node's interface carries everything.
    }

    @Override
    public Outcome sync(Pass pass) {
        Lease self = env.leases().self();
        HostGwPlan plan = HostGwPlanner.plan(self, env.leases().all(), env.link().iface(), env.link().segment());
        plan.errors().forEach(e -> LOG.log(System.Logger.Level.WARNING, "host-gw cannot route node="
                + env.link().node() + " lease=" + e.lease().subnet() + ": " + e.message()));
        List<RouteChange> changes = RouteDiff.diff(new RouteOwnership(env.network(), self.subnet()), plan.routes(),
                new IpReader(env.kernel().executor()).routes(env.kernel().netns()));
        env.kernel().apply(Command.ipBatch(env.kernel().netns(), RouteRenderer.render(changes)));
        return Outcome.done(changes.size());
    }
}
