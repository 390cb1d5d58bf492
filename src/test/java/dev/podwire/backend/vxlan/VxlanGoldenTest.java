package dev.podwire.backend.vxlan;

import dev.podwire.golden.Golden;

import dev.podwire.subnet.Lease;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** seed-003 (see the scenario's README.md): two vxlan nodes on 192.168.50.0/24, Network 10.244.0.0/16, VNI 1. */
class VxlanGoldenTest {

    private void checkNode(String node, Lease self, VtepDevice dev) {
        Golden.assertGolden(getClass(), "seed-003", node + "-vtep.batch",
                dev.decide(Optional.empty(), self.subnet()).ipBatch());
        VxlanChanges overlay = VxlanChanges.of(VxlanPlanner.plan(self, VxlanSeed.LEASES, dev, DirectRouting.off()));
        Golden.assertGolden(getClass(), "seed-003", node + "-neigh.batch", overlay.ipBatchBefore());
        Golden.assertGolden(getClass(), "seed-003", node + "-fdb.batch", overlay.bridgeBatch());
        Golden.assertGolden(getClass(), "seed-003", node + "-routes.batch", overlay.ipBatchAfter());
        VxlanChanges direct = VxlanChanges.of(VxlanPlanner.plan(self, VxlanSeed.LEASES, dev,
                DirectRouting.on(VxlanSeed.CONNECTED)));
        Golden.assertGolden(getClass(), "seed-003", node + "-directrouting-routes.batch",
                direct.ipBatchBefore() + direct.bridgeBatch() + direct.ipBatchAfter());
    }

    @Test
    void rendersSeed003BatchesForNodeA() {
        checkNode("node-a", VxlanSeed.LEASE_A, VxlanSeed.vtepA());
    }

    @Test
    void rendersSeed003BatchesForNodeB() {
        checkNode("node-b", VxlanSeed.LEASE_B, VxlanSeed.vtepB());
    }
}
