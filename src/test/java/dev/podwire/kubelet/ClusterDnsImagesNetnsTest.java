package dev.podwire.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.datastore.InMemoryDatastore;
import dev.podwire.dns.ClusterObjects;
import dev.podwire.dns.DnsServerOptions;
import dev.podwire.dns.DnsServer;
import dev.podwire.dns.ZoneBuilder;
import dev.podwire.dns.ZoneConfig;
import dev.podwire.dns.ZoneSource;
import dev.podwire.host.Command;
import dev.podwire.lab.LabNames;
import dev.podwire.labfile.LabFiles;
import dev.podwire.labfile.LabSpec;
import dev.podwire.net.Netns;
import dev.podwire.testing.TestNetns;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root only: a coredns container of a lab without {@code spec.dns.upstream} forwards names outside the cluster to the
 * resolvers of its node's resolv.conf, as CoreDNS's default Corefile does. The pod's namespace {@code p}
 * (10.125.0.1) and an upstream's namespace {@code u} (10.125.0.2) are joined by a veth pair; no query leaves them.
 */
@Tag("netns")
class ClusterDnsImagesNetnsTest {
    @TempDir
    Path tmp;

    private LabSpec lab(String dns) throws Exception {
        Path file = tmp.resolve("lab.yaml");
        Files.writeString(file, """
                apiVersion: podwire.dev/v1alpha1
                kind: Lab
                metadata: {name: dnsfw}
                spec:
                  underlay:
                    segments: [{name: lan, subnet: 192.168.81.0/24}]
                  nodes: [{name: n1, segment: lan, address: 192.168.81.11}]
                  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}
                """ + dns);
        return LabFiles.load(List.of(file)).lab();
    }

    private static Pod corednsPod() {
        return new PodBuilder().withNewMetadata().withNamespace("kube-system").withName("coredns-1").endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("coredns")
                .withImage("registry.k8s.io/coredns/coredns:v1.11.3").endContainer().endSpec().build();
    }

    // What the upstream knows: web.default.svc.upstream.test A 10.96.7.7.
    private static ZoneSource upstreamZone() {
        var web = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                .withNewSpec().withClusterIP("10.96.7.7").withClusterIPs("10.96.7.7").endSpec().build();
        return ZoneSource.of(ZoneBuilder.build(new ClusterObjects(List.of(web), List.of(), List.of(), List.of()),
                ZoneConfig.of("upstream.test"), 1));
    }

    @Test
    void withoutUpstreamOutsideNamesGoToTheNodesResolversOverUdpAndTcp() throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "dig is not installed");
        try (TestNetns p = TestNetns.create("dnsp"); TestNetns u = TestNetns.create("dnsu")) {
            p.ok("ip", "link", "add", "veth-p", "type", "veth", "peer", "name", "veth-u", "netns", u.netns().name());
            p.run(Command.ipBatch(p.netns(), "addr add 10.125.0.1/24 dev veth-p\nlink set veth-p up\n")).orThrow();
            u.run(Command.ipBatch(u.netns(), "addr add 10.125.0.2/24 dev veth-u\nlink set veth-u up\n")).orThrow();
            ClusterStore cluster = new ClusterStore(new InMemoryDatastore(Clock.systemUTC()), Clock.systemUTC(),
                    new SplittableRandom(1));
            List<Netns> asked = new ArrayList<>();
            InetSocketAddress upstream = new InetSocketAddress(InetAddress.ofLiteral("10.125.0.2"), 53);
            Pod pod = corednsPod();
            Container container = pod.getSpec().getContainers().getFirst();
            try (DnsServer up = DnsServer.start(u.netns(), upstream, upstreamZone(), DnsServerOptions.defaults());
                    ClusterDnsImages images = ClusterDnsImages.start(lab(""), cluster, node -> {
                        asked.add(node);
                        return List.of(upstream);
                    });
                    AutoCloseable dns = images.start(p.netns(), pod, container).orElseThrow()) {
                for (String transport : List.of("+notcp", "+tcp")) {
                    assertEquals("10.96.7.7\n", u.ok("dig", "@10.125.0.1", "+short", transport, "+time=3",
                            "+tries=1", "web.default.svc.upstream.test"), transport);
                }
                assertEquals(List.of(new LabNames("dnsfw").machine("n1")), asked, "the coredns pod's node");
            }
            // A lab that names its upstream forwards there and never reads the node's resolv.conf.
            asked.clear();
            try (ClusterDnsImages images = ClusterDnsImages.start(lab("  dns: {upstream: [10.125.0.2]}\n"),
                    cluster, node -> {
                        asked.add(node);
                        return List.of();
                    });
                    DnsServer up = DnsServer.start(u.netns(), upstream, upstreamZone(), DnsServerOptions.defaults());
                    AutoCloseable dns = images.start(p.netns(), pod, container).orElseThrow()) {
                assertEquals("10.96.7.7\n", u.ok("dig", "@10.125.0.1", "+short", "+time=3", "+tries=1",
                        "web.default.svc.upstream.test"));
                assertEquals(List.of(), asked);
            }
        }
    }
}
