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

    @ParameterizedTest
    @ValueSource(strings = {"clusterip", "nodeport", "noendpoints", "crossnode"})
    void rendersRecordedTraceLikeTheGoldenFile(String scenario) throws IOException {
        Golden.assertGolden("dev/podwire/trace/" + scenario + "/expected.txt", TraceText.render(replay(scenario)));
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
        Path dir = ROOT.resolve(scenario);
        String live = Files.readString(dir.resolve("live.txt"));
        Map<String, String> labels = new TreeMap<>();
        Matcher m = PLACE.matcher(live);
        while (m.find()) {
            labels.put(m.group(2), m.group(1));
        }
        Matcher p = PROBE.matcher(live);
        if (!p.find()) {
            throw new AssertionError("no probe line in " + dir);
        }
        ProbeSpec probe = new ProbeSpec(TraceProtocol.valueOf(p.group(1).toUpperCase()), Ipv4.parse(p.group(2)),
                Integer.parseInt(p.group(3)), Ipv4.parse(p.group(4)), Integer.parseInt(p.group(5)));
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
                PathAnalyser.request(all), PathAnalyser.reply(all), Map.of(), Map.of(), List.of());
    }
}
