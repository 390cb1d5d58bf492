package dev.podwire.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.Result;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.LabSpec;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root only: the underlay of a lab whose segment names no gateway, built in real namespaces exactly as the daemon
 * builds it (namespaces, then each batch in order), all deleted afterwards. The host's own namespace is not touched.
 */
@Tag("netns")
class UnderlayNetnsTest {
    @TempDir
    Path tmp;

    @Test
    void aNodeOnASegmentWithoutGatewayRoutesAClusterIpAndReachesItsDefaultGateway() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        String name = "pwtgw" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        Path file = tmp.resolve("lab.yaml");
        Files.writeString(file, Files.readString(Path.of("src/test/resources/dev/podwire/labfile/lab-base.yaml"))
                .replace("metadata: {name: t}", "metadata: {name: " + name + "}"));
        LabSpec lab = LabFiles.load(List.of(file)).lab();
        UnderlayPlan plan = UnderlayPlanner.plan(lab);
        Executor exec = new ProcessExecutor();
        try {
            for (Netns ns : plan.namespaces()) {
                exec.run(Command.of(Netns.HOST, "ip", "netns", "add", ns.name())).orThrow();
            }
            plan.batches().forEach(b -> exec.run(Command.ipBatch(b.netns(), b.lines())).orThrow());
            Netns n1 = new LabNames(name).machine("n1");
            // Without a default route this fails with "Network is unreachable", and so does any connection to a
            // ClusterIP from the node itself: routing runs before kube-proxy's DNAT can rewrite the destination.
            Result route = exec.run(Command.of(n1, "ip", "route", "get", "10.96.0.1"));
            assertEquals(0, route.exitCode(), route.stderr());
            assertTrue(route.stdout().contains("10.96.0.1 via 192.168.31.1 dev eth0"), route.stdout());
            // The gateway answers (ARP and ping) on the fabric's bridge.
            Result ping = exec.run(Command.of(n1, "ping", "-c", "1", "-W", "2", "192.168.31.1"));
            assertEquals(0, ping.exitCode(), ping.stdout() + ping.stderr());
        } finally {
            plan.namespaces().forEach(ns -> exec.run(Command.of(Netns.HOST, "ip", "netns", "del", ns.name())));
        }
    }
}
