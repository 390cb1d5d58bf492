package dev.podwire.e2e;

import static dev.podwire.e2e.Podwire.hostNetworkState;
import static dev.podwire.e2e.Podwire.namespaces;
import static dev.podwire.e2e.Podwire.podwire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lab lifecycle through the real CLI: refusals that build nothing, recovery after kill -9, labs side by side. */
@Tag("netns")
class LifecycleIT {
    @TempDir
    Path dir;

    @BeforeEach
    void root() {
        assumeTrue(Podwire.isRoot(), "needs root");
    }

    private Path lab(String name, String subnet, String extra) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, """
                apiVersion: podwire.dev/v1alpha1
                kind: Lab
                metadata: {name: %1$s}
                spec:
                  underlay:
                    segments: [{name: lan, subnet: %2$s.0/24}]
                  nodes:
                  - {name: a, segment: lan, address: %2$s.11}
                  - {name: b, segment: lan, address: %2$s.12}
                  podNetwork: {Network: 10.244.0.0/16, Backend: {Type: host-gw}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: web, image: httpd, ports: [{containerPort: 80}]}]
                %3$s""".formatted(name, subnet, extra));
        return f;
    }

    @Test
    void badInputExitsTwoAndBuildsNothing() throws Exception {
        String before = hostNetworkState();
        Path bad = lab("badlab", "192.168.77", """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: empty}
                spec:
                  selector: {matchLabels: {app: e}}
                  template: {metadata: {labels: {app: e}}, spec: {containers: []}}
                """);
        var run = podwire("up", bad.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(bad.getFileName().toString()) && run.err().contains("containers"), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertEquals(List.of(), namespaces("badlab-"));
        assertFalse(Files.exists(Path.of("/run/podwire/badlab")));
        assertEquals(before, hostNetworkState());
    }

    @Test
    void downCleansUpAfterTheDaemonWasKilled() throws Exception {
        String before = hostNetworkState();
        podwire("down", "killed");
        podwire("up", lab("killed", "192.168.78", "").toString()).ok();
        long pid = new ObjectMapper().readTree(Path.of("/run/podwire/killed/lab.json").toFile())
                .path("daemonPid").asLong();
        assertTrue(pid > 0);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        assertFalse(namespaces("killed-").isEmpty(), "namespaces outlive the daemon");
        var up = podwire("up", lab("killed", "192.168.78", "").toString());
        assertEquals(1, up.code(), "a second up of a lab that exists says so");
        assertTrue(up.err().contains("podwire down killed"), up.err());
        podwire("down", "killed").ok();
        assertEquals(List.of(), namespaces("killed-"));
        assertFalse(Files.exists(Path.of("/run/podwire/killed")));
        assertEquals(before, hostNetworkState());
    }

    @Test
    void twoLabsRunSideBySide() throws Exception {
        podwire("down", "left");
        podwire("down", "right");
        try {
            podwire("up", lab("left", "192.168.81", "").toString()).ok();
            podwire("up", lab("right", "192.168.82", "").toString()).ok();
            var ambiguous = podwire("get", "pods");
            assertEquals(2, ambiguous.code());
            assertTrue(ambiguous.err().contains("--lab"), ambiguous.err());
            for (String lab : List.of("left", "right")) {
                String pods = Podwire.in(lab, "get", "pods", "-o", "wide").ok().out();
                assertEquals(3, pods.lines().count(), pods);
                String routes = Podwire.in(lab, "exec", "node/a", "--", "ip", "route").ok().out();
                assertTrue(routes.contains("10.244.1.0/24 via"), routes);
            }
            if (System.getProperty("podwire.it.datastore", "").isEmpty()) {
                var etcd = Podwire.in("left", "etcd", "stop");
                assertEquals(2, etcd.code(), etcd.out() + etcd.err());
                assertTrue(etcd.err().contains("lab left uses the in-memory datastore: it has no etcd to stop or"
                        + " start (bring it up with podwire up --datastore etcd)"), etcd.err());
            }
        } finally {
            podwire("down", "left");
            podwire("down", "right");
        }
        assertEquals(List.of(), namespaces("left-"));
        assertEquals(List.of(), namespaces("right-"));
    }
}
