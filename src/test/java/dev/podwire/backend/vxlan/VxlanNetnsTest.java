package dev.podwire.backend.vxlan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.backend.RouteOwnership;
import dev.podwire.host.Command;
import dev.podwire.host.Result;
import dev.podwire.net.Mac;
import dev.podwire.net.Netns;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseAttrs;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two vxlan nodes on a bridged underlay in namespaces: real VTEPs, real pings, a capture of the wire. */
@Tag("netns")
class VxlanNetnsTest {

    private record Node(Netns ns, Lease lease, VtepDevice vtep) {
    }

    /** Both nodes with fresh random VTEP MACs, as flannel makes them. */
    private static List<Node> nodes(VxlanTestLab lab) {
        Random random = new Random();
        Mac macA = Mac.randomLocal(random);
        Mac macB = Mac.randomLocal(random);
        Lease a = Lease.granted(VxlanSeed.LEASE_A.subnet(), LeaseAttrs.vxlan(VxlanSeed.IP_A, 1, macA), VxlanSeed.T0);
        Lease b = Lease.granted(VxlanSeed.LEASE_B.subnet(), LeaseAttrs.vxlan(VxlanSeed.IP_B, 1, macB), VxlanSeed.T0);
        return List.of(new Node(lab.a, a, VxlanSeed.vtep(VxlanSeed.IP_A, macA)),
                new Node(lab.b, b, VxlanSeed.vtep(VxlanSeed.IP_B, macB)));
    }

    private static DirectRouting policy(VxlanTestLab lab, Netns ns, boolean directRouting) {
        return directRouting ? DirectRouting.fromRoutes(lab.observeRoutes(ns), VxlanSeed.ETH0) : DirectRouting.off();
    }

    private static VxlanChanges changes(VxlanTestLab lab, Node node, List<Lease> leases, boolean directRouting) {
        VxlanPlan plan = VxlanPlanner.plan(node.lease(), leases, node.vtep(), policy(lab, node.ns(), directRouting));
        return VxlanChanges.diff(plan, new RouteOwnership(VxlanSeed.NETWORK, node.lease().subnet()),
                lab.observeRoutes(node.ns()), lab.observeNeighs(node.ns()), lab.observeFdb(node.ns()));
    }

    /** Observes, plans, applies on every node; then asserts a second look finds nothing left to do. */
    private static void converge(VxlanTestLab lab, List<Node> nodes, boolean directRouting) {
        List<Lease> leases = nodes.stream().map(Node::lease).toList();
        for (Node n : nodes) {
            lab.apply(n.ns(), n.vtep().decide(lab.observeVtep(n.ns()), n.lease().subnet()));
            lab.apply(n.ns(), changes(lab, n, leases, directRouting));
        }
        for (Node n : nodes) {
            assertEquals(List.of(), n.vtep().decide(lab.observeVtep(n.ns()), n.lease().subnet()).lines(),
                    "VTEP of " + n.ns() + " needs no change after apply");
            VxlanChanges again = changes(lab, n, leases, directRouting);
            assertTrue(again.isEmpty(), n.ns() + " second diff must be empty: " + again);
        }
    }

    private static Result ping(VxlanTestLab lab) {
        return lab.run(Command.of(lab.a, "ping", "-c", "2", "-W", "2", "-I", "10.244.0.1", "10.244.1.1"));
    }

    @Test
    void overlayCarriesPodTrafficInVni1AndRecreatesAnIncompatibleVtep() {
        assumeTrue(VxlanTestLab.isRoot(), "needs root");
        try (VxlanTestLab lab = VxlanTestLab.create()) {
            // A leftover flannel.1 with the wrong VNI: flannel deletes and recreates it.
            lab.ok(lab.a, "ip", "link", "add", "name", "flannel.1", "type", "vxlan", "id", "2", "local",
                    "192.168.50.1", "dev", "eth0", "dstport", "8472");
            List<Node> nodes = nodes(lab);
            VtepDecision first = nodes.get(0).vtep().decide(lab.observeVtep(lab.a), nodes.get(0).lease().subnet());
            assertInstanceOf(VtepDecision.Recreate.class, first);

            converge(lab, nodes, false);
            String route = lab.ok(lab.a, "ip", "route", "show", "10.244.1.0/24").strip();
            assertEquals("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink", route);

            List<String> frames;
            try (VxlanCapture capture = VxlanCapture.start(lab.u, VxlanTestLab.BRIDGE, "udp port 8472")) {
                Result ping = ping(lab);
                assertTrue(ping.ok(), ping.stdout() + ping.stderr());
                frames = capture.stopAndDecode(lab.exec);
            }
            // Two echo requests and two replies, each VNI 1 with outer node and inner pod addresses.
            assertTrue(frames.size() >= 4, frames.toString());
            String icmpInVxlan = "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data";
            assertTrue(frames.contains("1\t192.168.50.1,10.244.0.1\t192.168.50.2,10.244.1.1\t" + icmpInVxlan),
                    frames.toString());
            assertTrue(frames.contains("1\t192.168.50.2,10.244.1.1\t192.168.50.1,10.244.0.1\t" + icmpInVxlan),
                    frames.toString());
            converge(lab, nodes, false);
        }
    }

    @Test
    void directRoutingSendsPodTrafficPlainOverTheSegment() {
        assumeTrue(VxlanTestLab.isRoot(), "needs root");
        try (VxlanTestLab lab = VxlanTestLab.create()) {
            List<Node> nodes = nodes(lab);
            converge(lab, nodes, false);
            // Switching DirectRouting on drops the overlay entries and replaces the route.
            converge(lab, nodes, true);
            assertEquals("10.244.1.0/24 via 192.168.50.2 dev eth0",
                    lab.ok(lab.a, "ip", "route", "show", "10.244.1.0/24").strip());
            assertEquals("", lab.ok(lab.a, "bridge", "fdb", "show", "dev", "flannel.1").strip());
            assertEquals("", lab.ok(lab.a, "ip", "neigh", "show", "dev", "flannel.1").strip());

            List<String> frames;
            try (VxlanCapture capture = VxlanCapture.start(lab.u, VxlanTestLab.BRIDGE, "udp port 8472 or icmp")) {
                Result ping = ping(lab);
                assertTrue(ping.ok(), ping.stdout() + ping.stderr());
                frames = capture.stopAndDecode(lab.exec);
            }
            assertTrue(frames.stream().noneMatch(f -> f.contains("vxlan") || f.contains("udp")), frames.toString());
            assertTrue(frames.contains("\t10.244.0.1\t10.244.1.1\teth:ethertype:ip:icmp:data"), frames.toString());
        }
    }
}
