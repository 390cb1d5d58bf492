package dev.podwire.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Command;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.Result;
import dev.podwire.net.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real {@code dig} (dnsutils) against a loopback server, over UDP and TCP; skipped when dig is missing. */
class DnsDigTest {

    private static Result dig(DnsServer server, String... args) {
        List<String> argv = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p",
                String.valueOf(server.udpAddress().getPort()), "+time=2", "+tries=1"));
        argv.addAll(List.of(args));
        return new ProcessExecutor().run(new Command(Netns.HOST, argv, "")).orThrow();
    }

    @Test
    void digResolvesServicesOverUdpAndTcpAndSeesNxDomain() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "dig is not installed");
        try (DnsServer server = DnsServer.startLoopback(ZoneSource.of(DnsServerTest.bigZone()),
                DnsServerOptions.defaults())) {
            assertEquals("10.96.0.1\n", dig(server, "+short", "kubernetes.default.svc.cluster.local").stdout());
            assertEquals("0 100 443 kubernetes.default.svc.cluster.local.\n",
                    dig(server, "+tcp", "+short", "SRV", "_https._tcp.kubernetes.default.svc.cluster.local").stdout());
            assertEquals("foo.example.com.\n", dig(server, "+short", "ext.default.svc.cluster.local", "CNAME").stdout());
            assertEquals("kubernetes.default.svc.cluster.local.\n", dig(server, "+short", "-x", "10.96.0.1").stdout());
            String nx = dig(server, "missing.default.svc.cluster.local").stdout();
            assertTrue(nx.contains("status: NXDOMAIN") && nx.contains("flags: qr aa rd;"), nx);
            // Without EDNS, dig retries the truncated answer over TCP by itself and gets all 100 records.
            String big = dig(server, "+noedns", "+short", "big.default.svc.cluster.local").stdout();
            assertEquals(100, big.lines().count(), big);
            String truncated = dig(server, "+noedns", "+ignore", "big.default.svc.cluster.local").stdout();
            assertTrue(truncated.contains("flags: qr aa tc rd;"), truncated);
        }
    }
}
