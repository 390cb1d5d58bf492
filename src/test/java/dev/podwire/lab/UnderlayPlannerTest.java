package dev.podwire.lab;

import static dev.podwire.golden.Golden.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.cluster.KindRegistry;
import dev.podwire.labfile.LabFiles;
import dev.podwire.net.Ipv4;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UnderlayPlannerTest {

    @Test
    void rendersSeed000AsOneBridgeTwoNodesWithTheSeedsAddressesAndGateway() {
        var lab = LabFiles.load(List.of(Path.of("examples/seed-000-hostgw.yaml")), KindRegistry.DEFAULT.all()).lab();
        assertGolden("dev/podwire/lab/seed-000/underlay.txt", UnderlayPlanner.plan(lab).render());
    }

    @Test
    void rendersRoutersHostsAndShortNamesWithExplicitIpKeywords() {
        var lab = LabFiles.load(List.of(Path.of("src/test/resources/dev/podwire/lab/hosts-and-routers/lab.yaml")),
                KindRegistry.DEFAULT.all()).lab();
        assertGolden("dev/podwire/lab/hosts-and-routers/underlay.txt", UnderlayPlanner.plan(lab).render());
    }

    @Test
    void nodesOfASegmentWithoutGatewayRouteThroughItsFirstAddressWhichTheBridgeAnswers() {
        var lab = LabFiles.load(List.of(Path.of("src/test/resources/dev/podwire/lab/no-gateway/lab.yaml"))).lab();
        Map<String, Machine> machines = UnderlayPlanner.machines(lab).stream()
                .collect(Collectors.toMap(Machine::name, m -> m));
        assertEquals(Optional.of(Ipv4.parse("192.168.31.1")), machines.get("n1").defaultGateway());
        assertEquals(Optional.of(Ipv4.parse("192.168.31.1")), machines.get("n2").defaultGateway());
        // The router holds dmz's first address: it is n3's gateway, and its routes to lan come with the default.
        assertEquals(Optional.of(Ipv4.parse("10.1.0.1")), machines.get("n3").defaultGateway());
        assertEquals(List.of(), machines.get("n3").routes());
        // Hosts keep exactly the routes their file gives them.
        assertEquals(Optional.empty(), machines.get("office").defaultGateway());

        Map<String, String> batches = UnderlayPlanner.plan(lab).batches().stream()
                .collect(Collectors.toMap(b -> b.netns().name(), UnderlayPlan.Batch::lines));
        assertTrue(batches.get("nogw-fabric").contains("addr add 192.168.31.1/24 dev br-lan\n"),
                batches.get("nogw-fabric"));
        assertFalse(batches.get("nogw-fabric").contains("dev br-dmz\n"), batches.get("nogw-fabric"));
        assertTrue(batches.get("nogw-n1").contains("route add default via 192.168.31.1 dev eth0 proto static"
                + " metric 100\n"), batches.get("nogw-n1"));
        assertTrue(batches.get("nogw-n3").contains("route add default via 10.1.0.1 dev eth0"), batches.get("nogw-n3"));
        assertFalse(batches.get("nogw-office").contains("default"), batches.get("nogw-office"));
    }

    @Test
    void nodesWithTheirOwnDefaultRouteLeaveTheBridgeWithoutTheFirstAddress() {
        var lab = LabFiles.load(List.of(Path.of("src/test/resources/dev/podwire/lab/no-gateway/own-default.yaml")))
                .lab();
        UnderlayPlanner.machines(lab).forEach(m -> assertEquals(Optional.empty(), m.defaultGateway(), m.name()));
        String fabric = UnderlayPlanner.plan(lab).batches().getFirst().lines();
        assertFalse(fabric.contains("addr add"), fabric);
    }

    @Test
    void rendersSeed002GatewayRoutesNodeRoutesAndTheGatewaysOwnRulesAfterTheSysctls() {
        var lab = LabFiles.load(List.of(Path.of("examples/seed-002-vpn.yaml")), KindRegistry.DEFAULT.all()).lab();
        assertGolden("dev/podwire/lab/seed-002/underlay.txt", UnderlayPlanner.plan(lab).render());
    }
}
