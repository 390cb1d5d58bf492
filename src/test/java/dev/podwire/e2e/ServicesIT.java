package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Seed 001's Services through kube-proxy's iptables rules, proven with real clients. */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesIT {
    private static final String LAB = "services";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void up() {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        podwire("up", "examples/seed-001-services.yaml").ok();
        in(LAB, "apply", "-f", "src/test/resources/e2e/services-extra.yaml").ok();
    }

    @AfterAll
    static void down() {
        if (Podwire.isRoot()) {
            podwire("down", LAB).ok();
            assertEquals(List.of(), namespaces(LAB + "-"));
        }
    }

    static String clusterIp(String svc) throws Exception {
        return JSON.readTree(in(LAB, "get", "svc", svc, "-o", "json").ok().out()).path("spec").path("clusterIP")
                .asText();
    }

    static List<JsonNode> pods(String label) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(in(LAB, "get", "pods", "-o", "json").ok().out()).path("items").forEach(p -> {
            if (p.path("metadata").path("name").asText().startsWith(label)
                    && p.path("metadata").path("deletionTimestamp").isMissingNode()) {
                out.add(p);
            }
        });
        return out;
    }

    /** Runs {@code n} requests from inside {@code target} in one exec and counts the answers. */
    static Map<String, Integer> spread(String target, String url, int n) {
        String script = "for i in $(seq " + n + "); do curl -s -m 3 " + url + "; echo; done";
        Map<String, Integer> counts = new TreeMap<>();
        in(LAB, "exec", target, "--", "sh", "-c", script).ok().out().lines()
                .forEach(l -> counts.merge(l.isEmpty() ? "<no answer>" : l, 1, Integer::sum));
        return counts;
    }

    static void awaitEndpoints(String svc, int n) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode ep = JSON.readTree(in(LAB, "get", "endpoints", svc, "-o", "json").ok().out());
            int count = 0;
            for (JsonNode s : ep.path("subsets")) {
                count += s.path("addresses").size();
            }
            if (count == n) {
                Thread.sleep(1500); // kube-proxy's minSyncPeriod (1 s) may hold the rule update back
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(svc + " never had " + n + " endpoints");
    }

    @Test
    @Order(1)
    void clusterIpAnswersFromPodsAndEveryNodeAndSpreadsEvenly() throws Exception {
        String vip = clusterIp("httpd-svc");
        assertTrue(vip.startsWith("10."), vip);
        String client = pods("httpd").getFirst().path("metadata").path("name").asText();
        assertEquals("<html><body><h1>It works!</h1></body></html>\n",
                in(LAB, "exec", "pod/" + client, "--", "curl", "-s", "-m", "3", vip + ":8080").ok().out());
        for (String node : List.of("kubernetes01", "kubernetes02", "kubernetes03")) {
            assertTrue(in(LAB, "exec", "node/" + node, "--", "curl", "-s", "-m", "3", vip + ":8080").ok().out()
                    .contains("It works!"), node);
        }
        // Without masqueradeAll, a pod reaching another node's pod through the service keeps its own address.
        String clientIp = pods("httpd").getFirst().path("status").path("podIP").asText();
        assertTrue(spread("pod/" + client, vip + ":8080/clientip", 20).keySet().stream()
                .anyMatch(seen -> seen.startsWith(clientIp + ":")), "some endpoint saw " + clientIp);
        Map<String, Integer> counts = spread("pod/" + client, vip + ":8080/hostname", 300);
        assertEquals(3, counts.size(), "every endpoint answered, nothing failed: " + counts);
        double chi2 = counts.values().stream().mapToDouble(c -> Math.pow(c - 100.0, 2) / 100.0).sum();
        assertTrue(chi2 < 9.21, "chi-square " + chi2 + " over " + counts + " (critical value at 1%, 2 df: 9.21)");
    }

    @Test
    @Order(2)
    void nodePortAnswersOnEveryNodeFromTheUnderlayWithSnat() {
        for (String node : List.of("192.168.16.11", "192.168.16.12", "192.168.16.13")) {
            String client = in(LAB, "exec", "host/client", "--", "curl", "-s", "-m", "3", node + ":30000/clientip")
                    .ok().out();
            // externalTrafficPolicy Cluster: the node masquerades to the address of the interface the packet leaves
            // by: another node's underlay address, or its own cni0 gateway when the chosen pod is local.
            assertTrue(client.matches("(192\\.168\\.16\\.1[123]|10\\.244\\.\\d+\\.1):\\d+"),
                    "the pod sees a node's address, not the client's: " + client);
        }
    }

    @Test
    @Order(3)
    void serviceWithoutEndpointsRejectsAtOnce() throws Exception {
        String vip = clusterIp("nobody");
        String client = pods("httpd").getFirst().path("metadata").path("name").asText();
        // curl's own clock: the CLI's start-up on a loaded machine is not what is measured.
        var curl = in(LAB, "exec", "pod/" + client, "--", "curl", "-s", "-o", "/dev/null", "-w", "%{time_total}",
                "-m", "10", "http://" + vip + "/");
        assertEquals(7, curl.code(), "curl: connection refused (REJECT), not a timeout");
        double seconds = Double.parseDouble(curl.out().strip());
        assertTrue(seconds < 1.0, "rejected at once (no SYN retransmission), took " + seconds + " s");
    }

    @Test
    @Order(4)
    void sessionAffinityKeepsOneClientOnOnePod() throws Exception {
        String client = pods("httpd").getFirst().path("metadata").path("name").asText();
        Map<String, Integer> counts = spread("pod/" + client, clusterIp("sticky") + "/hostname", 50);
        assertEquals(1, counts.size(), "50 requests, one pod: " + counts);
    }

    @Test
    @Order(5)
    void externalTrafficPolicyLocalKeepsTheClientAddressAndDropsOnNodesWithoutAnEndpoint() throws Exception {
        JsonNode solo = pods("solo").getFirst();
        String home = solo.path("status").path("hostIP").asText();
        String seen = in(LAB, "exec", "host/client", "--", "curl", "-s", "-m", "3", home + ":30100/clientip").ok()
                .out();
        assertTrue(seen.startsWith("192.168.16.100:"), "the pod sees the real client: " + seen);
        for (String node : List.of("192.168.16.11", "192.168.16.12", "192.168.16.13")) {
            if (!node.equals(home)) {
                var dropped = in(LAB, "exec", "host/client", "--", "curl", "-s", "-m", "2", node + ":30100/");
                assertEquals(28, dropped.code(), "no local endpoint on " + node + ": dropped (curl timeout)");
            }
        }
    }

    @Test
    @Order(5)
    void healthCheckNodePortReportsLocalEndpointsAndTheBalancerUsesOnlyHealthyNodes() throws Exception {
        JsonNode svc = JSON.readTree(in(LAB, "get", "svc", "solo-lb", "-o", "json").ok().out());
        int hc = svc.path("spec").path("healthCheckNodePort").asInt();
        assertTrue(hc >= 30000 && hc <= 32767, "allocated health check node port: " + hc);
        String home = pods("solo").getFirst().path("status").path("hostIP").asText();
        for (String node : List.of("192.168.16.11", "192.168.16.12", "192.168.16.13")) {
            String code = in(LAB, "exec", "host/client", "--", "curl", "-s", "-m", "3", "-o", "/dev/null", "-w",
                    "%{http_code}", "http://" + node + ":" + hc + "/").ok().out();
            assertEquals(node.equals(home) ? "200" : "503", code, "kube-proxy's health check on " + node);
        }
        String body = in(LAB, "exec", "host/client", "--", "curl", "-s", "-m", "3", "http://" + home + ":" + hc + "/")
                .ok().out();
        assertEquals("{\"service\":{\"namespace\":\"default\",\"name\":\"solo-lb\"},\"localEndpoints\":1,"
                + "\"serviceProxyHealthy\":true}", body);
        String ingress = svc.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText();
        Map<String, Integer> answers = spread("host/client", ingress + ":8000/hostname", 12);
        assertEquals(Map.of(pods("solo").getFirst().path("metadata").path("name").asText(), 12), answers,
                "every connection reached the only healthy node and its pod");
    }

    @Test
    @Order(6)
    void udpServiceAnswersThroughItsNamedTargetPort() throws Exception {
        String vip = clusterIp("solo-udp");
        String client = pods("httpd").getFirst().path("metadata").path("name").asText();
        String out = in(LAB, "exec", "pod/" + client, "--", "sh", "-c",
                "echo hostname | nc -u -w 2 " + vip + " 53").ok().out();
        assertEquals(pods("solo").getFirst().path("metadata").path("name").asText(), out.strip());
    }

    @Test
    @Order(6)
    void loadBalancerGetsAnIngressAddressAndForwardsToTheNodePorts() throws Exception {
        JsonNode svc = JSON.readTree(in(LAB, "get", "svc", "web-lb", "-o", "json").ok().out());
        String ingress = svc.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText();
        assertTrue(ingress.matches("192\\.168\\.16\\.(24[1-9]|25[0-4])"), "from the pool (top /28 of the LAN): "
                + ingress);
        assertTrue(in(LAB, "get", "svc", "web-lb").ok().out().contains(ingress));
        Map<String, Integer> counts = spread("host/client", ingress + "/hostname", 30);
        assertEquals(3, counts.size(), "every pod answers through the balancer: " + counts);
    }

    @Test
    @Order(6)
    void aUdpClientPinnedByConntrackMovesOnWhenItsEndpointGoes() throws Exception {
        awaitEndpoints("dns-like", 2);
        String vip = clusterIp("dns-like");
        String client = pods("httpd").getFirst().path("metadata").path("name").asText();
        // A fixed source port keeps reusing one conntrack entry, as a long-lived DNS client does.
        String ask = "echo hostname | nc -u -w 2 -p 40053 " + vip + " 53";
        String first = in(LAB, "exec", "pod/" + client, "--", "sh", "-c", ask).ok().out().strip();
        assertTrue(first.startsWith("dns-like-"), first);
        assertEquals(first, in(LAB, "exec", "pod/" + client, "--", "sh", "-c", ask).ok().out().strip(),
                "the conntrack entry pins the client to one endpoint");
        in(LAB, "delete", "pod/" + first).ok();
        awaitEndpoints("dns-like", 2);
        String after = in(LAB, "exec", "pod/" + client, "--", "sh", "-c", ask).ok().out().strip();
        assertTrue(after.startsWith("dns-like-") && !after.equals(first),
                "kube-proxy deleted the stale entry, so the same client reaches a live pod: " + after);
    }

    @Test
    @Order(7)
    void afterScalingAndDeletingNoRequestGoesToARemovedPod() throws Exception {
        String vip = clusterIp("httpd-svc") + ":8080/hostname";
        in(LAB, "scale", "deployment/httpd", "--replicas", "1").ok();
        awaitEndpoints("httpd-svc", 1);
        String survivor = pods("httpd").getFirst().path("metadata").path("name").asText();
        Map<String, Integer> one = spread("node/kubernetes01", vip, 30);
        assertEquals(Map.of(survivor, 30), one);
        in(LAB, "scale", "deployment/httpd", "--replicas", "3").ok();
        awaitEndpoints("httpd-svc", 3);
        String victim = pods("httpd").stream().map(p -> p.path("metadata").path("name").asText())
                .filter(n -> !n.equals(survivor)).findFirst().orElseThrow();
        in(LAB, "delete", "pod/" + victim).ok();
        Thread.sleep(500);
        awaitEndpoints("httpd-svc", 3);
        Map<String, Integer> after = spread("node/kubernetes02", vip, 60);
        assertTrue(!after.containsKey(victim) && !after.containsKey("<no answer>"), after.toString());
        assertEquals(3, after.size(), after.toString());
    }
}
