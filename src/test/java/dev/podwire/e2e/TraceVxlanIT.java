package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static dev.podwire.e2e.Podwire.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code podwire trace} over flannel's vxlan backend (src/test/resources/e2e/trace-vxlan.yaml): the hop that leaves
 * through flannel.1 shows the outer header node → node, UDP 8472, VNI 1 and the peer's VTEP MAC as captured on the
 * underlay; {@code --pcap DIR} writes one capture per namespace that tshark decodes, VXLAN included; two traces at
 * once both finish; and a daemon killed mid-trace leaves monitors that {@code podwire down} ends.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TraceVxlanIT {
    private static final String LAB = "trcx";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void up() {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        podwire("up", "src/test/resources/e2e/trace-vxlan.yaml").ok();
    }

    @AfterAll
    static void down() {
        if (Podwire.isRoot()) {
            podwire("down", LAB);
            assertEquals(List.of(), namespaces(LAB + "-"));
        }
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        TraceLeftovers.assertNoneWithin10s(LAB);
    }

    private static String podIp(String pod) throws Exception {
        return JSON.readTree(in(LAB, "get", "pod", pod, "-o", "json").ok().out()).path("status").path("podIP")
                .asText();
    }

    private static JsonNode trace(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("-o", "json"));
        a.addAll(List.of(args));
        return JSON.readTree(in(LAB, "trace", a.toArray(String[]::new)).ok().out());
    }

    private static List<String> places(JsonNode path, String dir) {
        List<String> out = new ArrayList<>();
        path.path(dir).forEach(h -> out.add(h.path("place").asText()));
        return out;
    }

    /** {@return the MAC of flannel.1 in a node: the VTEP address its peers put in their neighbour tables} */
    private static String vtepMac(String node) throws Exception {
        return JSON.readTree(in(LAB, "exec", "node/" + node, "--", "ip", "-j", "link", "show", "flannel.1").ok().out())
                .path(0).path("address").asText();
    }

    private static void assertVxlan(JsonNode hop, String from, String to, String peerMac) {
        assertEquals("flannel.1", hop.path("outcome").path("device").asText(), hop.toPrettyString());
        JsonNode x = hop.path("encapsulation");
        assertEquals("vxlan", x.path("type").asText(), hop.toPrettyString());
        assertEquals(1, x.path("vni").asInt());
        assertEquals(from, x.path("outerSrc").asText());
        assertEquals(to, x.path("outerDst").asText());
        assertEquals(8472, x.path("port").asInt());
        assertEquals(peerMac, x.path("innerDstMac").asText());
        assertEquals("ens33", x.path("underlay").asText());
        assertEquals("capture", x.path("source").asText(), "the outer header was seen on the wire: " + x);
    }

    @Test
    @Order(1)
    void podToPodAcrossNodesIsEncapsulatedToThePeersVtep() throws Exception {
        JsonNode t = trace("pod/client-1", "pod/web-2:80");
        assertEquals("delivered", t.path("verdict").path("status").asText(), t.toPrettyString());
        assertEquals(List.of("pod/default/client-1", "node/x1", "node/x2", "pod/default/web-2"), places(t, "request"));
        JsonNode x1 = t.path("request").get(1);
        assertEquals("10.244.1.0", x1.path("route").path("via").asText());
        assertVxlan(x1, "192.168.78.11", "192.168.78.12", vtepMac("x2"));
        assertEquals("flannel.1", t.path("request").get(2).path("entered").path("in").asText());
        assertVxlan(t.path("reply").get(1), "192.168.78.12", "192.168.78.11", vtepMac("x1"));
    }

    @Test
    @Order(2)
    void textOutputNamesTheTunnelAndTheCapturedOuterHeader() {
        String out = in(LAB, "trace", "pod/client-1", "svc/web").ok().out();
        assertTrue(out.contains("-j DNAT") && out.contains("out     flannel.1  10.244.0."), out);
        assertTrue(out.contains("encap   VXLAN VNI 1 via flannel.1 over ens33: outer 192.168.78.11 → 192.168.78.12 "
                + "udp/8472, inner dst MAC "), out);
        assertTrue(out.contains("(captured on the underlay)"), out);
    }

    @Test
    @Order(3)
    void pcapDirHoldsOneCapturePerNamespaceThatTsharkDecodes() throws Exception {
        Path dir = Files.createTempDirectory("trcx-pcap");
        try {
            JsonNode t = trace("--pcap", dir.toString(), "pod/client-1", "pod/web-2:80");
            assertEquals("delivered", t.path("verdict").path("status").asText());
            int sport = t.path("probe").path("sourcePort").asInt();
            List<String> files;
            try (var list = Files.list(dir)) {
                files = list.map(p -> p.getFileName().toString()).sorted().toList();
            }
            for (String f : List.of("node_x1.pcap", "node_x2.pcap", "pod_default_client-1.pcap",
                    "pod_default_web-2.pcap")) {
                assertTrue(files.contains(f), files.toString());
            }
            // The probe's SYN as the client sent it ...
            String client = tshark(dir.resolve("pod_default_client-1.pcap"), "tcp.flags.syn==1 && tcp.flags.ack==0",
                    "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport");
            // Addresses as allocated (in etcd mode the coredns pods may be wired first and take .2).
            String from = podIp("client-1");
            String to = podIp("web-2");
            assertEquals(from + "\t" + to + "\t" + sport + "\t80", client.strip(), client);
            // ... and on node x1's underlay, inside VXLAN: outer x1 → x2, UDP 8472, VNI 1 (tshark's own decoder).
            String wire = tshark(dir.resolve("node_x1.pcap"), "vxlan && tcp.srcport==" + sport
                    + " && tcp.flags.syn==1 && tcp.flags.ack==0", "ip.src", "ip.dst", "udp.dstport", "vxlan.vni");
            assertEquals("192.168.78.11," + from + "\t192.168.78.12," + to + "\t8472\t1", wire.lines().findFirst()
                    .orElse("").strip(), wire);
        } finally {
            sh("rm", "-rf", dir.toString());
        }
    }

    private static String tshark(Path pcap, String filter, String... fields) {
        List<String> argv = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-d", "udp.port==8472,vxlan",
                "-Y", filter, "-T", "fields"));
        for (String f : fields) {
            argv.add("-e");
            argv.add(f);
        }
        Podwire.Run r = sh(argv);
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    @Test
    @Order(4)
    void twoTracesAtOnceBothFinishWithTheirOwnPath() throws Exception {
        List<String> base = List.of(Podwire.HOME.resolve("podwire").toString(), "trace", "--lab", LAB, "-o", "json");
        List<String> a = new ArrayList<>(base);
        a.addAll(List.of("pod/client-1", "pod/web-2:80"));
        List<String> b = new ArrayList<>(base);
        b.addAll(List.of("pod/client-1", "svc/web"));
        Process pa = new ProcessBuilder(a).start();
        Process pb = new ProcessBuilder(b).start();
        JsonNode ta = JSON.readTree(pa.getInputStream());
        JsonNode tb = JSON.readTree(pb.getInputStream());
        assertTrue(pa.waitFor(30, TimeUnit.SECONDS) && pb.waitFor(30, TimeUnit.SECONDS));
        assertEquals("delivered", ta.path("verdict").path("status").asText(), ta.toPrettyString());
        assertEquals("delivered", tb.path("verdict").path("status").asText(), tb.toPrettyString());
        assertEquals(4, places(ta, "request").size());
        assertEquals(4, places(tb, "request").size());
        assertTrue(tb.path("request").get(1).path("rules").toString().contains("-j DNAT"), tb.toPrettyString());
    }

    @Test
    @Order(100)
    void downEndsTheMonitorsOfADaemonKilledMidTrace() throws Exception {
        Path record = Path.of("/run/podwire", LAB, "lab.json");
        Process cli = new ProcessBuilder(Podwire.HOME.resolve("podwire").toString(), "trace", "--lab", LAB,
                "pod/client-1", "10.99.0.1:80").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> monitors = new ArrayList<>();
        for (int i = 0; i < 100 && monitors.isEmpty(); i++) {
            Thread.sleep(20);
            JSON.readTree(record.toFile()).path("processes").forEach(p -> monitors.add(p.path("pid").asLong()));
        }
        assertFalse(monitors.isEmpty(), "the trace recorded its monitors");
        long daemon = JSON.readTree(record.toFile()).path("daemonPid").asLong();
        sh("kill", "-9", String.valueOf(daemon));
        cli.waitFor(10, TimeUnit.SECONDS);
        assertTrue(monitors.stream().anyMatch(TraceVxlanIT::alive), "monitors run on without the daemon");
        podwire("down", LAB).ok();
        Thread.sleep(500);
        assertEquals(List.of(), monitors.stream().filter(TraceVxlanIT::alive).toList(), "down ended the monitors");
        assertEquals(List.of(), namespaces(LAB + "-"));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
