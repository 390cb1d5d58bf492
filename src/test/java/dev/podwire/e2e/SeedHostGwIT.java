package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.hostNetworkState;
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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Seed 000 reproduced end to end through the real CLI: routes, pods, traffic, scaling, deletion, teardown. */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedHostGwIT {
    private static final String LAB = "hostgw";
    private static String hostBefore;

    @BeforeAll
    static void up() {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB); // a lab left by an earlier failed run
        hostBefore = hostNetworkState();
        var run = podwire("up", "examples/seed-000-hostgw.yaml").ok();
        assertTrue(run.out().contains("is up"), run.out());
    }

    @AfterAll
    static void down() {
        if (!Podwire.isRoot()) {
            return;
        }
        podwire("down", LAB).ok();
        assertEquals(List.of(), namespaces(LAB + "-"), "namespaces left after down");
        assertFalse(Files.exists(Path.of("/run/podwire", LAB)), "state directory left after down");
        assertEquals(hostBefore, hostNetworkState(), "the host's own network changed");
    }

    static List<JsonNode> pods() throws Exception {
        JsonNode list = new ObjectMapper().readTree(in(LAB, "get", "pods", "-o", "json").ok().out());
        List<JsonNode> out = new ArrayList<>();
        list.path("items").forEach(out::add);
        return out;
    }

    @Test
    @Order(1)
    void nodeRoutesAreTheSeeds() {
        String master = in(LAB, "exec", "node/hostgw-master", "--", "ip", "route").ok().out();
        assertTrue(master.contains("10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1"), master);
        assertTrue(master.contains("10.244.1.0/24 via 192.168.31.202 dev ens33 \n"), master);
        assertTrue(master.contains("192.168.31.0/24 dev ens33 proto kernel scope link src 192.168.31.201 metric 100"),
                master);
        String node = in(LAB, "exec", "node/hostgw-node", "--", "ip", "route").ok().out();
        assertTrue(node.contains("10.244.0.0/24 via 192.168.31.201 dev ens33 \n"), node);
        assertTrue(node.contains("10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1"), node);
    }

    @Test
    @Order(2)
    void subnetEnvIsFlannelsInsideTheNode() {
        String env = in(LAB, "exec", "node/hostgw-node", "--", "cat", "/run/flannel/subnet.env").ok().out();
        assertEquals("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1500\n"
                + "FLANNEL_IPMASQ=true\n", env);
    }

    @Test
    @Order(3)
    void threeReplicasSpreadOverBothNodesAndAllReachEachOther() throws Exception {
        List<JsonNode> pods = pods();
        assertEquals(3, pods.size());
        Map<String, Integer> perNode = new TreeMap<>();
        for (JsonNode p : pods) {
            assertEquals("Running", p.path("status").path("phase").asText());
            assertTrue(p.path("metadata").path("name").asText().matches("nginx-deployment-[a-z0-9]+-[a-z0-9]{5}"));
            perNode.merge(p.path("spec").path("nodeName").asText(), 1, Integer::sum);
        }
        assertEquals(2, perNode.size(), "pods on both nodes: " + perNode);
        for (JsonNode from : pods) {
            for (JsonNode to : pods) {
                String ip = to.path("status").path("podIP").asText();
                String page = in(LAB, "exec", "pod/" + from.path("metadata").path("name").asText(), "--",
                        "curl", "-s", "-m", "5", "http://" + ip + "/").ok().out();
                assertTrue(page.contains("<title>Welcome to nginx!</title>"), page);
                in(LAB, "exec", "pod/" + from.path("metadata").path("name").asText(), "--",
                        "ping", "-c", "1", "-W", "2", ip).ok();
            }
        }
    }

    @Test
    @Order(4)
    void getTablesHaveKubectlColumns() {
        String nodes = in(LAB, "get", "nodes", "-o", "wide").ok().out();
        assertTrue(nodes.startsWith("NAME "), nodes);
        assertTrue(nodes.contains("INTERNAL-IP") && nodes.contains("192.168.31.201"), nodes);
        String pods = in(LAB, "get", "pods", "-o", "wide").ok().out();
        assertTrue(pods.lines().findFirst().orElseThrow().matches(
                "NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+READINESS GATES"), pods);
        assertTrue(pods.contains("1/1") && pods.contains("Running"), pods);
    }

    @Test
    @Order(5)
    void scalingAddsWiredReachablePodsAndDeletingFreesEverything() throws Exception {
        in(LAB, "scale", "deployment/nginx-deployment", "--replicas", "5").ok();
        List<JsonNode> pods = awaitRunning(5);
        String client = pods.getFirst().path("metadata").path("name").asText();
        for (JsonNode p : pods) {
            // Retries keep a loaded CI machine from failing the test; a pod that never answers still fails it.
            in(LAB, "exec", "pod/" + client, "--", "curl", "-sS", "-m", "5", "--retry", "3", "--retry-all-errors",
                    "http://" + p.path("status").path("podIP").asText() + "/hostname").ok();
        }
        JsonNode victim = pods.getLast();
        String name = victim.path("metadata").path("name").asText();
        String node = victim.path("spec").path("nodeName").asText();
        String ip = victim.path("status").path("podIP").asText();
        int vethsBefore = veths(node);
        in(LAB, "delete", "pod/" + name).ok();
        List<JsonNode> after = awaitRunning(5);
        assertTrue(after.stream().noneMatch(p -> p.path("metadata").path("name").asText().equals(name)));
        // The replacement may reuse nothing of the victim's until host-local wraps: its address file is gone.
        String files = in(LAB, "exec", "node/" + node, "--", "ls", "/var/lib/cni/networks/cbr0").ok().out();
        boolean reused = after.stream().anyMatch(p -> p.path("status").path("podIP").asText().equals(ip));
        assertEquals(reused, files.lines().anyMatch(ip::equals), files);
        assertTrue(veths(node) <= vethsBefore, "the deleted pod's veth is gone");
        in(LAB, "scale", "deployment/nginx-deployment", "--replicas", "3").ok();
        awaitRunning(3);
    }

    private static int veths(String node) {
        return (int) in(LAB, "exec", "node/" + node, "--", "ip", "-o", "link", "show", "type", "veth").ok().out()
                .lines().count();
    }

    private static List<JsonNode> awaitRunning(int n) throws Exception {
        for (int i = 0; i < 200; i++) {
            List<JsonNode> pods = pods();
            if (pods.size() == n && pods.stream().allMatch(p -> p.path("status").path("phase").asText()
                    .equals("Running") && p.path("metadata").path("deletionTimestamp").isMissingNode())) {
                return pods;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pods did not settle at " + n + ": " + in(LAB, "get", "pods", "-o", "wide").out());
    }

    @Test
    @Order(6)
    void flannelRulesAreProgrammed() {
        String save = in(LAB, "exec", "node/hostgw-master", "--", "iptables-save").ok().out();
        assertTrue(save.contains("-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG"), save);
        assertTrue(save.contains("-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT"),
                save);
        sh("true");
    }
}
