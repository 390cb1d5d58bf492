package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.dns.ClusterObjects;
import dev.podwire.dns.DnsServerOptions;
import dev.podwire.dns.DnsServer;
import dev.podwire.dns.ZoneBuilder;
import dev.podwire.dns.ZoneConfig;
import dev.podwire.dns.ZoneSource;
import dev.podwire.net.Netns;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seed 001's DNS experiments with real dig, nslookup and curl inside pods, through the kube-dns Service. The lab names
 * no {@code dns.upstream}, so names outside the cluster go to the nodes' resolv.conf: each node is given one
 * ({@code /etc/netns/dnslab-<node>/resolv.conf}, what {@code ip netns exec} shows the node) naming the lab's host
 * {@code client}, where this test serves a fake upstream zone {@code upstream.test}. No query leaves the lab.
 */
@Tag("netns")
class DnsIT {
    private static final String LAB = "dnslab";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NODES = List.of("kubernetes01", "kubernetes02", "kubernetes03");
    private static final String UPSTREAM = "192.168.16.100";
    private static String client;
    private static DnsServer upstream;

    @BeforeAll
    static void up() throws Exception {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        for (String node : NODES) {
            Path dir = Path.of("/etc/netns", LAB + "-" + node);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("resolv.conf"), "nameserver " + UPSTREAM + "\n");
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("dnslab", ".yaml");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(
                java.nio.file.Path.of("examples/seed-001-services.yaml")).replace("name: services}", "name: dnslab}"));
        podwire("up", file.toString()).ok();
        java.nio.file.Files.delete(file);
        in(LAB, "apply", "-f", "src/test/resources/e2e/dns-extra.yaml").ok();
        client = JSON.readTree(in(LAB, "get", "pods", "-o", "json").ok().out()).path("items").get(0)
                .path("metadata").path("name").asText();
        // The fake upstream: web.default.svc.upstream.test A 10.96.7.7, on the host client of the lab's LAN.
        var web = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                .withNewSpec().withClusterIP("10.96.7.7").withClusterIPs("10.96.7.7").endSpec().build();
        upstream = DnsServer.start(Netns.of(LAB + "-client"), new InetSocketAddress(InetAddress.ofLiteral(UPSTREAM), 53),
                ZoneSource.of(ZoneBuilder.build(new ClusterObjects(List.of(web), List.of(), List.of(), List.of()),
                        ZoneConfig.of("upstream.test"), 1)), DnsServerOptions.defaults());
    }

    @AfterAll
    static void down() throws Exception {
        if (Podwire.isRoot()) {
            if (upstream != null) {
                upstream.close();
            }
            podwire("down", LAB).ok();
            assertEquals(List.of(), namespaces(LAB + "-"));
            for (String node : NODES) {
                Path dir = Path.of("/etc/netns", LAB + "-" + node);
                Files.deleteIfExists(dir.resolve("resolv.conf"));
                Files.deleteIfExists(dir);
            }
        }
    }

    static String clusterIp(String ns, String svc) throws Exception {
        return JSON.readTree(in(LAB, "get", "svc", svc, "-n", ns, "-o", "json").ok().out()).path("spec")
                .path("clusterIP").asText();
    }

    static String dig(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("exec", "pod/" + client, "--", "dig", "+noall",
                "+answer", "+comments"));
        argv.addAll(List.of(args));
        // dig separates columns with tabs or, for long names, spaces: compare with white space collapsed.
        return in(LAB, argv.getFirst(), argv.subList(1, argv.size()).toArray(String[]::new)).ok().out()
                .replaceAll("[ \\t]+", " ");
    }

    @Test
    void curlReachesTheServiceByShortNamespacedAndFullName() {
        for (String name : List.of("httpd-svc", "httpd-svc.default", "httpd-svc.default.svc.cluster.local")) {
            assertEquals("<html><body><h1>It works!</h1></body></html>\n",
                    in(LAB, "exec", "pod/" + client, "--", "curl", "-s", "-m", "5", name + ":8080").ok().out(), name);
        }
    }

    @Test
    void nslookupShowsTheKubeDnsServerAndTheClusterIp() throws Exception {
        String out = in(LAB, "exec", "pod/" + client, "--", "nslookup", "httpd-svc").ok().out();
        assertTrue(out.contains("Server:\t\t10.96.0.10"), out);
        assertTrue(out.contains("Name:\thttpd-svc.default.svc.cluster.local\nAddress: " + clusterIp("default",
                "httpd-svc")), out);
        String ptr = dig("-x", "10.96.0.10");
        assertTrue(ptr.contains("PTR kube-dns.kube-system.svc.cluster.local."), ptr);
    }

    @Test
    void srvPtrHeadlessExternalNameOverUdpAndTcp() throws Exception {
        for (String transport : List.of("+notcp", "+tcp")) {
            String srv = dig(transport, "_https._tcp.kubernetes.default.svc.cluster.local", "SRV");
            assertTrue(srv.contains("SRV 0 100 443 kubernetes.default.svc.cluster.local."), srv);
            String ptr = dig(transport, "-x", clusterIp("default", "httpd-svc"));
            assertTrue(ptr.contains("PTR httpd-svc.default.svc.cluster.local."), ptr);
            String headless = dig(transport, "db.default.svc.cluster.local", "A");
            assertEquals(2, headless.lines().filter(l -> l.contains(" IN A 10.244.")).count(), headless);
            String hsrv = dig(transport, "_mysql._tcp.db.default.svc.cluster.local", "SRV");
            assertEquals(2, hsrv.lines().filter(l -> l.contains(" 3306 ")).count(), hsrv);
            String cname = dig(transport, "docs.default.svc.cluster.local", "A");
            assertTrue(cname.contains("CNAME kubernetes.default.svc.cluster.local.")
                    && cname.contains("A 10.96.0.1"), cname);
        }
    }

    @Test
    void nxdomainAndNodataAreTold() {
        String nx = dig("nothing-here.default.svc.cluster.local", "A");
        assertTrue(nx.contains("status: NXDOMAIN"), nx);
        String nodata = dig("httpd-svc.default.svc.cluster.local", "MX");
        assertTrue(nodata.contains("status: NOERROR") && nodata.contains("ANSWER: 0"), nodata);
    }

    @Test
    void withoutUpstreamOutsideNamesGoToTheNodesResolversOverTheClientsTransport() {
        for (String transport : List.of("+notcp", "+tcp")) {
            String a = dig(transport, "web.default.svc.upstream.test", "A");
            assertTrue(a.contains("status: NOERROR") && a.contains("web.default.svc.upstream.test. 5 IN A 10.96.7.7"),
                    transport + ": " + a);
            String nx = dig(transport, "nothing.default.svc.upstream.test", "A");
            assertTrue(nx.contains("status: NXDOMAIN"), "the upstream's own answer: " + nx);
        }
        assertTrue(upstream.metricsText().contains("proto=\"tcp\""), "the TCP query went upstream over TCP");
    }

    @Test
    void apexNsAndNamedPortAddressAnswerLikeCoreDns() throws Exception {
        String ns = dig("cluster.local", "NS");
        assertTrue(ns.contains("NS kube-dns.kube-system.svc.cluster.local."), ns);
        String a = dig("_https._tcp.kubernetes.default.svc.cluster.local", "A");
        assertTrue(a.contains("_https._tcp.kubernetes.default.svc.cluster.local. 5 IN A "
                + clusterIp("default", "kubernetes")), a);
    }

    @Test
    void answersFollowTheClusterWithinASecond() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("late", ".yaml");
        java.nio.file.Files.writeString(f, "apiVersion: v1\nkind: Service\nmetadata: {name: late}\n"
                + "spec: {selector: {run: httpd}, ports: [{port: 81, targetPort: 80}]}\n");
        try {
            in(LAB, "apply", "-f", f.toString()).ok();
            Thread.sleep(1000);
            String ip = clusterIp("default", "late");
            String a = dig("late.default.svc.cluster.local", "A");
            assertTrue(a.contains("A " + ip), a);
        } finally {
            java.nio.file.Files.delete(f);
        }
    }
}
