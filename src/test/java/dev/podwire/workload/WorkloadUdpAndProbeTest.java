package dev.podwire.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.podwire.net.Protocol;

class WorkloadUdpAndProbeTest {
    private static final Ipv4 LOCALHOST = Ipv4.parse("127.0.0.1");
    private static final WorkloadSpec SPEC = new WorkloadSpec("echo-7", "team-a", "agnhost:2.39", List.of(
            new PortSpec("http", 8080, Protocol.TCP), new PortSpec("dns", 5353, Protocol.UDP),
            new PortSpec("sig", 9999, Protocol.SCTP)));

    private static String udp(DatagramSocket s, int port, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
        DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
        s.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void udpPortAnswersAgnhostCommands() throws IOException {
        try (Workload w = Workload.start(Netns.HOST, SPEC, WorkloadLoopbackTest.LOOPBACK);
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(3000);
            int port = w.boundPorts().get(1).port();
            assertEquals("echo-7", udp(s, port, "hostname\n"));
            assertEquals("Hello There", udp(s, port, "echo Hello There"));
            assertEquals("127.0.0.1:" + s.getLocalPort(), udp(s, port, "clientip"));
            assertEquals("whatever\n", udp(s, port, "whatever\n"));
        }
    }

    @Test
    void sctpPortIsSkippedAndReported() {
        try (Workload w = Workload.start(Netns.HOST, SPEC, WorkloadLoopbackTest.LOOPBACK)) {
            assertEquals(List.of("http", "dns"), w.boundPorts().stream().map(PortSpec::name).toList());
            assertEquals(List.of(Protocol.TCP, Protocol.UDP), w.boundPorts().stream().map(PortSpec::protocol).toList());
            assertEquals(List.of(SPEC.ports().get(2)), w.skippedPorts());
        }
    }

    @Test
    void probesConnectAndGetAgainstRunningWorkload() {
        try (Workload w = Workload.start(Netns.HOST, SPEC, WorkloadLoopbackTest.LOOPBACK)) {
            int port = w.boundPorts().getFirst().port();
            assertInstanceOf(ProbeResult.Connected.class,
                    Probe.tcpConnect(Netns.HOST, LOCALHOST, port, Duration.ofSeconds(2)));
            HttpReply reply = Probe.httpGet(Netns.HOST, LOCALHOST, port, "/hostname", Duration.ofSeconds(2));
            HttpReply.Answered a = assertInstanceOf(HttpReply.Answered.class, reply);
            assertEquals(200, a.status());
            assertEquals("echo-7", a.body());
            assertEquals("text/plain; charset=utf-8", a.header("Content-Type").orElseThrow());
            HttpReply.Answered index = assertInstanceOf(HttpReply.Answered.class,
                    Probe.httpGet(Netns.HOST, LOCALHOST, port, "/", Duration.ofSeconds(2)));
            assertTrue(index.body().startsWith("NOW: "), index.body());
            HttpReply.Answered missing = assertInstanceOf(HttpReply.Answered.class,
                    Probe.httpGet(Netns.HOST, LOCALHOST, port, "/missing", Duration.ofSeconds(2)));
            assertEquals(404, missing.status());
        }
    }

    @Test
    void probesReportRefusedAndTimedOut() throws IOException {
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        assertEquals(new ProbeResult.Refused(), Probe.tcpConnect(Netns.HOST, LOCALHOST, freePort, Duration.ofSeconds(1)));
        assertEquals(new HttpReply.Refused(), Probe.httpGet(Netns.HOST, LOCALHOST, freePort, "/", Duration.ofSeconds(1)));
        // A listener that accepts but never answers: the GET must time out, not hang.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(new HttpReply.TimedOut(),
                    Probe.httpGet(Netns.HOST, LOCALHOST, silent.getLocalPort(), "/", Duration.ofMillis(300)));
        }
    }

    @Test
    void probeFromMissingNamespaceIsFailedValue() {
        ProbeResult r = Probe.tcpConnect(Netns.of("pwtest-wl-nope"), LOCALHOST, 80, Duration.ofSeconds(1));
        assertTrue(r instanceof ProbeResult.Failed f && f.message().contains("pwtest-wl-nope"), r.toString());
    }

    @Test
    void probeParsesResponseHeadAndBody() {
        byte[] raw = "HTTP/1.1 201 Created\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nokEXTRA".getBytes(StandardCharsets.UTF_8);
        assertEquals("Answered[status=201, headers={content-length=2, x-a=1}, body=ok]", Probe.parse(raw).toString());
        assertInstanceOf(HttpReply.Failed.class, Probe.parse("garbage".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void portInUseFailsStartNamingPortAndNamespace() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WorkloadOptions fixed = new WorkloadOptions(LOCALHOST, false, InstantSource.system(),
                    Duration.ofSeconds(1), Duration.ofMillis(100), 4);
            WorkloadSpec spec = new WorkloadSpec("p", "default", "busybox", List.of(
                    PortSpec.of(taken.getLocalPort(), Protocol.UDP), PortSpec.of(taken.getLocalPort(), Protocol.TCP)));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Workload.start(Netns.HOST, spec, fixed));
            assertTrue(e.getMessage().startsWith("bind 127.0.0.1:" + taken.getLocalPort() + "/TCP in netns host: "),
                    e.getMessage());
        }
    }

    @Test
    void specsRejectBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new PortSpec("http", 0, Protocol.TCP));
        assertThrows(IllegalArgumentException.class, () -> new PortSpec("Not_Valid", 80, Protocol.TCP));
        assertThrows(IllegalArgumentException.class, () -> new WorkloadSpec("", "default", "nginx", List.of()));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new WorkloadSpec("p",
                "default", "nginx", List.of(PortSpec.of(80, Protocol.TCP), PortSpec.of(80, Protocol.TCP))));
        assertEquals("ports: 80/TCP listed twice (expected: each port number and protocol at most once)",
                dup.getMessage());
        assertEquals(Protocol.UDP, Protocol.parse("udp"));
    }
}
