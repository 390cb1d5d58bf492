package dev.podwire.backend;

import dev.podwire.golden.Golden;
import dev.podwire.backend.hostgw.HostGwPlan;
import dev.podwire.backend.hostgw.HostGwPlanner;
import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;

import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** seed-000 (see the scenario's README.md): two host-gw nodes on 192.168.31.0/24, Network 10.244.0.0/16. */
class BackendGoldenTest {
    static final Cidr NETWORK = Cidr.parse("10.244.0.0/16");
    static final Cidr UNDERLAY = Cidr.parse("192.168.31.0/24");
    static final IfName ENS33 = IfName.of("ens33");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Lease MASTER = Lease.granted(Cidr.parse("10.244.0.0/24"),
            LeaseAttrs.hostGw(Ipv4.parse("192.168.31.201")), T0);
    static final Lease NODE = Lease.granted(Cidr.parse("10.244.1.0/24"),
            LeaseAttrs.hostGw(Ipv4.parse("192.168.31.202")), T0);

    @Test
    void rendersSeed000RoutesForBothNodes() {
        HostGwPlan master = HostGwPlanner.plan(MASTER, List.of(MASTER, NODE), ENS33, UNDERLAY);
        HostGwPlan node = HostGwPlanner.plan(NODE, List.of(MASTER, NODE), ENS33, UNDERLAY);
        Golden.assertGolden(getClass(), "seed-000", "master-routes.batch", RouteRenderer.render(
                RouteDiff.diff(new RouteOwnership(NETWORK, MASTER.subnet()), master.routes(), List.of())));
        Golden.assertGolden(getClass(), "seed-000", "node-routes.batch", RouteRenderer.render(node.routes()));
    }

    @Test
    void rendersSeed000FlannelRules() {
        FlannelRules master = FlannelRules.of(NETWORK, MASTER.subnet(), true);
        Golden.assertGolden(getClass(), "seed-000", "master-flannel.rules", master.restorePayload());
        Golden.assertGolden(getClass(), "seed-000", "node-flannel-nomasq.rules",
                FlannelRules.of(NETWORK, NODE.subnet(), false).restorePayload());
    }
}
