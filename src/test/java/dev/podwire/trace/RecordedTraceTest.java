package dev.podwire.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.golden.Golden;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays real {@code xtables-monitor --trace} output recorded in the trc lab (TraceIT's topology: three host-gw
 * nodes, an office host) through the parser, the analyser and the text renderer. Each scenario directory holds one
 * {@code <netns>.trace} per namespace and {@code live.txt}, what {@code podwire trace} printed at the time (it names
 * each namespace's place). Route lookups and conntrack are live-only, so the golden output has none.
 */
class RecordedTraceTest {
    private static final Path ROOT = Path.of("src/test/resources/dev/podwire/trace");
    private static final Pattern PLACE = Pattern.compile("^\\s+\\d+\\s+(\\S+)\\s+\\[netns (\\S+)\\]", Pattern.MULTILINE);
    private static final Pattern PROBE = Pattern.compile(": (tcp|udp|http) ([0-9.]+):(\\d+) → ([0-9.]+):(\\d+)");
    private static final Pattern ECHO = Pattern.compile(": icmp echo id (\\d+) ([0-9.]+) → ([0-9.]+)");
    private static final Optional<ServiceAddress> NGINX = Optional.of(new ServiceAddress("default/nginx", "iptables"));

    @ParameterizedTest
    @ValueSource(strings = {"clusterip", "nodeport", "noendpoints", "crossnode", "seed002-asymmetric",
            "seed002-masquerade"})
    void rendersRecordedTraceLikeTheGoldenFile(String scenario) throws IOException {
        Golden.assertGolden("dev/podwire/trace/" + scenario + "/expected.txt", TraceText.render(replay(scenario)));
    }

    @org.junit.jupiter.api.Test
    void seed002ReplyLeavingThePodsNodeStraightForTheGatewayIsDroppedThereAsInvalid() throws IOException {
        TracePath path = replay("seed002-asymmetric");
        Verdict v = path.verdict();
        assertEquals(Verdict.Status.DROPPED, v.status());
        assertEquals("router/k8s-ipsec-bj", v.where());
        List<String> back = path.reply().stream().map(h -> h.place().label()).toList();
        assertEquals(List.of("node/node-c", "router/k8s-ipsec-bj"), back.subList(1, 3));
        // The reply leaves node-c with the pod's address, for the gateway, never passing node-a which DNATed.
        assertEquals(Ipv4.parse("10.0.2.2"), path.reply().get(1).left().src());
        assertTrue(v.explanation().startsWith("asymmetric path: node/node-a DNATed the request 10.0.60.80:3306 → "
                + "10.0.2.2:3306, but the reply left node/node-c straight for router/k8s-ipsec-bj as 10.0.2.2:3306 → "
                + "172.16.0.50:"), v.explanation());
        assertTrue(v.explanation().contains("--ctstate INVALID"), v.explanation());
        assertEquals("send 10.0.60.80 to the node running the pod (node/node-c) instead of node/node-a, or set "
                + "kubeProxy iptables.masqueradeAll: true (node/node-a then SNATs the request to its own address, so "
                + "the reply returns through it)", v.fix());
    }

    @org.junit.jupiter.api.Test
    void seed002WithMasqueradeAllIsDeliveredWithTheForwardingNodesSnat() throws IOException {
        TracePath path = replay("seed002-masquerade");
        assertEquals(Verdict.Status.DELIVERED, path.verdict().status(), path.verdict().explanation());
        Hop b = path.request().stream().filter(h -> h.place().label().equals("node/node-b")).findFirst().orElseThrow();
        assertEquals(Ipv4.parse("10.0.32.23"), b.left().src());
        assertTrue(b.snat().orElseThrow().display().startsWith("-t nat -A KUBE-POSTROUTING"), b.rules().toString());
        assertTrue(path.verdict().explanation().contains("source NATed to 10.0.32.23 in node/node-b by -t nat -A "
                + "KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE"),
                path.verdict().explanation());
    }

    @org.junit.jupiter.api.Test
    void seed002PingToAClusterIpIsExplainedByTheProxyMode() throws IOException {
        TracePath path = replay("seed002-icmp", NGINX);
        Verdict v = path.verdict();
        assertEquals("node/node-a", v.where());
        assertTrue(v.explanation().startsWith("10.0.58.158 is the ClusterIP of service default/nginx; kube-proxy in "
                + "iptables mode only DNATs the Service's TCP/UDP/SCTP ports, so the echo matched no rule in "
                + "KUBE-SERVICES (node/node-a)"), v.explanation());
        assertTrue(v.explanation().contains("IPVS mode kube-proxy binds every ClusterIP to the kube-ipvs0"),
                v.explanation());
        // Without the cluster's word that the address is a ClusterIP, the same kernel view reads as a lost packet.
        Verdict plain = replay("seed002-icmp").verdict();
        assertTrue(plain.explanation().startsWith("the request left node/node-a through eth0"), plain.explanation());
    }

    @ParameterizedTest
    @ValueSource(strings = {"clusterip", "nodeport", "crossnode"})
    void deliveredTracesReturnToTheClient(String scenario) throws IOException {
        TracePath path = replay(scenario);
        assertEquals(Verdict.Status.DELIVERED, path.verdict().status(), path.verdict().explanation());
        assertEquals(path.request().getFirst().place(), path.reply().getLast().place());
        assertTrue(path.reply().getLast().outcome() instanceof Outcome.Delivered);
    }

    @org.junit.jupiter.api.Test
    void clusterIpTraceNamesTheKubeProxyChainsAndTheDnatTarget() throws IOException {
        TracePath path = replay("clusterip");
        Hop node = path.request().stream().filter(h -> h.place().label().equals("node/a")).findFirst().orElseThrow();
        List<String> rules = node.rules().stream().map(RuleHit::display).toList();
        assertTrue(rules.stream().anyMatch(r -> r.startsWith("-t nat -A KUBE-SERVICES") && r.contains("default/web "
                + "cluster IP")), rules.toString());
        assertTrue(rules.stream().anyMatch(r -> r.startsWith("-t nat -A KUBE-SVC-")), rules.toString());
        String dnat = node.dnat().orElseThrow().rule().orElseThrow();
        assertTrue(dnat.startsWith("-A KUBE-SEP-") && dnat.contains("--to-destination " + path.request().getLast()
                .left().dst()), dnat);
    }

    @org.junit.jupiter.api.Test
    void serviceWithoutEndpointsIsRejectedByKubeProxy() throws IOException {
        TracePath path = replay("noendpoints");
        assertEquals(Verdict.Status.DROPPED, path.verdict().status());
        assertEquals("node/a", path.verdict().where());
        assertTrue(path.verdict().explanation().contains("service default/nobody has no endpoints"),
                path.verdict().explanation());
        assertTrue(path.verdict().explanation().contains("-j REJECT"), path.verdict().explanation());
        assertEquals(PacketKind.ICMP_ERROR, path.reply().getFirst().kind());
    }

    @org.junit.jupiter.api.Test
    void nodePortTraceFollowsTheSnattedRequestToTheEndpointsNode() throws IOException {
        TracePath path = replay("nodeport");
        List<String> places = path.request().stream().map(h -> h.place().label()).toList();
        assertEquals("host/office", places.getFirst());
        assertEquals("node/c", places.get(1));
        Hop c = path.request().get(1);
        assertTrue(c.snat().isPresent() || !c.left().src().equals(c.entered().src()), "SNAT at node c");
        assertEquals(4, places.size(), places.toString());
    }

    static TracePath replay(String scenario) throws IOException {
        return replay(scenario, Optional.empty());
    }

    static TracePath replay(String scenario, Optional<ServiceAddress> service) throws IOException {
        Path dir = ROOT.resolve(scenario);
        String live = Files.readString(dir.resolve("live.txt"));
        Map<String, String> labels = new TreeMap<>();
        Matcher m = PLACE.matcher(live);
        while (m.find()) {
            labels.put(m.group(2), m.group(1));
        }
        Matcher p = PROBE.matcher(live);
        Matcher e = ECHO.matcher(live);
        ProbeSpec probe;
        if (p.find()) {
            probe = new ProbeSpec(TraceProtocol.valueOf(p.group(1).toUpperCase()), Ipv4.parse(p.group(2)),
                    Integer.parseInt(p.group(3)), Ipv4.parse(p.group(4)), Integer.parseInt(p.group(5)));
        } else if (e.find()) {
            probe = new ProbeSpec(TraceProtocol.ICMP, Ipv4.parse(e.group(2)), Integer.parseInt(e.group(1)),
                    Ipv4.parse(e.group(3)), 0);
        } else {
            throw new AssertionError("no probe line in " + dir);
        }
        List<Observation> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".trace")).sorted().toList()) {
                String ns = f.getFileName().toString().replace(".trace", "");
                Place place = new Place(labels.getOrDefault(ns, "netns/" + ns), Netns.of(ns), List.of());
                KernelTraceParser.parse(Files.readString(f)).forEach(t -> all.add(new Observation(place, t)));
            }
        }
        String[] head = live.lines().findFirst().orElseThrow().split(" ");
        return PathAnalyser.build(head[1], head[3].substring(0, head[3].length() - 1), probe, "(recorded)",
                PathAnalyser.request(all), PathAnalyser.reply(all), Map.of(), Map.of(), List.of(), service);
    }
}
