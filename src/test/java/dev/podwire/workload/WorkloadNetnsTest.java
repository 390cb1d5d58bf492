package dev.podwire.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Command;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import dev.podwire.host.NetnsThreads;
import dev.podwire.net.Protocol;

/** A workload in namespace b, reached from namespace a over a veth pair by real curl, wget and nc. Needs root. */
@Tag("netns")
class WorkloadNetnsTest {
    private static final Ipv4 POD_B = Ipv4.parse("10.123.0.2");
    private static final Duration T = Duration.ofSeconds(3);
    private static final WorkloadSpec SPEC = new WorkloadSpec("web-0", "default", "nginx:1.14.2", List.of(
            new PortSpec("http", 80, Protocol.TCP), new PortSpec("udp-echo", 5005, Protocol.UDP)));

    private final ProcessExecutor exec = new ProcessExecutor();

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private String sh(Netns ns, String script) {
        return exec.run(new Command(ns, List.of("bash", "-c", script), "")).orThrow().stdout();
    }

    private boolean hasProgram(String name) {
        return exec.run(Command.of(Netns.HOST, "bash", "-c", "command -v " + name)).ok();
    }

    @Test
    void realClientsInOtherNamespaceReachWorkloadAndHostDoesNotSeeIt() throws Exception {
        assumeTrue(isRoot(), "needs root for ip netns");
        String hostTcpBefore = sh(Netns.HOST, "ss -ltnH 'sport = :80'");
        String hostUdpBefore = sh(Netns.HOST, "ss -lunH 'sport = :5005'");
        try (WorkloadTestNetns net = new WorkloadTestNetns(exec, RandomGenerator.getDefault());
                Workload w = Workload.start(net.b, SPEC)) {
            assertEquals(SPEC.ports(), w.boundPorts());

            // The sockets live in b: b's ss shows them on 0.0.0.0, the root namespace gained nothing.
            assertTrue(sh(net.b, "ss -ltnH").contains("0.0.0.0:80 "), sh(net.b, "ss -ltn"));
            assertTrue(sh(net.b, "ss -lunH").contains("0.0.0.0:5005 "), sh(net.b, "ss -lun"));
            assertEquals(hostTcpBefore, sh(Netns.HOST, "ss -ltnH 'sport = :80'"));
            assertEquals(hostUdpBefore, sh(Netns.HOST, "ss -lunH 'sport = :5005'"));
            assertEquals("", sh(net.a, "ss -ltnH 'sport = :80'"));

            // Real curl and wget from a.
            assertEquals("web-0", sh(net.a, "curl -s --max-time 3 http://10.123.0.2/hostname"));
            assertTrue(sh(net.a, "curl -s --max-time 3 http://10.123.0.2/clientip").startsWith("10.123.0.1:"));
            assertTrue(sh(net.a, "curl -s --max-time 3 http://10.123.0.2/").contains("<h1>Welcome to nginx!</h1>"));
            assertTrue(sh(net.a, "curl -sI --max-time 3 http://10.123.0.2/").contains("Server: nginx/1.14.2"));
            assertEquals("hi there", sh(net.a, "wget -qO- -T 3 'http://10.123.0.2/echo?msg=hi%20there'"));
            assertEquals("404", sh(net.a, "curl -s -o /dev/null -w '%{http_code}' --max-time 3 http://10.123.0.2/x"));
            // Two URLs in one curl run reuse the connection (keep-alive).
            String twice = exec.run(new Command(net.a, List.of("curl", "-sv", "--max-time", "3",
                    "http://10.123.0.2/healthz", "http://10.123.0.2/healthz"), "")).orThrow().stderr();
            assertTrue(twice.contains("Re-using existing connection") || twice.contains("Reusing existing"), twice);

            // UDP with bash's /dev/udp (a connected socket, so the reply comes back on fd 3).
            assertEquals("web-0", sh(net.a, "exec 3<>/dev/udp/10.123.0.2/5005; echo hostname >&3; "
                    + "timeout 3 dd bs=2048 count=1 <&3 2>/dev/null"));
            assertTrue(sh(net.a, "exec 3<>/dev/udp/10.123.0.2/5005; echo clientip >&3; "
                    + "timeout 3 dd bs=2048 count=1 <&3 2>/dev/null").startsWith("10.123.0.1:"));
            if (hasProgram("nc")) {
                assertEquals("ping", sh(net.a, "echo 'echo ping' | nc -u -w1 10.123.0.2 5005"));
                // TCP echo: not an HTTP request line.
                assertEquals("hello tcp\n", sh(net.a, "echo 'hello tcp' | nc -N -w3 10.123.0.2 80"));
            }

            // Probes, each with its socket created in the probing namespace.
            assertInstanceOf(ProbeResult.Connected.class, Probe.tcpConnect(net.a, POD_B, 80, T));
            assertEquals(new ProbeResult.Refused(), Probe.tcpConnect(net.a, POD_B, 81, T));
            assertInstanceOf(ProbeResult.Connected.class, Probe.tcpConnect(net.b, Ipv4.parse("127.0.0.1"), 80, T));
            HttpReply.Answered ip = assertInstanceOf(HttpReply.Answered.class,
                    Probe.httpGet(net.a, POD_B, 80, "/clientip", T));
            assertTrue(ip.body().startsWith("10.123.0.1:"), ip.body());
            if (hostTcpBefore.isEmpty()) {
                assertEquals(new ProbeResult.Refused(),
                        Probe.tcpConnect(Netns.HOST, Ipv4.parse("127.0.0.1"), 80, T));
            }

            // NetnsThreads really switches the thread's namespace.
            Path self = Path.of("/proc/thread-self/ns/net");
            assertNotEquals(Files.readSymbolicLink(self),
                    NetnsThreads.call(net.b, () -> Files.readSymbolicLink(self)));

            w.close();
            assertEquals(new ProbeResult.Refused(), Probe.tcpConnect(net.a, POD_B, 80, T));
            assertFalse(sh(net.b, "ss -ltnH").contains(":80 "));
        }
        assertFalse(sh(Netns.HOST, "ip netns list").contains("pwtest-wl-"));
    }
}
