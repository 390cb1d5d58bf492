package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static dev.podwire.e2e.Podwire.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Distributed mode with real processes and a real etcd: {@code up --datastore etcd}, flannel's keys in etcd, one agent
 * process per node inside its namespace, and the faults: an agent killed and restarted, a lease deleted by hand, etcd
 * stopped, a second agent for a node, bad endpoints and prefixes, a node namespace removed.
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdModeIT {
    private static final String LAB = "etcdm";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    /** How long etcd stays stopped; the 30 s unless -Detcdm.outage.seconds says otherwise. */
    private static final int OUTAGE_SECONDS = Integer.getInteger("etcdm.outage.seconds", 30);
    private static String endpoint = "";
    private static long etcdPid;

    @BeforeAll
    static void up() {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        String out = podwire("up", "--datastore", "etcd", "src/test/resources/e2e/etcd-mode.yaml").ok().out();
        Matcher m = Pattern.compile("datastore: etcd \\[(http://[0-9.]+:2379)\\] \\(pid (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        endpoint = m.group(1);
        etcdPid = Long.parseLong(m.group(2));
    }

    @AfterAll
    static void down() {
        if (Podwire.isRoot()) {
            if (etcdPid > 0) {
                sh("kill", "-CONT", String.valueOf(etcdPid));
            }
            keepLogs();
            // A failed up removes the lab itself; then there is nothing to take down.
            podwire("down", LAB);
            assertEquals(List.of(), namespaces(LAB + "-"));
            // Node runtimes end on their own once their namespace is gone; give them a moment.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && !ours().isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            assertEquals(List.of(), ours(), "no daemon, agent or runtime of the lab is left");
            assertTrue(ProcessHandle.of(etcdPid).filter(ProcessHandle::isAlive).isEmpty(), "etcd ended");
        }
    }

    /** Copies the lab's logs (daemon, etcd, agents, runtimes) to target/etcdm-logs before down removes them. */
    static void keepLogs() {
        Path state = Path.of("/run/podwire/" + LAB);
        Path kept = Path.of("target", "etcdm-logs");
        try (var files = Files.walk(state)) {
            Files.createDirectories(kept);
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(f, kept.resolve(state.relativize(f).toString().replace('/', '_')),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            System.out.println("etcdm: logs not kept: " + e);
        }
    }

    static List<String> ours() {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("--lab " + LAB) || c.contains("--netns " + LAB + "-")).toList();
    }

    static Podwire.Run etcdctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", LAB + "-podwire.etcd", "etcdctl",
                "--endpoints=" + endpoint));
        argv.addAll(List.of(args));
        return sh(argv);
    }

    /** {@return node name to the agent's claim: pid} */
    static long agentPid(String node) throws Exception {
        String v = etcdctl("get", "--print-value-only", "/podwire/agents/" + node).ok().out().strip();
        return JSON.readTree(v).path("pid").asLong();
    }

    /** {@return subnet key to PublicIP of every lease} */
    static Map<String, String> leases() throws Exception {
        String out = etcdctl("get", "--prefix", "/coreos.com/network/subnets/").ok().out();
        Map<String, String> leases = new TreeMap<>();
        List<String> lines = out.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            leases.put(lines.get(i), JSON.readTree(lines.get(i + 1)).path("PublicIP").asText());
        }
        return leases;
    }

    static String leaseOf(String address) throws Exception {
        return leases().entrySet().stream().filter(e -> e.getValue().equals(address)).map(Map.Entry::getKey)
                .findFirst().orElse("");
    }

    static String address(String node) {
        return "192.168.46.1" + node.substring(1);
    }

    static String podIp(String pod) throws Exception {
        return JSON.readTree(in(LAB, "get", "pod", pod, "-o", "json").ok().out()).path("status").path("podIP")
                .asText();
    }

    static long inode(Path p) throws Exception {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    /** A client loop through far-svc's NodePort on n2 (endpoints on n1 and n3), counting failed requests. */
    static final class ClientLoop implements AutoCloseable {
        private final Process process;

        ClientLoop() throws Exception {
            String script = "ok=0; bad=0; while [ ! -e /tmp/etcdm-stop ]; do "
                    + "if curl -s -m 2 -o /dev/null http://192.168.46.12:30080/hostname; then ok=$((ok+1)); "
                    + "else bad=$((bad+1)); fi; sleep 0.05; done; echo \"$ok $bad\"";
            Files.deleteIfExists(Path.of("/tmp/etcdm-stop"));
            process = new ProcessBuilder("ip", "netns", "exec", LAB + "-client", "sh", "-c", script)
                    .redirectErrorStream(true).start();
        }

        /** {@return [succeeded, failed]} */
        long[] stop() throws Exception {
            Files.writeString(Path.of("/tmp/etcdm-stop"), "");
            String[] parts = new String(process.getInputStream().readAllBytes()).strip().split(" ");
            process.waitFor();
            Files.deleteIfExists(Path.of("/tmp/etcdm-stop"));
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                stop();
            }
        }
    }

    @Test
    @Order(1)
    void etcdHoldsFlannelsConfigAndOneLeasePerNodeInFlannelsFormat() throws Exception {
        String config = etcdctl("get", "--print-value-only", "/coreos.com/network/config").ok().out();
        assertEquals("10.244.0.0/16", JSON.readTree(config).path("Network").asText(), config);
        assertEquals("host-gw", JSON.readTree(config).path("Backend").path("Type").asText(), config);
        Map<String, String> leases = leases();
        assertEquals(3, leases.size(), leases.toString());
        for (String n : NODES) {
            assertTrue(leaseOf(address(n)).matches("/coreos.com/network/subnets/10\\.244\\.\\d+\\.0-24"), leases
                    .toString());
        }
        String one = etcdctl("get", "--print-value-only", leases.keySet().iterator().next()).ok().out();
        JsonNode lease = JSON.readTree(one);
        assertEquals("host-gw", lease.path("BackendType").asText(), one);
        String ttl = etcdctl("get", "-w", "json", leases.keySet().iterator().next()).ok().out();
        assertTrue(JSON.readTree(ttl).path("kvs").get(0).path("lease").asLong() != 0, "leases carry a TTL: " + ttl);
        // The Kubernetes objects live under the apiserver's layout.
        String keys = etcdctl("get", "--prefix", "--keys-only", "/registry/").ok().out();
        assertTrue(keys.contains("/registry/minions/n1") && keys.contains("/registry/pods/default/far-1")
                && keys.contains("/registry/services/specs/default/far-svc"), keys);
    }

    @Test
    @Order(2)
    void eachNodesSubnetEnvIsWrittenByItsOwnAgentProcessInsideTheNode() throws Exception {
        for (String n : NODES) {
            long pid = agentPid(n);
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("agent of " + n + " gone"));
            String cmd = h.info().commandLine().orElse("");
            assertTrue(cmd.contains("dev.podwire.cli.Main agent --node " + n + " --etcd-endpoints " + endpoint), cmd);
            assertEquals(inode(Path.of("/run/netns/" + LAB + "-" + n)), inode(Path.of("/proc/" + pid + "/ns/net")),
                    "the agent of " + n + " runs inside its namespace");
            String env = in(LAB, "exec", "node/" + n, "--", "cat", "/run/flannel/subnet.env").ok().out();
            String subnet = leaseOf(address(n)).replace("/coreos.com/network/subnets/", "").replace("-24", "");
            assertTrue(env.contains("FLANNEL_SUBNET=" + subnet.replaceAll("\\.0$", ".1") + "/24"), env);
            String log = Files.readString(Path.of("/run/podwire/" + LAB + "/" + n + "-agent.log"));
            assertTrue(log.contains("agent started node=" + n + " netns=" + LAB + "-" + n) && log.contains("pid="
                    + pid), log);
        }
    }

    @Test
    @Order(3)
    void podsAcrossNodesAnswerAndTheServiceWorksFromAPodAndAHost() throws Exception {
        for (String pod : List.of("far-1", "far-3", "client")) {
            in(LAB, "exec", "pod/client", "--", "curl", "-sS", "-m", "5", "--retry", "3", "--retry-all-errors",
                    "http://" + podIp(pod) + ":8080/hostname").ok();
        }
        // By name through cluster DNS (coredns pods served by the agents), then by ClusterIP from a host.
        String viaDns = in(LAB, "exec", "pod/client", "--", "curl", "-sS", "-m", "5", "--retry", "3",
                "--retry-all-errors", "http://far-svc/hostname").ok().out();
        assertTrue(viaDns.startsWith("far-"), viaDns);
        String fromHost = in(LAB, "exec", "host/client", "--", "curl", "-sS", "-m", "5",
                "http://192.168.46.12:30080/hostname").ok().out();
        assertTrue(fromHost.startsWith("far-"), fromHost);
        String fromNode = in(LAB, "exec", "node/n2", "--", "curl", "-sS", "-m", "5", "http://"
                + JSON.readTree(in(LAB, "get", "svc", "far-svc", "-o", "json").ok().out()).path("spec")
                        .path("clusterIP").asText() + "/hostname").ok().out();
        assertTrue(fromNode.startsWith("far-"), fromNode);
    }

    @Test
    @Order(4)
    void killedAgentIsRestartedReclaimsItsLeaseAndRecreatesNoRouteOrRuleWhileNoRequestIsLost() throws Exception {
        long before = agentPid("n2");
        String lease = leaseOf(address("n2"));
        String localIp = podIp("local-2");
        long jumpsBefore = servicesJumpPackets("n2");
        Path events = Files.createTempFile("etcdm-routes", ".txt");
        Process monitor = new ProcessBuilder("ip", "-n", LAB + "-n2", "-4", "monitor", "route")
                .redirectErrorStream(true).redirectOutput(events.toFile()).start();
        long[] counts;
        try (ClientLoop loop = new ClientLoop()) {
            Thread.sleep(1000);
            sh("kill", "-9", String.valueOf(before)).ok();
            long after = awaitNewAgent("n2", before, Duration.ofSeconds(60));
            assertNotEquals(before, after);
            Thread.sleep(8000);
            counts = loop.stop();
        } finally {
            monitor.destroy();
            monitor.waitFor();
        }
        System.out.println("etcdm: agent kill -9: requests ok=" + counts[0] + " failed=" + counts[1]);
        String routeEvents = Files.readString(events);
        Files.delete(events);
        assertEquals(0, counts[1], "requests lost: " + counts[1] + " of " + (counts[0] + counts[1]));
        assertTrue(counts[0] > 50, "the loop ran: " + counts[0]);
        assertEquals(lease, leaseOf(address("n2")), "the restarted agent reclaimed its lease");
        assertTrue(routeEvents.lines().noneMatch(l -> l.startsWith("Deleted") && l.contains("10.244.")),
                "no route deleted across the restart:\n" + routeEvents);
        assertTrue(routeEvents.lines().noneMatch(l -> l.contains("10.244.") && l.contains("via")),
                "no peer route re-created across the restart:\n" + routeEvents);
        assertTrue(servicesJumpPackets("n2") >= jumpsBefore, "the KUBE-SERVICES jump kept its counters");
        String log = Files.readString(Path.of("/run/podwire/" + LAB + "/n2-agent.log"));
        assertTrue(log.contains("agent started node=n2") && log.contains("lease=" + lease.replace(
                "/coreos.com/network/subnets/", "").replace('-', '/')), log);
        // The node's pods were adopted from its runtime process, not re-created.
        String restarted = log.substring(log.indexOf("agent started node=n2") + 1);
        assertTrue(Pattern.compile("pods adopted node=n2 kept=[1-9]").matcher(restarted).find()
                && !restarted.contains("pod removed"), log);
        assertEquals(localIp, podIp("local-2"));
        in(LAB, "exec", "pod/client", "--", "curl", "-sS", "-m", "5", "http://" + localIp + ":8080/hostname").ok();
    }

    static long awaitNewAgent(String node, long old, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Podwire.Run r = etcdctl("get", "--print-value-only", "/podwire/agents/" + node);
            if (r.code() == 0 && !r.out().isBlank()) {
                long pid = JSON.readTree(r.out()).path("pid").asLong();
                if (pid != old && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()) {
                    return pid;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no new agent for " + node + " within " + timeout);
    }

    static long servicesJumpPackets(String node) {
        String out = sh("ip", "netns", "exec", LAB + "-" + node, "iptables", "-t", "nat", "-L", "PREROUTING", "-v",
                "-n", "-x").ok().out();
        return out.lines().filter(l -> l.contains("KUBE-SERVICES")).map(l -> Long.parseLong(l.strip()
                .split("\\s+")[0])).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    @Test
    @Order(5)
    void leaseDeletedByHandIsReacquired() throws Exception {
        String lease = leaseOf(address("n3"));
        etcdctl("del", lease).ok();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (leaseOf(address("n3")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(lease, leaseOf(address("n3")), "re-acquired, same subnet");
        String route = in(LAB, "exec", "node/n1", "--", "ip", "route").ok().out();
        assertTrue(route.contains(lease.replace("/coreos.com/network/subnets/", "").replace('-', '/')
                + " via 192.168.46.13"), route);
    }

    @Test
    @Order(6)
    void etcdStoppedKeepsTheDataPlaneAndAgentsCatchUpAfterwards() throws Exception {
        Map<String, Long> agents = new TreeMap<>();
        for (String n : NODES) {
            agents.put(n, agentPid(n));
        }
        long[] counts;
        try (ClientLoop loop = new ClientLoop()) {
            sh("kill", "-STOP", String.valueOf(etcdPid)).ok();
            try {
                Thread.sleep(OUTAGE_SECONDS * 1000L);
            } finally {
                sh("kill", "-CONT", String.valueOf(etcdPid)).ok();
            }
            counts = loop.stop();
        }
        System.out.println("etcdm: etcd stopped " + OUTAGE_SECONDS + " s: requests ok=" + counts[0] + " failed="
                + counts[1]);
        assertEquals(0, counts[1], "requests lost while etcd was stopped: " + counts[1] + " of "
                + (counts[0] + counts[1]));
        // A change right after etcd is back: a third far pod, on n2. Every agent must pick it up.
        everyNodeProxiesANewPod("far-2", "n2");
        sameAgentsReclaimTheirNodes(agents);
    }

    /**
     * The agents running before an outage are the ones running after it (they reconnected; none exited and was
     * restarted), and each claims its node again. Claims expire during an outage, and an agent whose call was in
     * flight when etcd came back renews only after that call's timeout (10 s), so the claims may take a while.
     */
    static void sameAgentsReclaimTheirNodes(Map<String, Long> before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String n : NODES) {
            long pid = before.get(n);
            assertTrue(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent(), n + "'s agent " + pid
                    + " kept running");
            Podwire.Run claim = etcdctl("get", "--print-value-only", "/podwire/agents/" + n);
            while (!claim.out().contains("\"pid\":" + pid + ",") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                claim = etcdctl("get", "--print-value-only", "/podwire/agents/" + n);
            }
            assertTrue(claim.out().contains("\"pid\":" + pid + ","), n + " claimed again by " + pid + ": "
                    + claim.out());
        }
    }

    /** Creates pod {@code name} (app far) on {@code node} and waits until every node's proxy sends to it. */
    static void everyNodeProxiesANewPod(String name, String node) throws Exception {
        Path extra = Files.createTempFile("etcdm", ".yaml");
        Files.writeString(extra, "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", labels: {app: far}}\n"
                + "spec:\n  nodeName: " + node + "\n  containers: [{name: web, image:"
                + " registry.k8s.io/e2e-test-images/agnhost:2.47, ports: [{containerPort: 8080}]}]\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        assertNotEquals(0, in(LAB, "get", "pod", name).code(), name + " must be new, or the check below proves"
                + " nothing");
        // The control plane may still be reconnecting to etcd: retry the apply for a while.
        while (in(LAB, "apply", "-f", extra.toString()).code() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        Files.delete(extra);
        String ip = "";
        while (System.nanoTime() < deadline) {
            ip = podIp(name);
            if (!ip.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(!ip.isEmpty(), name + " got an address");
        for (String n : NODES) {
            String rules = "";
            while (System.nanoTime() < deadline) {
                rules = sh("ip", "netns", "exec", LAB + "-" + n, "iptables-save", "-t", "nat").ok().out();
                if (rules.contains("-j DNAT --to-destination " + ip + ":8080")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(rules.contains("-j DNAT --to-destination " + ip + ":8080"), n + " caught up:\n" + rules);
        }
        in(LAB, "exec", "pod/client", "--", "curl", "-sS", "-m", "5", "--retry", "3", "--retry-all-errors",
                "http://" + ip + ":8080/hostname").ok();
    }

    @Test
    @Order(7)
    void etcdStoppedAndStartedByCommandKeepsTheDataPlaneAndTheStore() throws Exception {
        Map<String, Long> agents = new TreeMap<>();
        for (String n : NODES) {
            agents.put(n, agentPid(n));
        }
        assertTrue(in(LAB, "etcd", "status").ok().out().contains("etcd running (pid " + etcdPid + ") at " + endpoint),
                "status names the running etcd");
        long[] counts;
        Podwire.Run during;
        try (ClientLoop loop = new ClientLoop()) {
            Podwire.Run stop = in(LAB, "etcd", "stop").ok();
            assertTrue(stop.out().contains("etcd stopped (pid " + etcdPid + ")"), stop.out());
            assertTrue(ProcessHandle.of(etcdPid).filter(ProcessHandle::isAlive).isEmpty(), "etcd's process ended");
            assertTrue(in(LAB, "etcd", "status").ok().out().contains("etcd stopped"));
            during = in(LAB, "get", "pods");
            Thread.sleep(8000);
            Podwire.Run start = in(LAB, "etcd", "start").ok();
            Matcher m = Pattern.compile("etcd started \\(pid (\\d+)\\) at " + Pattern.quote(endpoint))
                    .matcher(start.out());
            assertTrue(m.find(), start.out());
            etcdPid = Long.parseLong(m.group(1));
            counts = loop.stop();
        }
        System.out.println("etcdm: etcd stop/start by command: requests ok=" + counts[0] + " failed=" + counts[1]);
        assertEquals(1, during.code(), "the control plane needs etcd: " + during.out() + during.err());
        assertTrue(during.err().contains("etcd"), during.err());
        assertEquals(0, counts[1], "requests lost while etcd was stopped: " + counts[1]);
        assertEquals(3, leases().size(), "the store came back with its leases: " + leases());
        everyNodeProxiesANewPod("far-4", "n1");
        sameAgentsReclaimTheirNodes(agents);
    }

    @Test
    @Order(8)
    void secondAgentForANodeIsRefusedClearly() throws Exception {
        long holder = agentPid("n1");
        Podwire.Run r = sh("ip", "netns", "exec", LAB + "-n1", Podwire.HOME.resolve("podwire").toString(), "agent",
                "--node", "n1", "--etcd-endpoints", endpoint, "--lab", LAB);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("node n1 is already managed by the agent with pid " + holder), r.err());
        assertEquals(holder, agentPid("n1"), "the first agent keeps the node");
    }

    @Test
    @Order(9)
    void unreachableEtcdAndWrongPrefixAreClearErrors() {
        Podwire.Run unreachable = sh("ip", "netns", "exec", LAB + "-n1", Podwire.HOME.resolve("podwire").toString(),
                "agent", "--node", "n1", "--etcd-endpoints", "http://192.168.46.11:2999", "--lab", LAB);
        assertEquals(1, unreachable.code(), unreachable.out() + unreachable.err());
        assertTrue(unreachable.err().contains("cannot reach etcd at http://192.168.46.11:2999"), unreachable.err());
        Podwire.Run prefix = sh("ip", "netns", "exec", LAB + "-n1", Podwire.HOME.resolve("podwire").toString(),
                "agent", "--node", "n1", "--etcd-endpoints", endpoint, "--etcd-prefix", "/wrong/network", "--lab",
                LAB);
        assertEquals(1, prefix.code(), prefix.out() + prefix.err());
        assertTrue(prefix.err().contains("agent for node n1: etcd prefix: /wrong/network has no network config (no"
                + " key /wrong/network/config in etcd at " + endpoint + "); configs exist under /coreos.com/network;"
                + " pass --etcd-prefix /coreos.com/network"), prefix.err());
        Podwire.Run badUrl = podwire("agent", "--node", "n1", "--etcd-endpoints", "localhost:2379");
        assertEquals(2, badUrl.code(), badUrl.out() + badUrl.err());
    }

    @Test
    @Order(10)
    void removedNodeNamespaceEndsItsAgentAndOtherNodesDropItsRoutes() throws Exception {
        String subnet = leaseOf(address("n3")).replace("/coreos.com/network/subnets/", "").replace('-', '/');
        long pid = agentPid("n3");
        sh("ip", "netns", "del", LAB + "-n3").ok();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty(), "the agent of n3 exited");
        while (!leaseOf(address("n3")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertEquals("", leaseOf(address("n3")), "n3's lease is gone");
        String route = "";
        while (System.nanoTime() < deadline) {
            route = in(LAB, "exec", "node/n1", "--", "ip", "route").ok().out();
            if (!route.contains(subnet)) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(!route.contains(subnet), "n1 dropped the route to " + subnet + ":\n" + route);
    }

    @Test
    @Order(11)
    void killedDaemonLeavesAgentsAndEtcdRunningAndDownStillRemovesThem() throws Exception {
        long daemon = JSON.readTree(Path.of("/run/podwire/" + LAB + "/lab.json").toFile()).path("daemonPid").asLong();
        long agent = agentPid("n1");
        ProcessHandle h = ProcessHandle.of(daemon).orElseThrow();
        h.destroyForcibly();
        h.onExit().join();
        // The node agents keep the nodes programmed without the daemon (the control plane is what stops).
        assertTrue(ProcessHandle.of(agent).filter(ProcessHandle::isAlive).isPresent(), "agent of n1 still runs");
        // far-3's node is gone since the test above, so a request may pick its dead endpoint: retries pick again.
        String page = sh("ip", "netns", "exec", LAB + "-client", "curl", "-sS", "-m", "2", "--retry", "8",
                "--retry-all-errors", "--retry-delay", "0", "http://192.168.46.11:30080/hostname").ok().out();
        assertTrue(page.startsWith("far-"), page);
        // AfterAll's `down` works from the lab record alone and must leave no process behind.
    }
}
