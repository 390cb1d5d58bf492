package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.hostNetworkState;
import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seed 002 (examples/seed-002-vpn.yaml): an office behind a VPN gateway with a stateful filter reaches ClusterIPs
 * only through the node that hosts the pod, until kube-proxy's masqueradeAll is turned on in its ConfigMap on the
 * running lab; pods are reachable directly either way; a ClusterIP does not answer ping in iptables mode.
 */
@Tag("netns")
class Seed002IT {
    private static final String LAB = "vpn";
    private static final String NGINX = "10.0.58.158";
    private static final String MYSQL = "10.0.60.80";
    private static final String GW = "router/k8s-ipsec-bj";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void officeReachesServicesOnlyViaThePodsNodeUntilMasqueradeAll() throws Exception {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        String before = hostNetworkState();
        Path dir = Files.createTempDirectory("seed002");
        try {
            podwire("up", "examples/seed-002-vpn.yaml").ok();
            String nginxPod = podIp("nginx");
            String mysqlPod = podIp("mysql");
            assertTrue(nginxPod.startsWith("10.0.0."), nginxPod);   // node-a's podCIDR
            assertTrue(mysqlPod.startsWith("10.0.2."), mysqlPod);   // node-c's podCIDR

            // 1. The service route points at node-a, which hosts nginx: the service answers.
            assertTrue(curl(NGINX + ":80").contains("Welcome to nginx!"));
            JsonNode t1 = trace("host/office", "svc/nginx");
            assertEquals("delivered", status(t1), t1.toPrettyString());
            assertEquals(List.of("host/office", GW, "node/node-a"), places(t1, "request").subList(0, 3));
            assertTrue(places(t1, "reply").contains("node/node-a"), "the reply returns through node-a");
            // 2. mysql's pod is on node-c: its SYN-ACK goes straight to the gateway, which never saw the SYN.
            assertEquals(124, tcp(MYSQL));
            long invalid = invalidDrops();
            assertTrue(invalid > 0, "the gateway's INVALID rule dropped the pod's replies");
            assertAsymmetric(trace("host/office", "svc/mysql"), "node/node-a", "node/node-c", mysqlPod,
                    "10.0.60.80");
            // 3. The pods themselves answer the office directly.
            assertTrue(curl(nginxPod + ":80").contains("Welcome to nginx!"));
            assertEquals(0, tcp(mysqlPod));
            for (String pod : List.of(nginxPod + ":80", mysqlPod + ":3306")) {
                JsonNode t3 = trace("host/office", pod);
                assertEquals("delivered", status(t3), t3.toPrettyString());
                assertEquals(places(t3, "request").reversed(), places(t3, "reply"), "the same path both ways");
            }

            // The seed's route change: the service CIDR now goes to the empty node-b.
            in(LAB, "exec", GW, "--", "ip", "route", "replace", "10.0.48.0/20", "via", "10.0.32.23").ok();
            assertEquals(28, in(LAB, "exec", "host/office", "--", "curl", "-s", "-m", "3", "http://" + NGINX + "/")
                    .code());
            assertAsymmetric(trace("host/office", "svc/nginx"), "node/node-b", "node/node-a", nginxPod, NGINX);
            assertTrue(curl(nginxPod + ":80").contains("Welcome to nginx!"));
            assertEquals(0, tcp(mysqlPod));

            // 4. masqueradeAll in kube-proxy's ConfigMap, applied to the running lab.
            String cm = in(LAB, "get", "configmap", "kube-proxy", "-n", "kube-system", "-o", "yaml").ok().out();
            assertTrue(cm.contains("    iptables:\n      masqueradeAll: false\n"), cm);
            Path edited = dir.resolve("kube-proxy.yaml");
            Files.writeString(edited, cm.replaceFirst("masqueradeAll: false", "masqueradeAll: true"));
            assertTrue(in(LAB, "apply", "-f", edited.toString()).ok().out().contains("configmap/kube-proxy"));
            String save = waitForMasquerade();
            assertTrue(save.contains("-d " + NGINX + "/32 -p tcp -m comment --comment \"default/nginx cluster IP\" -m"
                    + " tcp --dport 80 -j KUBE-MARK-MASQ"), save);
            JsonNode t4 = trace("host/office", "svc/nginx");
            assertEquals("delivered", status(t4), t4.toPrettyString());
            JsonNode b = hop(t4, "request", "node/node-b");
            assertEquals("10.0.32.23", b.path("left").path("src").asText(), b.toPrettyString());
            assertTrue(b.path("rules").toString().contains("-A KUBE-POSTROUTING -m comment --comment \\\"kubernetes "
                    + "service traffic requiring SNAT\\\" -j MASQUERADE"), b.path("rules").toPrettyString());
            assertTrue(places(t4, "reply").contains("node/node-b"), "the reply returns through node-b");
            boolean snat = false;
            for (JsonNode c : t4.path("conntrack")) {
                snat |= c.path("place").asText().equals("node/node-b") && c.path("snat").asBoolean()
                        && c.path("reply").path("dst").asText().equals("10.0.32.23");
            }
            assertTrue(snat, t4.path("conntrack").toPrettyString());
            assertTrue(verdict(t4).contains("source NATed to 10.0.32.23 in node/node-b"), verdict(t4));
            Path pcap = dir.resolve("a.pcap");
            try (PodwireCapture cap = PodwireCapture.start("node/node-a", "-w", pcap.toString(), "--", "tcp",
                    "port", "80")) {
                assertTrue(curl(NGINX + ":80").contains("Welcome to nginx!"));
                assertEquals(0, tcp(MYSQL));
                cap.stop();
                assertTrue(cap.tcpdumpGone(), "capture's tcpdump ended with it");
            }
            Podwire.Run tshark = Podwire.sh("tshark", "-r", pcap.toString(), "-T", "fields", "-e", "ip.src", "-e",
                    "ip.dst", "-e", "tcp.flags.syn", "-e", "tcp.flags.ack");
            String decoded = tshark.out();
            // SNAT on node-b: node-a sees the request come from node-b's address, never from the office.
            assertTrue(decoded.lines().anyMatch(l -> l.equals("10.0.32.23\t" + nginxPod + "\tTrue\tFalse")
                    || l.equals("10.0.32.23\t" + nginxPod + "\t1\t0")), "pcap of " + Files.size(pcap)
                    + " bytes, tshark said: " + decoded + tshark.err());
            // (The pod may still be retransmitting SYN-ACKs to the office for the half-open connection of the
            // failed curl above; those go from the pod. No request comes from the office itself.)
            assertTrue(decoded.lines().noneMatch(l -> l.startsWith("172.16.0.50\t")), decoded);

            // 5. Ping to a ClusterIP: iptables mode rewrites TCP/UDP ports only; nobody answers an echo.
            Podwire.Run ping = in(LAB, "exec", "host/office", "--", "ping", "-c", "2", "-W", "1", NGINX);
            assertEquals(1, ping.code(), ping.out());
            assertTrue(ping.out().contains("100% packet loss"), ping.out());
            JsonNode t5 = trace("--icmp", "host/office", "svc/nginx");
            assertEquals("dropped", status(t5), t5.toPrettyString());
            assertTrue(verdict(t5).startsWith(NGINX + " is the ClusterIP of service default/nginx; kube-proxy in "
                    + "iptables mode only DNATs the Service's TCP/UDP/SCTP ports"), verdict(t5));
            assertTrue(verdict(t5).contains("kube-ipvs0"), verdict(t5));
            assertTrue(hop(t5, "request", "node/node-b").path("rules").toString().contains("KUBE-SERVICES"));
            assertEquals(List.of(), traceLeftovers());

            // A capture killed with -9 is ended by down, from the lab record.
            try (PodwireCapture orphan = PodwireCapture.start(GW, "-w", dir.resolve("gw.pcap").toString())) {
                long pid = orphan.recordedPid();
                orphan.kill9();
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "tcpdump outlives -9");
                podwire("down", LAB).ok();
                Thread.sleep(500);
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "down ended tcpdump");
            }
        } finally {
            podwire("down", LAB);
            Podwire.sh("rm", "-rf", dir.toString());
        }
        assertEquals(List.of(), namespaces(LAB + "-"));
        assertEquals(before, hostNetworkState());
    }

    private static JsonNode trace(String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("-o", "json"));
        a.addAll(List.of(args));
        return JSON.readTree(in(LAB, "trace", a.toArray(String[]::new)).ok().out());
    }

    private static String status(JsonNode t) {
        return t.path("verdict").path("status").asText();
    }

    private static String verdict(JsonNode t) {
        return t.path("verdict").path("explanation").asText();
    }

    private static List<String> places(JsonNode t, String dir) {
        List<String> out = new ArrayList<>();
        t.path(dir).forEach(h -> out.add(h.path("place").asText()));
        return out;
    }

    private static JsonNode hop(JsonNode t, String dir, String place) {
        for (JsonNode h : t.path(dir)) {
            if (h.path("place").asText().equals(place)) {
                return h;
            }
        }
        throw new AssertionError("no " + place + " in the " + dir + ": " + t.toPrettyString());
    }

    /**
     * Seed 002's case 2 as the trace shows it: {@code entry} DNATs, the reply leaves {@code podNode} with the pod's
     * address straight for the gateway, whose conntrack INVALID rule drops it; the explanation names both fixes.
     */
    private static void assertAsymmetric(JsonNode t, String entry, String podNode, String podIp, String clusterIp) {
        assertEquals("dropped", status(t), t.toPrettyString());
        assertEquals(GW, t.path("verdict").path("where").asText());
        assertTrue(hop(t, "request", entry).path("rules").toString().contains("-j DNAT --to-destination " + podIp));
        assertEquals(List.of(podNode, GW), places(t, "reply").subList(1, 3));
        JsonNode leaving = hop(t, "reply", podNode);
        assertEquals(podIp, leaving.path("left").path("src").asText(), leaving.toPrettyString());
        assertEquals("10.0.40.10", leaving.path("route").path("via").asText(), leaving.toPrettyString());
        JsonNode dropped = hop(t, "reply", GW);
        assertEquals("dropped", dropped.path("outcome").path("result").asText());
        assertTrue(dropped.path("outcome").path("rule").asText().contains("--ctstate INVALID"), dropped.toString());
        assertTrue(verdict(t).startsWith("asymmetric path: " + entry + " DNATed the request " + clusterIp), verdict(t));
        assertTrue(verdict(t).contains("but the reply left " + podNode + " straight for " + GW + " as " + podIp),
                verdict(t));
        String fix = t.path("verdict").path("fix").asText();
        assertTrue(fix.contains("to the node running the pod (" + podNode + ")") && fix.contains("masqueradeAll: true"),
                fix);
    }

    /** {@return trace tables and monitors left in the lab's namespaces} */
    private static List<String> traceLeftovers() {
        List<String> out = new ArrayList<>();
        for (String ns : namespaces(LAB + "-")) {
            if (Podwire.sh("ip", "netns", "exec", ns, "nft", "list", "tables").out().contains("podwire-trace")) {
                out.add("table in " + ns);
            }
            for (String pid : Podwire.sh("ip", "netns", "pids", ns).out().lines().toList()) {
                String comm = Podwire.sh("cat", "/proc/" + pid.strip() + "/comm").out().strip();
                if (comm.equals("xtables-monitor") || comm.equals("timeout")) {
                    out.add(comm + " " + pid + " in " + ns);
                }
            }
        }
        return out;
    }

    private static String podIp(String app) throws IOException {
        JsonNode pods = JSON.readTree(in(LAB, "get", "pods", "-o", "json").ok().out()).path("items");
        for (JsonNode p : pods) {
            if (p.path("metadata").path("name").asText().startsWith(app + "-")) {
                return p.path("status").path("podIP").asText();
            }
        }
        throw new AssertionError("no " + app + " pod");
    }

    private static String curl(String hostPort) {
        return in(LAB, "exec", "host/office", "--", "curl", "-s", "-m", "5", "http://" + hostPort + "/").ok().out();
    }

    /** {@return the exit code of a TCP echo through port 3306: 0 answered, 124 timed out} */
    private static int tcp(String ip) {
        Podwire.Run r = in(LAB, "exec", "host/office", "--", "timeout", "4", "bash", "-c", "exec 3<>/dev/tcp/" + ip
                + "/3306; echo seed002 >&3; head -c 7 <&3");
        assertTrue(r.code() != 0 || r.out().equals("seed002"), r.out());
        return r.code();
    }

    private static long invalidDrops() {
        String out = in(LAB, "exec", GW, "--", "iptables", "-L", "FORWARD", "-v", "-n", "-x").ok().out();
        return out.lines().filter(l -> l.contains("ctstate INVALID")).mapToLong(l -> Long.parseLong(l.strip()
                .split("\\s+")[0])).sum();
    }

    private static String waitForMasquerade() throws InterruptedException {
        String save = "";
        for (int i = 0; i < 50; i++) {
            save = in(LAB, "rules", "node/node-b").ok().out();
            if (save.contains("--dport 80 -j KUBE-MARK-MASQ")) {
                return save;
            }
            Thread.sleep(200);
        }
        return save;
    }

    /** {@code podwire capture} running in the background, ready once tcpdump listens. */
    private static final class PodwireCapture implements AutoCloseable {
        private final Process cli;
        private final List<Long> before;

        private PodwireCapture(Process cli, List<Long> before) {
            this.cli = cli;
            this.before = before;
        }

        static PodwireCapture start(String target, String... args) throws IOException {
            List<String> argv = new ArrayList<>(List.of(Podwire.HOME.resolve("podwire").toString(), "capture",
                    "--lab", LAB, target));
            argv.addAll(List.of(args));
            Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream()));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = err.readLine()) != null && !line.contains("listening on")) {
                seen.append(line).append('\n');
            }
            if (line == null) {
                throw new AssertionError("capture did not start: " + seen);
            }
            Thread.ofVirtual().start(() -> {
                try {
                    err.transferTo(java.io.Writer.nullWriter());
                } catch (IOException e) {
                    // the CLI went away
                }
            });
            // The CLI records tcpdump in the lab record right after starting it.
            List<Long> pids = recorded();
            for (int i = 0; i < 50 && pids.isEmpty(); i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                pids = recorded();
            }
            return new PodwireCapture(p, pids);
        }

        /** {@return the PIDs the lab record holds for running captures} */
        static List<Long> recorded() throws IOException {
            JsonNode rec = JSON.readTree(Path.of("/run/podwire", LAB, "lab.json").toFile());
            List<Long> pids = new ArrayList<>();
            rec.path("processes").forEach(p -> pids.add(p.path("pid").asLong()));
            // In etcd mode (-Dpodwire.it.datastore=etcd) the record also holds etcd, the node agents and the processes
            // they start: only tcpdump (or an entry whose process is gone) is a capture's.
            pids.removeIf(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(h -> h.info()
                    .commandLine()).filter(c -> !c.contains("tcpdump")).isPresent());
            return pids;
        }

        long recordedPid() {
            assertEquals(1, before.size(), "one capture recorded: " + before);
            return before.getFirst();
        }

        /** Ends the CLI as Ctrl-C would (SIGTERM runs the same shutdown path). */
        void stop() throws InterruptedException {
            cli.destroy();
            assertTrue(cli.waitFor(10, TimeUnit.SECONDS));
        }

        boolean tcpdumpGone() throws IOException {
            return before.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    && recorded().isEmpty();
        }

        void kill9() throws InterruptedException {
            cli.destroyForcibly();
            cli.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            cli.destroyForcibly();
        }
    }
}
