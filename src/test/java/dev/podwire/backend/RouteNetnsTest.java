package dev.podwire.backend;

import dev.podwire.testing.TestNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.backend.hostgw.HostGwPlan;
import dev.podwire.backend.hostgw.HostGwPlanner;
import dev.podwire.host.Command;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.Result;
import dev.podwire.host.ip.IpReader;
import dev.podwire.host.ip.IpRoute;
import dev.podwire.net.Cidr;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Applies host-gw route batches to a real kernel routing table inside a throw-away namespace. */
@Tag("netns")
class RouteNetnsTest {

    private static List<IpRoute> observe(TestNetns ns) {
        return new IpReader(new ProcessExecutor()).routes(ns.netns());
    }

    private static List<String> ipRoute(TestNetns ns) {
        return Arrays.stream(ns.ok("ip", "-4", "route", "show").split("\n")).map(String::strip).toList();
    }

    @Test
    void appliesDiffThenFindsNothingLeftToChange() {
        assumeTrue(TestNetns.isRoot(), "needs root");
        try (TestNetns ns = TestNetns.create("fl")) {
            ns.ok("ip", "link", "add", "ens33", "type", "veth", "peer", "name", "ens33-peer");
            ns.ok("ip", "link", "set", "ens33-peer", "up");
            ns.ok("ip", "link", "set", "ens33", "up");
            ns.ok("ip", "addr", "add", "192.168.31.201/24", "dev", "ens33");
            ns.run(Command.ipBatch(ns.netns(), """
                    route add 10.244.1.0/24 via 192.168.31.99 dev ens33
                    route add 10.244.7.0/24 via 192.168.31.207 dev ens33
                    route add 10.244.8.0/24 via 192.168.31.208 dev ens33 proto static
                    route add 10.99.0.0/16 via 192.168.31.1 dev ens33
                    route add blackhole 10.244.0.0/24
                    """)).orThrow();

            Lease master = BackendGoldenTest.MASTER;
            List<Lease> leases = List.of(master, BackendGoldenTest.NODE,
                    Lease.granted(Cidr.parse("10.244.2.0/24"), LeaseAttrs.hostGw(Ipv4.parse("192.168.31.203")),
                            BackendGoldenTest.T0),
                    Lease.granted(Cidr.parse("10.244.3.0/24"), LeaseAttrs.vxlan(Ipv4.parse("192.168.31.204"), 1,
                            Mac.parse("c6:d2:32:6f:8f:44")), BackendGoldenTest.T0),
                    Lease.granted(Cidr.parse("10.244.5.0/24"), LeaseAttrs.hostGw(Ipv4.parse("192.168.32.5")),
                            BackendGoldenTest.T0));
            HostGwPlan plan = HostGwPlanner.plan(master, leases, BackendGoldenTest.ENS33, BackendGoldenTest.UNDERLAY);
            RouteOwnership own = new RouteOwnership(BackendGoldenTest.NETWORK, master.subnet());

            String batch = RouteRenderer.render(RouteDiff.diff(own, plan.routes(), observe(ns)));
            assertEquals("""
                    route replace 10.244.1.0/24 via 192.168.31.202 dev ens33
                    route replace 10.244.2.0/24 via 192.168.31.203 dev ens33
                    route del 10.244.7.0/24 via 192.168.31.207 dev ens33
                    """, batch);
            ns.run(Command.ipBatch(ns.netns(), batch)).orThrow();

            assertEquals(List.of(), RouteDiff.diff(own, plan.routes(), observe(ns)), "second diff must be empty");
            List<String> table = ipRoute(ns);
            assertTrue(table.contains("10.244.1.0/24 via 192.168.31.202 dev ens33"), table.toString());
            assertTrue(table.contains("10.244.8.0/24 via 192.168.31.208 dev ens33 proto static"), table.toString());
            assertTrue(table.contains("10.99.0.0/16 via 192.168.31.1 dev ens33"), table.toString());
            assertTrue(table.contains("blackhole 10.244.0.0/24"), table.toString());
            assertFalse(table.stream().anyMatch(l -> l.startsWith("10.244.7.0/24")), table.toString());

            // Why the planner refuses off-subnet peers: the kernel rejects such a gateway without onlink.
            Result offSubnet = ns.run(Command.ipBatch(ns.netns(),
                    "route replace 10.244.5.0/24 via 192.168.32.5 dev ens33\n"));
            assertFalse(offSubnet.ok());
            assertTrue(offSubnet.stderr().contains("Nexthop has invalid gateway"), offSubnet.stderr());
            assertEquals(1, plan.errors().size());
        }
    }
}
