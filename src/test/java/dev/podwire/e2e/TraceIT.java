package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static dev.podwire.e2e.Podwire.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code podwire trace} against the real kernel in a three-node host-gw lab (src/test/resources/e2e/trace-hostgw.yaml):
 * the printed path names the kube-proxy rules, DNAT target, interfaces and verdict a person would find with tcpdump
 * and iptables-save, and after every trace (also one interrupted with SIGINT) no trace table and no monitor is left.
 */
@Tag("netns")
class TraceIT {
    private static final String LAB = "trc";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void up() {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        podwire("up", "src/test/resources/e2e/trace-hostgw.yaml").ok();
    }

    @AfterAll
    static void down() {
        if (Podwire.isRoot()) {
            podwire("down", LAB).ok();
            assertEquals(List.of(), namespaces(LAB + "-"));
        }
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        TraceLeftovers.assertNoneWithin10s(LAB);
    }

    static JsonNode trace(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("-o", "json"));
        a.addAll(List.of(args));
        return JSON.readTree(in(LAB, "trace", a.toArray(String[]::new)).ok().out());
    }

    static List<String> places(JsonNode path, String dir) {
        List<String> out = new ArrayList<>();
        path.path(dir).forEach(h -> out.add(h.path("place").asText()));
        return out;
    }

    @Test
    void podToPodOnTheSameNodeCrossesOnlyTheBridge() throws Exception {
        JsonNode t = trace("pod/client-a", "pod/web-a:80");
        assertEquals("delivered", t.path("verdict").path("status").asText(), t.toPrettyString());
        assertEquals(List.of("pod/default/client-a", "node/a", "pod/default/web-a"), places(t, "request"));
        assertEquals("cni0", t.path("request").get(1).path("entered").path("in").asText());
    }

    @Test
    void podToPodAcrossNodesIsRoutedViaThePeerNodeAddress() throws Exception {
        JsonNode t = trace("pod/client-a", "pod/web-b:80");
        assertEquals("delivered", t.path("verdict").path("status").asText(), t.toPrettyString());
        assertEquals(List.of("pod/default/client-a", "node/a", "node/b", "pod/default/web-b"), places(t, "request"));
        JsonNode a = t.path("request").get(1);
        assertEquals("192.168.77.12", a.path("route").path("via").asText());
        assertEquals("ens33", a.path("route").path("dev").asText());
        assertEquals(List.of("pod/default/web-b", "node/b", "node/a", "pod/default/client-a"), places(t, "reply"));
    }

    @Test
    void podToClusterIpShowsKubeProxyChainsAndTheChosenEndpoint() throws Exception {
        JsonNode t = trace("pod/client-a", "svc/web:80");
        assertEquals("delivered", t.path("verdict").path("status").asText(), t.toPrettyString());
        JsonNode node = t.path("request").get(1);
        List<String> rules = new ArrayList<>();
        node.path("rules").forEach(r -> rules.add(r.path("rule").asText()));
        assertTrue(rules.stream().anyMatch(r -> r.startsWith("-A KUBE-SERVICES") && r.contains("default/web cluster IP")),
                rules.toString());
        String dnat = rules.stream().filter(r -> r.contains("-j DNAT")).findFirst().orElseThrow();
        String endpoint = t.path("request").get(t.path("request").size() - 1).path("left").path("dst").asText();
        assertTrue(dnat.startsWith("-A KUBE-SEP-") && dnat.contains("--to-destination " + endpoint + ":80"), dnat);
        assertTrue(t.path("conntrack").get(0).path("dnat").asBoolean(), t.path("conntrack").toString());
    }

    @Test
    void hostToNodePortIsSnattedToTheEndpointAndBack() throws Exception {
        JsonNode t = trace("host/office", "node/c:30080");
        assertEquals("delivered", t.path("verdict").path("status").asText(), t.toPrettyString());
        List<String> req = places(t, "request");
        assertEquals("host/office", req.getFirst());
        assertEquals("node/c", req.get(1));
        assertEquals(4, req.size(), req.toString());
        assertEquals("192.168.77.13", t.path("request").get(1).path("left").path("src").asText());
        assertEquals("host/office", places(t, "reply").getLast());
    }

    @Test
    void serviceWithoutEndpointsIsRejectedByNamedRule() throws Exception {
        // The node's default route (its segment names no gateway, so the first address, on the bridge) lets the
        // packet reach kube-proxy's REJECT in FORWARD: without any route, routing would drop it before.
        JsonNode t = trace("pod/client-a", "svc/nobody:80");
        assertEquals("dropped", t.path("verdict").path("status").asText());
        assertEquals("node/a", t.path("verdict").path("where").asText());
        String why = t.path("verdict").path("explanation").asText();
        assertTrue(why.contains("default/nobody has no endpoints") && why.contains("-j REJECT"), why);
        assertEquals("icmp_error", t.path("reply").get(0).path("kind").asText());
    }

    @Test
    void missingRouteIsShownWithTheFailedLookup() throws Exception {
        // Without node a's default route (the first address of its segment, which names no gateway), 10.99.0.1 is
        // unroutable there.
        in(LAB, "exec", "node/a", "--", "ip", "route", "del", "default").ok();
        JsonNode t;
        try {
            t = trace("pod/client-a", "10.99.0.1:80");
        } finally {
            in(LAB, "exec", "node/a", "--", "ip", "route", "add", "default", "via", "192.168.77.1", "dev", "ens33",
                    "proto", "static", "metric", "100").ok();
        }
        assertEquals("dropped", t.path("verdict").path("status").asText(), t.toPrettyString());
        assertEquals("node/a", t.path("verdict").path("where").asText());
        assertTrue(t.path("verdict").path("explanation").asText().startsWith("no route to 10.99.0.1 in node/a (ip "
                + "route get 10.99.0.1 from "), t.path("verdict").toString());
    }

    @Test
    void sigintToTheCliLeavesNoTableAndNoMonitor() throws Exception {
        Process p = new ProcessBuilder(Podwire.HOME.resolve("podwire").toString(), "trace", "--lab", LAB,
                "pod/client-a", "10.99.0.1:80").start();
        // Interrupt only once the trace is really under way (its table is installed), or the test proves nothing.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean underWay = false;
        while (!underWay && System.nanoTime() < deadline && p.isAlive()) {
            underWay = sh("ip", "netns", "exec", LAB + "-a", "nft", "list", "table", "inet", "podwire-trace").code() == 0;
        }
        assertTrue(underWay, "the trace never got under way before the CLI ended");
        sh("kill", "-INT", String.valueOf(p.pid()));
        p.waitFor(10, TimeUnit.SECONDS);
        // nothingLeft() checks every namespace of the lab after this test.
    }
}
