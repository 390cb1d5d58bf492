package dev.podwire.lab;

import static dev.podwire.golden.Golden.assertGolden;

import dev.podwire.cluster.KindRegistry;
import dev.podwire.labfile.LabFiles;
import java.nio.file.Path;
import java.util.List;
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
    void rendersSeed002GatewayRoutesNodeRoutesAndTheGatewaysOwnRulesAfterTheSysctls() {
        var lab = LabFiles.load(List.of(Path.of("examples/seed-002-vpn.yaml")), KindRegistry.DEFAULT.all()).lab();
        assertGolden("dev/podwire/lab/seed-002/underlay.txt", UnderlayPlanner.plan(lab).render());
    }
}
