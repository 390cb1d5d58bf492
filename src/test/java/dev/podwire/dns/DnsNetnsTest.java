package dev.podwire.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.net.Netns;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Root only: a server bound inside namespace {@code a} (10.124.0.1) answers {@code dig} run in namespace {@code b}
 * (10.124.0.2) over a veth pair, and forwards to an upstream server in {@code b}, which is only reachable from
 * inside {@code a}, over UDP and over TCP: proof that the forwarding sockets were created in the server's namespace
 * too.
 */
@Tag("netns")
class DnsNetnsTest {

    @Test
    void serverInsideANamespaceAnswersAndForwardsFromThere() throws Exception {
        assumeTrue("0".equals(new ProcessExecutor().run(Command.of(Netns.HOST, "id", "-u")).stdout().trim()));
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "dig is not installed");
        Executor exec = new ProcessExecutor();
        String tag = "pwtest-dns-" + Integer.toHexString(new SplittableRandom().nextInt(0x100000, 0x1000000));
        Netns a = Netns.of(tag + "-a");
        Netns b = Netns.of(tag + "-b");
        try {
            exec.run(Command.of(Netns.HOST, "ip", "netns", "add", a.name())).orThrow();
            exec.run(Command.of(Netns.HOST, "ip", "netns", "add", b.name())).orThrow();
            exec.run(Command.of(a, "ip", "link", "add", "veth-a", "type", "veth", "peer", "name", "veth-b",
                    "netns", b.name())).orThrow();
            exec.run(Command.ipBatch(a, "link set lo up\naddr add 10.124.0.1/24 dev veth-a\nlink set veth-a up\n"))
                    .orThrow();
            exec.run(Command.ipBatch(b, "link set lo up\naddr add 10.124.0.2/24 dev veth-b\nlink set veth-b up\n"))
                    .orThrow();
            ClusterZone upstreamZone = ZoneBuilder.build(DnsFixture.cluster(), ZoneConfig.of("example.com"), 1);
            InetSocketAddress upstreamAddress = new InetSocketAddress(InetAddress.getByName("10.124.0.2"), 53);
            try (DnsServer upstream = DnsServer.start(b, upstreamAddress, ZoneSource.of(upstreamZone),
                            DnsServerOptions.defaults());
                    DnsServer server = DnsServer.start(a, new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 53),
                            ZoneSource.of(DnsFixture.zone()),
                            DnsServerOptions.defaults().withUpstreams(List.of(upstreamAddress)))) {
                assertEquals(53, server.udpAddress().getPort());
                assertEquals("10.96.0.1\n", exec.run(new Command(b, List.of("dig", "@10.124.0.1", "+short",
                        "+time=2", "+tries=1", "kubernetes.default.svc.cluster.local"), "")).orThrow().stdout());
                // Forwarded over the client's transport: UDP and TCP sockets both made inside a.
                for (String transport : List.of("+notcp", "+tcp")) {
                    assertEquals("10.96.0.50\n", exec.run(new Command(b, List.of("dig", "@10.124.0.1", "+short",
                            transport, "+time=2", "+tries=1", "web.default.svc.example.com"), "")).orThrow().stdout());
                }
            }
        } finally {
            exec.run(Command.of(Netns.HOST, "ip", "netns", "delete", a.name()));
            exec.run(Command.of(Netns.HOST, "ip", "netns", "delete", b.name()));
        }
    }
}
