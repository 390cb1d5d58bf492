package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Seed 004's routed underlay: vxlan with DirectRouting across a router, proven by captures; host-gw refused. */
@Tag("netns")
class RoutedVxlanIT {
    private static final String LAB = "routed";
    private static PodsByNode pods;

    @BeforeAll
    static void up() throws Exception {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        podwire("up", "examples/seed-004-routed.yaml").ok();
        pods = PodsByNode.of(LAB);
        assertEquals(List.of("node1", "node2", "node3"), List.copyOf(pods.nodes()));
    }

    @AfterAll
    static void down() {
        if (Podwire.isRoot()) {
            podwire("down", LAB).ok();
            assertEquals(List.of(), namespaces(LAB + "-"));
        }
    }

    @Test
    void everyPodReachesEveryOtherAcrossTheRouter() {
        for (String from : pods.nodes()) {
            for (String to : pods.nodes()) {
                String host = in(LAB, "exec", "pod/" + pods.pod(from), "--", "curl", "-s", "-m", "5",
                        "http://" + pods.ip(to) + "/hostname").ok().out();
                assertEquals(pods.pod(to), host);
            }
        }
    }

    @Test
    void directRoutingStaysDirectInsideASegmentAndTunnelsAcrossTheRouter() throws Exception {
        String routes = in(LAB, "exec", "node/node1", "--", "ip", "route").ok().out();
        assertTrue(routes.contains("10.244.1.0/24 via 10.100.0.3 dev eth0"), routes);
        assertTrue(routes.contains("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"), routes);
        try (Capture cap = Capture.start(LAB + "-fabric", "br-rack1", "icmp or udp port 8472")) {
            in(LAB, "exec", "pod/" + pods.pod("node1"), "--", "ping", "-c", "1", "-W", "2", pods.ip("node2")).ok();
            in(LAB, "exec", "pod/" + pods.pod("node1"), "--", "ping", "-c", "1", "-W", "2", pods.ip("node3")).ok();
            String decoded = cap.stopAndDecode("vxlan.vni", "ip.src", "ip.dst", "icmp.type");
            cap.delete();
            // Same segment: the pod-to-pod ICMP travels bare, node1's pod straight to node2's.
            assertTrue(decoded.contains("|" + pods.ip("node1") + "|" + pods.ip("node2") + "|8"), decoded);
            assertFalse(decoded.contains("10.100.0.2,10.244.0.2|10.100.0.3"), "no tunnel inside rack1:\n" + decoded);
            // Across the router: outer node1 -> node3 UDP 8472 with VNI 1 around the same kind of packet.
            assertTrue(decoded.contains("1|10.100.0.2," + pods.ip("node1") + "|10.100.1.2," + pods.ip("node3") + "|8"),
                    decoded);
        }
    }

    @Test
    void hostGwIsRefusedOnThisTopologyNamingTheRouter() throws Exception {
        Path file = Files.createTempFile("routed-hostgw", ".yaml");
        Files.writeString(file, Files.readString(Path.of("examples/seed-004-routed.yaml"))
                .replace("Backend: {Type: vxlan, DirectRouting: true}", "Backend: {Type: host-gw}")
                .replace("name: routed}", "name: routedgw}").replace("name: routed\n", "name: routedgw\n"));
        try {
            var run = podwire("up", file.toString());
            assertEquals(2, run.code(), run.err());
            assertTrue(run.err().contains("node node3 is on segment rack2") && run.err().contains("router core")
                    && run.err().contains("L2 adjacency") && run.err().contains("vxlan"), run.err());
            assertEquals(List.of(), namespaces("routedgw-"));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
