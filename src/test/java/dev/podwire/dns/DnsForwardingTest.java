package dev.podwire.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Forwarding on loopback: the upstream is a second DnsServer serving the same cluster as {@code example.com}, so
 * its answers are predictable.
 */
class DnsForwardingTest {
    private static DnsServer upstream() throws IOException {
        ClusterZone zone = ZoneBuilder.build(DnsFixture.cluster(), ZoneConfig.of("example.com"), 1);
        return DnsServer.startLoopback(ZoneSource.of(zone), DnsServerOptions.defaults());
    }

    private static ClusterZone zoneWithExternalName() {
        ClusterObjects base = DnsFixture.cluster();
        List<io.fabric8.kubernetes.api.model.Service> services = new java.util.ArrayList<>(base.services());
        services.add(DnsFixture.externalName("default", "remote", "kubernetes.default.svc.example.com"));
        return ZoneBuilder.build(new ClusterObjects(services, base.endpointSlices(), base.pods(), base.namespaces()),
                ZoneConfig.of("cluster.local"), 1);
    }

    @Test
    void namesOutsideTheZoneAndReverseMissesAreForwarded() throws IOException {
        try (DnsServer up = upstream();
                DnsServer server = DnsServer.startLoopback(ZoneSource.of(DnsFixture.zone()),
                        DnsServerOptions.defaults().withUpstreams(List.of(up.udpAddress())).withMetricsPort(0))) {
            Message reply = DnsServerTest.client(server.udpAddress(), false)
                    .send(DnsServerTest.query("web.default.svc.example.com.", Type.A));
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertEquals("10.96.0.50", reply.getSection(Section.ANSWER).getFirst().rdataToString());
            Message nx = DnsServerTest.client(server.udpAddress(), true)
                    .send(DnsServerTest.query("nope.default.svc.example.com.", Type.A));
            assertEquals(Rcode.NXDOMAIN, nx.getRcode());
            Message ptr = DnsServerTest.client(server.udpAddress(), false)
                    .send(DnsServerTest.query("9.9.9.9.in-addr.arpa.", Type.PTR));
            assertEquals(Rcode.NXDOMAIN, ptr.getRcode(), "the upstream's own answer");
            assertTrue(server.metricsText().contains("rcode=\"NXDOMAIN\",plugin=\"forward\"} 2"), server.metricsText());
        }
    }

    @Test
    void externalNameOutsideTheZoneIsChasedThroughTheUpstream() throws IOException {
        try (DnsServer up = upstream();
                DnsServer server = DnsServer.startLoopback(ZoneSource.of(zoneWithExternalName()),
                        DnsServerOptions.defaults().withUpstreams(List.of(up.udpAddress())))) {
            Message reply = DnsServerTest.client(server.udpAddress(), false)
                    .send(DnsServerTest.query("remote.default.svc.cluster.local.", Type.A));
            List<String> answer = reply.getSection(Section.ANSWER).stream()
                    .map(r -> Type.string(r.getType()) + " " + r.rdataToString()).toList();
            assertEquals(List.of("CNAME kubernetes.default.svc.example.com.", "A 10.96.0.1"), answer);
        }
    }

    @Test
    void aTcpQueryIsForwardedOverTcpAndComesBackWhole() throws IOException {
        // The upstream serves 100 addresses under big.default.svc.example.com: over UDP they are truncated.
        try (DnsServer up = DnsServer.startLoopback(ZoneSource.of(ZoneBuilder.build(DnsServerTest.bigCluster(),
                        ZoneConfig.of("example.com"), 1)), DnsServerOptions.defaults());
                DnsServer server = DnsServer.startLoopback(ZoneSource.of(DnsFixture.zone()),
                        DnsServerOptions.defaults().withUpstreams(List.of(up.udpAddress())))) {
            Message tcp = DnsServerTest.client(server.udpAddress(), true)
                    .send(DnsServerTest.query("big.default.svc.example.com.", Type.A));
            assertEquals(Rcode.NOERROR, tcp.getRcode());
            assertFalse(tcp.getHeader().getFlag(Flags.TC), "forwarded over TCP, the answer is whole");
            assertEquals(100, tcp.getSection(Section.ANSWER).size());
            assertTrue(up.metricsText().contains("proto=\"tcp\",family=\"1\",type=\"A\"} 1\n"), up.metricsText());
            // A UDP query still goes upstream over UDP, and its truncated answer is passed on with TC.
            byte[] udp = DnsServerTest.raw(server.udpAddress(),
                    DnsServerTest.query("big.default.svc.example.com.", Type.A).toWire()).orElseThrow();
            assertTrue(new Message(udp).getHeader().getFlag(Flags.TC));
            assertTrue(up.metricsText().contains("proto=\"udp\",family=\"1\",type=\"A\"} 1\n"), up.metricsText());
        }
    }

    @Test
    void aTcpUpstreamThatNeverAnswersGivesServFailAfterTheTimeout() throws IOException {
        try (ServerSocket mute = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                DnsServer server = DnsServer.startLoopback(ZoneSource.of(DnsFixture.zone()), DnsServerOptions.defaults()
                        .withUpstreams(List.of((InetSocketAddress) mute.getLocalSocketAddress()))
                        .withUpstreamTimeout(Duration.ofMillis(300)))) {
            long started = System.nanoTime();
            Message reply = DnsServerTest.client(server.udpAddress(), true)
                    .send(DnsServerTest.query("example.org.", Type.A));
            assertEquals(Rcode.SERVFAIL, reply.getRcode());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos());
        }
    }

    @Test
    void silentUpstreamGivesServFailAfterTheTimeout() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DnsServer server = DnsServer.startLoopback(ZoneSource.of(DnsFixture.zone()), DnsServerOptions.defaults()
                        .withUpstreams(List.of((InetSocketAddress) silent.getLocalSocketAddress()))
                        .withUpstreamTimeout(Duration.ofMillis(200)))) {
            long started = System.nanoTime();
            Message reply = DnsServerTest.client(server.udpAddress(), false)
                    .send(DnsServerTest.query("example.org.", Type.A));
            assertEquals(Rcode.SERVFAIL, reply.getRcode());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos());
            // Cluster names are still answered locally.
            assertEquals(Rcode.NOERROR, DnsServerTest.client(server.udpAddress(), false)
                    .send(DnsServerTest.query("web.default.svc.cluster.local.", Type.A)).getRcode());
        }
    }
}
