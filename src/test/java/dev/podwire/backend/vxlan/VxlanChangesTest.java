package dev.podwire.backend.vxlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.backend.RouteOwnership;
import dev.podwire.host.ip.BridgeFdb;
import dev.podwire.host.ip.IpNeigh;
import dev.podwire.host.ip.IpRoute;
import java.util.List;
import org.junit.jupiter.api.Test;

class VxlanChangesTest {
    static final String FDB_B =
            "[{\"mac\":\"4a:4a:ee:b9:cb:2d\",\"dst\":\"192.168.50.2\",\"flags\":[\"self\"],\"state\":\"permanent\"}]";
    static final String NEIGH_B =
            "[{\"dst\":\"10.244.1.0\",\"lladdr\":\"4a:4a:ee:b9:cb:2d\",\"state\":[\"PERMANENT\"]}]";
    static final String ROUTE_B =
            "[{\"dst\":\"10.244.1.0/24\",\"gateway\":\"10.244.1.0\",\"dev\":\"flannel.1\",\"flags\":[\"onlink\"]}]";
    static final RouteOwnership OWN = new RouteOwnership(VxlanSeed.NETWORK, VxlanSeed.LEASE_A.subnet());

    static VxlanPlan planA() {
        return VxlanPlanner.plan(VxlanSeed.LEASE_A, VxlanSeed.LEASES, VxlanSeed.vtepA(), DirectRouting.off());
    }

    static VxlanChanges diff(String routes, String neighs, String fdb) {
        return VxlanChanges.diff(planA(), OWN, IpRoute.parse(routes),
                IpNeigh.parse(neighs, VtepDevice.nameFor(1)), BridgeFdb.parse(fdb, VtepDevice.nameFor(1)));
    }

    @Test
    void findsNothingToDoWhenKernelMatchesPlan() {
        VxlanChanges changes = diff("""
                [{"dst":"10.244.1.0/24","gateway":"10.244.1.0","dev":"flannel.1","flags":["onlink"]},
                 {"dst":"192.168.50.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.168.50.1"}]""",
                "[{\"dst\":\"10.244.1.0\",\"lladdr\":\"4a:4a:ee:b9:cb:2d\",\"state\":[\"PERMANENT\"]}]",
                FDB_B);
        assertTrue(changes.isEmpty(), changes.toString());
        assertEquals("", changes.ipBatchBefore() + changes.bridgeBatch() + changes.ipBatchAfter());
    }

    @Test
    void deletesStalePermanentEntriesAndLeavesForeignOnes() {
        VxlanChanges changes = diff("""
                [{"dst":"10.244.9.0/24","gateway":"10.244.9.0","dev":"flannel.1","flags":["onlink"]},
                 {"dst":"10.244.8.0/24","gateway":"10.244.8.0","dev":"flannel.1","protocol":"static",
                  "flags":["onlink"]}]""",
                """
                [{"dst":"10.244.9.0","lladdr":"6e:00:00:00:00:09","state":["PERMANENT"]},
                 {"dst":"10.244.7.7","lladdr":"6e:00:00:00:00:07","state":["STALE"]},
                 {"dst":"10.244.6.6","state":["FAILED"]},
                 {"dst":"fe80::1","lladdr":"6e:00:00:00:00:01","state":["STALE"]}]""",
                """
                [{"mac":"6e:00:00:00:00:09","dst":"192.168.50.9","flags":["self"],"state":"permanent"},
                 {"mac":"00:00:00:00:00:00","dst":"192.168.50.254","flags":["self"],"state":"permanent"},
                 {"mac":"33:33:00:00:00:01","flags":["self"],"state":"permanent"},
                 {"mac":"6e:00:00:00:00:08","dst":"192.168.50.8","flags":["self"],"state":""}]""");
        assertEquals("""
                route del 10.244.9.0/24 via 10.244.9.0 dev flannel.1
                neigh del 10.244.9.0 dev flannel.1
                neigh replace 10.244.1.0 lladdr 4a:4a:ee:b9:cb:2d dev flannel.1 nud permanent
                """, changes.ipBatchBefore());
        assertEquals("""
                fdb del 6e:00:00:00:00:09 dev flannel.1 dst 192.168.50.9 self
                fdb replace 4a:4a:ee:b9:cb:2d dev flannel.1 dst 192.168.50.2 self permanent
                """, changes.bridgeBatch());
        assertEquals("route replace 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink\n", changes.ipBatchAfter());
    }

    @Test
    void overwritesPeerThatMovedInsteadOfDeletingIt() {
        VxlanChanges changes = diff("[]",
                "[{\"dst\":\"10.244.1.0\",\"lladdr\":\"4a:00:00:00:00:01\",\"state\":[\"PERMANENT\"]}]",
                FDB_B.replace("192.168.50.2", "192.168.50.99"));
        assertEquals("neigh replace 10.244.1.0 lladdr 4a:4a:ee:b9:cb:2d dev flannel.1 nud permanent\n",
                changes.ipBatchBefore());
        assertEquals("fdb replace 4a:4a:ee:b9:cb:2d dev flannel.1 dst 192.168.50.2 self permanent\n",
                changes.bridgeBatch());
    }

    @Test
    void deletesExtraRemotesOfAPlannedMac() {
        VxlanChanges changes = diff("[]", "[]", """
                [{"mac":"4a:4a:ee:b9:cb:2d","dst":"192.168.50.2","flags":["self"],"state":"permanent"},
                 {"mac":"4a:4a:ee:b9:cb:2d","dst":"192.168.50.3","flags":["self"],"state":"permanent"}]""");
        assertEquals("fdb del 4a:4a:ee:b9:cb:2d dev flannel.1 dst 192.168.50.3 self\n", changes.bridgeBatch());
    }

    @Test
    void switchingToDirectRoutingReplacesRouteAndDropsOverlayEntries() {
        VxlanPlan direct = VxlanPlanner.plan(VxlanSeed.LEASE_A, VxlanSeed.LEASES, VxlanSeed.vtepA(),
                DirectRouting.on(VxlanSeed.CONNECTED));
        VxlanChanges changes = VxlanChanges.diff(direct, OWN, IpRoute.parse(ROUTE_B),
                IpNeigh.parse(NEIGH_B, VtepDevice.nameFor(1)), BridgeFdb.parse(FDB_B, VtepDevice.nameFor(1)));
        assertEquals("neigh del 10.244.1.0 dev flannel.1\n", changes.ipBatchBefore());
        assertEquals("fdb del 4a:4a:ee:b9:cb:2d dev flannel.1 dst 192.168.50.2 self\n", changes.bridgeBatch());
        assertEquals("route replace 10.244.1.0/24 via 192.168.50.2 dev eth0\n", changes.ipBatchAfter());
    }
}
