package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Seed 003 end to end: flannel's vxlan entries, encapsulation seen on the wire, bulk transfer under the lower MTU. */
@Tag("netns")
class VxlanIT {
    private static final String LAB = "vxlan";
    private static PodsByNode pods;

    @BeforeAll
    static void up() throws Exception {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        podwire("up", "examples/seed-003-vxlan.yaml").ok();
        pods = PodsByNode.of(LAB);
        assertEquals(2, pods.nodes().size(), "one pod per node: " + pods.nodes());
    }

    @AfterAll
    static void down() {
        if (Podwire.isRoot()) {
            podwire("down", LAB).ok();
            assertEquals(List.of(), namespaces(LAB + "-"));
        }
    }

    @Test
    void eachNodeHasOneNeighbourFdbEntryAndOnlinkRoutePerRemoteNode() {
        String link = in(LAB, "exec", "node/node-01", "--", "ip", "-d", "link", "show", "flannel.1").ok().out();
        assertTrue(link.contains("mtu 1450") && link.contains("vxlan id 1 local 192.168.211.11 dev ens33")
                && link.contains("dstport 8472") && link.contains("nolearning"), link);
        String fdb = in(LAB, "exec", "node/node-01", "--", "bridge", "fdb", "show", "dev", "flannel.1").ok().out();
        assertEquals(1, fdb.lines().count(), fdb);
        assertTrue(fdb.contains("dst 192.168.211.12 self permanent"), fdb);
        String neigh = in(LAB, "exec", "node/node-01", "--", "ip", "neigh", "show", "dev", "flannel.1").ok().out();
        assertEquals(1, neigh.lines().count(), neigh);
        assertTrue(neigh.startsWith("10.244.1.0 lladdr ") && neigh.contains("PERMANENT"), neigh);
        String mac = neigh.split("\\s+")[2];
        assertTrue(fdb.startsWith(mac + " "), "the FDB entry maps the same VTEP MAC: " + fdb);
        String routes = in(LAB, "exec", "node/node-01", "--", "ip", "route").ok().out();
        assertTrue(routes.contains("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink"), routes);
        String env = in(LAB, "exec", "node/node-02", "--", "cat", "/run/flannel/subnet.env").ok().out();
        assertTrue(env.contains("FLANNEL_MTU=1450"), env);
        String podLink = in(LAB, "exec", "pod/" + pods.pod("node-01"), "--", "ip", "link", "show", "eth0").ok().out();
        assertTrue(podLink.contains("mtu 1450"), podLink);
    }

    @Test
    void theUnderlaySeesUdp8472WithVni1AroundThePodToPodPacket() throws Exception {
        try (Capture cap = Capture.start(LAB + "-fabric", "br-lan", "udp port 8472")) {
            in(LAB, "exec", "pod/" + pods.pod("node-01"), "--", "ping", "-c", "2", "-W", "2", pods.ip("node-02")).ok();
            String decoded = cap.stopAndDecode("vxlan.vni", "ip.src", "ip.dst", "icmp.type");
            cap.delete();
            String request = "1|192.168.211.11," + pods.ip("node-01") + "|192.168.211.12," + pods.ip("node-02") + "|8";
            String reply = "1|192.168.211.12," + pods.ip("node-02") + "|192.168.211.11," + pods.ip("node-01") + "|0";
            assertTrue(decoded.contains(request), "outer node-01 -> node-02, VNI 1, inner echo request:\n" + decoded);
            assertTrue(decoded.contains(reply), "and the reply, encapsulated the other way:\n" + decoded);
        }
    }

    @Test
    void aTenMegabyteHttpTransferCrossesTheOverlayWithoutABlackHole() {
        String size = in(LAB, "exec", "pod/" + pods.pod("node-01"), "--", "curl", "-s", "-m", "30", "-o", "/dev/null",
                "-w", "%{size_download}", "http://" + pods.ip("node-02") + "/bytes?n=10000000").ok().out();
        assertEquals("10000000", size.strip());
        String reverse = in(LAB, "exec", "pod/" + pods.pod("node-02"), "--", "curl", "-s", "-m", "30", "-o", "/dev/null",
                "-w", "%{size_download}", "http://" + pods.ip("node-01") + "/bytes?n=10000000").ok().out();
        assertEquals("10000000", reverse.strip());
    }

    @Test
    void servicesAndDnsWorkUnchangedOverVxlan() {
        String out = in(LAB, "exec", "pod/" + pods.pod("node-01"), "--", "sh", "-c",
                "for i in $(seq 20); do curl -s -m 3 nginx.default/hostname; echo; done").ok().out();
        java.util.Set<String> seen = new java.util.TreeSet<>(out.lines().toList());
        assertEquals(new java.util.TreeSet<>(List.of(pods.pod("node-01"), pods.pod("node-02"))), seen,
                "the ClusterIP, found through cluster DNS, spreads over both nodes' pods across the tunnel");
    }
}
