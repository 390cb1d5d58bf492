package dev.podwire.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Loopback tests: a real server on 127.0.0.1, queried by dnsjava's own client and by raw datagrams. */
class DnsServerTest {
    private DnsServer server;

    @BeforeEach
    void start() throws IOException {
        server = DnsServer.startLoopback(ZoneSource.of(bigZone()), DnsServerOptions.defaults().withMetricsPort(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // The fixture plus a headless "big" service with 100 ready endpoints (about 1.6 KB of A records).
    static ClusterZone bigZone() {
        return ZoneBuilder.build(bigCluster(), ZoneConfig.of("cluster.local"), DnsFixture.SERIAL);
    }

    static ClusterObjects bigCluster() {
        ClusterObjects base = DnsFixture.cluster();
        List<Service> services = new ArrayList<>(base.services());
        services.add(DnsFixture.service("default", "big", List.of("None"), DnsFixture.port("http", 80, "TCP")));
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            endpoints.add(DnsFixture.endpoint("10.244.3." + i, null, true));
        }
        List<EndpointSlice> slices = new ArrayList<>(base.endpointSlices());
        slices.add(DnsFixture.slice("default", "big", endpoints, "http", 80));
        return new ClusterObjects(services, slices, base.pods(), base.namespaces());
    }

    static SimpleResolver client(InetSocketAddress address, boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(address);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver;
    }

    static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
    }

    /** Sends raw bytes over UDP; {@return the raw reply, or empty after 300 ms} */
    static Optional<byte[]> raw(InetSocketAddress to, byte[] payload) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(300);
            socket.send(new DatagramPacket(payload, payload.length, to));
            byte[] buffer = new byte[65535];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            return Optional.of(java.util.Arrays.copyOf(buffer, packet.getLength()));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    @Test
    void udpAndTcpGiveTheSameAuthoritativeAnswer() throws IOException {
        for (boolean tcp : new boolean[] {false, true}) {
            Message reply = client(server.udpAddress(), tcp).send(query("kubernetes.default.svc.cluster.local.", Type.A));
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertTrue(reply.getHeader().getFlag(Flags.AA));
            assertFalse(reply.getHeader().getFlag(Flags.RA));
            assertEquals("10.96.0.1", reply.getSection(Section.ANSWER).getFirst().rdataToString());
        }
        assertEquals(server.udpAddress().getPort(), server.tcpAddress().getPort());
    }

    @Test
    void apexNsNamesTheKubeDnsServiceWithItsClusterIpAsGlue() throws IOException {
        Message reply = client(server.udpAddress(), false).send(query("cluster.local.", Type.NS));
        assertEquals(List.of("kube-dns.kube-system.svc.cluster.local."),
                reply.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList());
        assertEquals(List.of("kube-dns.kube-system.svc.cluster.local. 10.96.0.10"),
                reply.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A)
                        .map(r -> r.getName() + " " + r.rdataToString()).toList());
    }

    @Test
    void checkingDisabledAndRecursionDesiredAreCopiedIntoTheReply() throws IOException {
        for (String name : List.of("web.default.svc.cluster.local.", "nope.default.svc.cluster.local.")) {
            Message query = query(name, Type.A);
            query.getHeader().setFlag(Flags.CD);
            Message reply = new Message(raw(server.udpAddress(), query.toWire()).orElseThrow());
            assertTrue(reply.getHeader().getFlag(Flags.CD), name);
            assertTrue(reply.getHeader().getFlag(Flags.RD), name);
            Message plain = new Message(raw(server.udpAddress(), query(name, Type.A).toWire()).orElseThrow());
            assertFalse(plain.getHeader().getFlag(Flags.CD), name);
        }
    }

    @Test
    void nxDomainCarriesTheSoaInAuthority() throws IOException {
        Message reply = client(server.udpAddress(), false).send(query("nope.default.svc.cluster.local.", Type.A));
        assertEquals(Rcode.NXDOMAIN, reply.getRcode());
        assertEquals(Type.SOA, reply.getSection(Section.AUTHORITY).getFirst().getType());
        assertTrue(reply.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void unknownTypeAtAnExistingNameIsNoData() throws IOException {
        Message reply = client(server.udpAddress(), false).send(query("web.default.svc.cluster.local.", 65400));
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertTrue(reply.getSection(Section.ANSWER).isEmpty());
        assertEquals(1, reply.getSection(Section.AUTHORITY).size());
    }

    @Test
    void namesOutsideTheZoneAreRefusedWithoutUpstream() throws IOException {
        assertEquals(Rcode.REFUSED, client(server.udpAddress(), false).send(query("example.com.", Type.A)).getRcode());
    }

    @Test
    void bigAnswerIsTruncatedAt512BytesWithoutEdnsAndCompleteOverTcp() throws IOException {
        byte[] reply = raw(server.udpAddress(), query("big.default.svc.cluster.local.", Type.A).toWire()).orElseThrow();
        assertTrue(reply.length <= 512, "length " + reply.length);
        Message truncated = new Message(reply);
        assertTrue(truncated.getHeader().getFlag(Flags.TC));
        // dnsjava's client retries over TCP when it sees TC, as resolvers should.
        Message full = client(server.udpAddress(), false).send(query("big.default.svc.cluster.local.", Type.A));
        assertFalse(full.getHeader().getFlag(Flags.TC));
        assertEquals(100, full.getSection(Section.ANSWER).size());
    }

    @Test
    void aTruncatedAnswerCarriesTheRecordsThatFitLikeCoreDns() throws IOException {
        // 12 header + 35 question bytes, then 16 per compressed A record: 29 fit in 512 bytes. Old resolvers
        // without TCP fallback (musl before 1.2.4) use them; CoreDNS (miekg/dns Msg.Truncate) keeps them too.
        byte[] wire = raw(server.udpAddress(), query("big.default.svc.cluster.local.", Type.A).toWire())
                .orElseThrow();
        Message reply = new Message(wire);
        assertTrue(reply.getHeader().getFlag(Flags.TC));
        assertEquals(Rcode.NOERROR, reply.getRcode());
        assertEquals(29, reply.getSection(Section.ANSWER).size(), reply.toString());
        assertTrue(wire.length <= 512 && wire.length > 512 - 16, "length " + wire.length);
        assertTrue(reply.getSection(Section.ANSWER).stream().allMatch(r -> r.getType() == Type.A
                && r.getName().equals(Name.fromConstantString("big.default.svc.cluster.local."))));
        // With EDNS0 the OPT record is kept and counted: (1232 - 47 - 11) / 16 = 73 records.
        Message edns = query("big.default.svc.cluster.local.", Type.A);
        edns.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Message cut = new Message(raw(server.udpAddress(), edns.toWire()).orElseThrow());
        assertTrue(cut.getHeader().getFlag(Flags.TC));
        assertEquals(73, cut.getSection(Section.ANSWER).size());
        assertNotNull(cut.getOPT());
    }

    @Test
    void ednsClientGetsItsBufferSizeHonouredAndTheOptEchoed() throws IOException {
        Message query = query("big.default.svc.cluster.local.", Type.A);
        query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        byte[] wire = raw(server.udpAddress(), query.toWire()).orElseThrow();
        Message reply = new Message(wire);
        assertTrue(wire.length > 512);
        assertFalse(reply.getHeader().getFlag(Flags.TC));
        assertEquals(100, reply.getSection(Section.ANSWER).size());
        assertNotNull(reply.getOPT());
        assertEquals(4096, reply.getOPT().getPayloadSize());
        Message small = query("big.default.svc.cluster.local.", Type.A);
        small.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        byte[] cut = raw(server.udpAddress(), small.toWire()).orElseThrow();
        assertTrue(cut.length <= 1232, "length " + cut.length);
        assertTrue(new Message(cut).getHeader().getFlag(Flags.TC));
        assertNotNull(new Message(cut).getOPT());
    }

    @Test
    void unsupportedEdnsVersionGetsBadVers() throws IOException {
        Message query = query("web.default.svc.cluster.local.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
        Message reply = new Message(raw(server.udpAddress(), query.toWire()).orElseThrow());
        assertEquals(Rcode.BADVERS, reply.getRcode());
    }

    @Test
    void malformedQueryGetsFormErrWithItsId() throws IOException {
        byte[] wire = query("web.default.svc.cluster.local.", Type.A).toWire();
        byte[] broken = java.util.Arrays.copyOf(wire, wire.length - 3);
        Message reply = new Message(raw(server.udpAddress(), broken).orElseThrow());
        assertEquals(Rcode.FORMERR, reply.getRcode());
        assertEquals(((wire[0] & 0xff) << 8) | (wire[1] & 0xff), reply.getHeader().getID());
        assertTrue(reply.getHeader().getFlag(Flags.QR));
    }

    @Test
    void queryWithTwoQuestionsIsFormErr() throws IOException {
        Message query = query("web.default.svc.cluster.local.", Type.A);
        query.addRecord(Record.newRecord(Name.fromConstantString("db.default.svc.cluster.local."), Type.A, DClass.IN),
                Section.QUESTION);
        assertEquals(Rcode.FORMERR, new Message(raw(server.udpAddress(), query.toWire()).orElseThrow()).getRcode());
    }

    @Test
    void runtShortPacketsAndResponsesGetNoReply() throws IOException {
        assertTrue(raw(server.udpAddress(), new byte[] {1, 2, 3}).isEmpty());
        Message response = query("web.default.svc.cluster.local.", Type.A);
        response.getHeader().setFlag(Flags.QR);
        assertTrue(raw(server.udpAddress(), response.toWire()).isEmpty());
    }

    @Test
    void otherOpcodesGetNotImp() throws IOException {
        Message notify = query("cluster.local.", Type.SOA);
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        assertEquals(Rcode.NOTIMP, new Message(raw(server.udpAddress(), notify.toWire()).orElseThrow()).getRcode());
    }

    @Test
    void randomBytesNeverStopTheServer() throws IOException {
        java.util.random.RandomGenerator random = new java.util.SplittableRandom(42);
        byte[] valid = query("web.default.svc.cluster.local.", Type.A).toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            for (int i = 0; i < 3000; i++) {
                byte[] junk;
                if (i % 2 == 0) {
                    junk = new byte[random.nextInt(0, 600)];
                    random.nextBytes(junk);
                } else {
                    junk = valid.clone();
                    junk[random.nextInt(junk.length)] = (byte) random.nextInt(256);
                    junk[random.nextInt(junk.length)] = (byte) random.nextInt(256);
                }
                socket.send(new DatagramPacket(junk, junk.length, server.udpAddress()));
            }
        }
        // The burst may still fill the server's in-flight limit (it drops beyond 1024, as UDP allows): retry like
        // a resolver would. What must hold is that the server still answers correctly afterwards.
        Message reply = null;
        for (int attempt = 0; attempt < 5 && reply == null; attempt++) {
            try {
                reply = client(server.udpAddress(), false).send(query("web.default.svc.cluster.local.", Type.A));
            } catch (IOException timedOut) {
                // try again
            }
        }
        assertTrue(reply != null, "the server answers again after the garbage burst");
        assertEquals("10.96.0.50", reply.getSection(Section.ANSWER).getFirst().rdataToString());
    }

    @Test
    void metricsEndpointServesCoreDnsCounters() throws IOException {
        client(server.udpAddress(), false).send(query("web.default.svc.cluster.local.", Type.A));
        client(server.udpAddress(), true).send(query("nope.default.svc.cluster.local.", Type.SRV));
        String text = DnsTestHttp.get(server.metricsAddress().orElseThrow(), "/metrics");
        String serverLabel = "server=\"dns://127.0.0.1:" + server.udpAddress().getPort() + "\",view=\"\",zone=\".\"";
        assertTrue(text.startsWith("HTTP/1.1 200 OK"), text);
        assertTrue(text.contains("coredns_dns_requests_total{" + serverLabel
                + ",proto=\"udp\",family=\"1\",type=\"A\"} 1\n"), text);
        assertTrue(text.contains("coredns_dns_requests_total{" + serverLabel
                + ",proto=\"tcp\",family=\"1\",type=\"SRV\"} 1\n"), text);
        assertTrue(text.contains("coredns_dns_responses_total{" + serverLabel
                + ",rcode=\"NXDOMAIN\",plugin=\"kubernetes\"} 1\n"), text);
        assertTrue(text.contains("coredns_dns_request_duration_seconds_count{" + serverLabel + ",type=\"A\"} 1\n"),
                text);
        assertTrue(text.contains("# TYPE coredns_dns_request_duration_seconds histogram"), text);
        assertTrue(DnsTestHttp.get(server.metricsAddress().orElseThrow(), "/other").startsWith("HTTP/1.1 404"));
    }
}
