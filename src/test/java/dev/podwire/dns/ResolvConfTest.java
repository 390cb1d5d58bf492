package dev.podwire.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.net.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which resolvers a node's DNS pod forwards to, from files in a temporary /etc (no real file is read). */
class ResolvConfTest {
    private static final Netns NODE = Netns.of("lab-n1");

    @TempDir
    Path etc;

    private Path resolved() {
        return etc.resolve("run-systemd-resolve-resolv.conf");
    }

    private static InetSocketAddress dns(String ip) {
        return new InetSocketAddress(InetAddress.ofLiteral(ip), 53);
    }

    @Test
    void nameserverLinesInOrderWithCommentsAndOtherKeywordsIgnored() {
        assertEquals(List.of(InetAddress.ofLiteral("192.0.2.53"), InetAddress.ofLiteral("2001:db8::53")),
                ResolvConf.nameservers("""
                        # generated
                        search corp.example
                        nameserver 192.0.2.53
                        ; nameserver 192.0.2.99
                        nameserver   2001:db8::53   # trailing
                        nameserver not-an-address
                        options ndots:2
                        """));
    }

    @Test
    void theNodesOwnFileUnderEtcNetnsWinsOverTheHostsFile() throws IOException {
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
        assertEquals(List.of(dns("192.0.2.1")), ResolvConf.upstreams(NODE, etc, resolved()));
        Files.createDirectories(etc.resolve("netns/lab-n1"));
        Files.writeString(etc.resolve("netns/lab-n1/resolv.conf"), "nameserver 192.168.16.100\n");
        assertEquals(List.of(dns("192.168.16.100")), ResolvConf.upstreams(NODE, etc, resolved()));
        // Another node, or the host itself, still reads the host's file.
        assertEquals(List.of(dns("192.0.2.1")), ResolvConf.upstreams(Netns.of("lab-n2"), etc, resolved()));
        assertEquals(List.of(dns("192.0.2.1")), ResolvConf.upstreams(Netns.HOST, etc, resolved()));
    }

    @Test
    void systemdResolvedsStubIsReplacedByItsRealServersAsKubeadmDoes() throws IOException {
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
        Files.writeString(resolved(), "nameserver 198.51.100.1\nnameserver 198.51.100.2\n");
        assertEquals(List.of(dns("198.51.100.1"), dns("198.51.100.2")), ResolvConf.upstreams(NODE, etc, resolved()));
    }

    @Test
    void loopbackNameserversAreSkippedBecauseInsideTheDnsPodTheyWouldBeTheServerItself() throws IOException {
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.1\nnameserver ::1\nnameserver 127.0.0.53\n"
                + "nameserver 192.0.2.7\n");
        assertEquals(List.of(dns("192.0.2.7")), ResolvConf.upstreams(NODE, etc, resolved()));
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.53\n");
        assertEquals(List.of(), ResolvConf.upstreams(NODE, etc, resolved()), "no resolved file to fall back to");
    }

    @Test
    void aMissingFileMeansNoUpstream() {
        assertEquals(List.of(), ResolvConf.upstreams(NODE, etc, resolved()));
    }
}
