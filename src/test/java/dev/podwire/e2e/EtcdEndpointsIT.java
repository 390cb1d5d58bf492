package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.in;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static dev.podwire.e2e.Podwire.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.datastore.etcd.EtcdProcess;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.net.Netns;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A lab on an etcd of the user's ({@code spec.datastore.endpoints}): an etcd on the host's loopback, which the lab's
 * node namespaces cannot reach by themselves. The daemon uses it directly, the agents through the lab's relay.
 */
@Tag("netns")
class EtcdEndpointsIT {
    private static final String LAB = "etcx";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Podwire.Run etcdctl(String endpoint, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint));
        argv.addAll(List.of(args));
        return sh(argv);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aLabRunsOnTheUsersEtcdRefusesAUsedOneAndLeavesItCleanAtDown() throws Exception {
        assumeTrue(Podwire.isRoot(), "needs root");
        podwire("down", LAB);
        Path dir = Files.createTempDirectory("etcx-user-etcd");
        int port = freePort();
        String endpoint = "http://127.0.0.1:" + port;
        EtcdProcess etcd = EtcdProcess.start(new EtcdProcess.Config("etcx-user", Netns.HOST, "127.0.0.1", port,
                freePort(), dir.resolve("data"), dir.resolve("etcd.log")), new ProcessExecutor(), Duration.ofSeconds(30));
        Path file = Files.createTempFile("etcx", ".yaml");
        try {
            Files.writeString(file, Files.readString(Path.of("src/test/resources/e2e/etcd-endpoints.yaml"))
                    .replace("@PORT@", Integer.toString(port)));
            // Someone else's data in it: up refuses, names the key and how to clear it, and builds nothing.
            etcdctl(endpoint, "put", "/registry/pods/default/not-ours", "{}").ok();
            Podwire.Run used = podwire("up", file.toString());
            assertEquals(1, used.code(), used.out() + used.err());
            assertTrue((used.out() + used.err()).contains("etcd at [" + endpoint + "] already holds"
                    + " /registry/pods/default/not-ours") && (used.out() + used.err()).contains("etcdctl --endpoints="
                    + endpoint + " del --prefix /registry/"), used.out() + used.err());
            assertEquals(List.of(), namespaces(LAB + "-"));
            etcdctl(endpoint, "del", "/registry/pods/default/not-ours").ok();

            String up = podwire("up", file.toString()).ok().out();
            assertTrue(up.contains("datastore: etcd [http://192.168.47."), up);
            // flannel's keys are in the user's etcd, written by the two agents through the relay.
            String keys = etcdctl(endpoint, "get", "--prefix", "--keys-only", "/coreos.com/network/").ok().out();
            assertEquals(3, keys.lines().filter(l -> !l.isBlank()).count(), keys);
            String env = in(LAB, "exec", "node/n2", "--", "cat", "/run/flannel/subnet.env").ok().out();
            assertTrue(env.contains("FLANNEL_NETWORK=10.244.0.0/16"), env);
            String ip = JSON.readTree(in(LAB, "get", "pod", "web-2", "-o", "json").ok().out()).path("status")
                    .path("podIP").asText();
            String hostname = in(LAB, "exec", "pod/web-1", "--", "curl", "-sS", "-m", "5", "--retry", "3",
                    "--retry-all-errors", "http://" + ip + ":8080/hostname").ok().out();
            assertEquals("web-2", hostname.strip());
            Podwire.Run stop = in(LAB, "etcd", "stop");
            assertEquals(2, stop.code(), stop.out() + stop.err());
            assertTrue(stop.err().contains("uses the etcd at [" + endpoint + "], which podwire did not start"),
                    stop.err());

            podwire("down", LAB).ok();
            assertEquals(List.of(), namespaces(LAB + "-"));
            assertTrue(etcd.process().isPresent(), "the user's etcd keeps running");
            assertEquals("", etcdctl(endpoint, "get", "--prefix", "--keys-only", "/").ok().out().strip(),
                    "down deleted the lab's keys");
        } finally {
            podwire("down", LAB);
            etcd.close();
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir.resolve("etcd.log"));
            Files.deleteIfExists(dir);
        }
    }
}
