package dev.podwire.datastore.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Executor;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.host.Result;
import dev.podwire.lab.ProcessRef;
import dev.podwire.net.Netns;
import dev.podwire.testing.TestNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real etcd started inside a network namespace, as the lab runs it: health, PID, restart on its data, clean-up. */
@Tag("netns")
class EtcdProcessTest {

    @Test
    void runsInsideANamespaceSurvivesARestartOnItsDataAndCleansUp(@TempDir Path dir) throws Exception {
        assumeTrue(TestNetns.isRoot() && TestEtcd.installed(), "needs root and etcd");
        try (TestNetns ns = TestNetns.create("etcdproc")) {
            EtcdProcess.Config config = new EtcdProcess.Config("etcdproc", ns.netns(), "127.0.0.1", 2379, 2380,
                    dir.resolve("data"), dir.resolve("etcd.log"));
            assertTrue(config.argv().containsAll(List.of("--listen-client-urls", "http://127.0.0.1:2379")));
            try (EtcdProcess etcd = EtcdProcess.start(config, new ProcessExecutor(), Duration.ofSeconds(20))) {
                ProcessRef first = etcd.process().orElseThrow();
                assertTrue(first.live().isPresent());
                ns.ok("etcdctl", "--endpoints=" + etcd.endpoints(), "put", "/coreos.com/network/config", "{}");

                etcd.stop();
                assertTrue(etcd.process().isEmpty());
                assertFalse(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false), "ended by PID");
                assertFalse(ns.run("etcdctl", "--endpoints=" + etcd.endpoints(), "--dial-timeout=1s",
                        "--command-timeout=1s", "get", "/coreos.com/network/config").ok());

                etcd.restart();
                assertEquals("/coreos.com/network/config\n{}\n", ns.ok("etcdctl", "--endpoints=" + etcd.endpoints(),
                        "get", "/coreos.com/network/config"), "same data dir, same data");
                assertThrows(IllegalStateException.class, etcd::restart);

                // A second member on the same ports cannot start: the error carries the command and etcd's own words.
                EtcdProcess.Config clash = new EtcdProcess.Config("clash", ns.netns(), "127.0.0.1", 2379, 2380,
                        dir.resolve("clash-data"), dir.resolve("clash.log"));
                var e = assertThrows(IllegalStateException.class,
                        () -> EtcdProcess.start(clash, new ProcessExecutor(), Duration.ofSeconds(10)));
                assertTrue(e.getMessage().contains("ip netns exec " + ns.netns().name()) || e.getMessage().contains(
                        "[netns " + ns.netns().name() + "] etcd --name clash"), e.getMessage());
                assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
            }
            assertFalse(Files.exists(dir.resolve("data")), "close deletes the data dir");
        }
    }

    @Test
    void startInterruptedBeforeEtcdIsHealthyLeavesNoEtcdRunning(@TempDir Path dir) throws Exception {
        assumeTrue(TestNetns.isRoot() && TestEtcd.installed(), "needs root and etcd");
        EtcdProcess.Config config = new EtcdProcess.Config("interrupted", Netns.HOST, "127.0.0.1",
                TestEtcd.freePort(), TestEtcd.freePort(), dir.resolve("data"), dir.resolve("etcd.log"));
        // The probe never succeeds and the thread is interrupted: the first wait between probes gives up.
        Executor neverHealthy = c -> new Result(c, 1, "", "context deadline exceeded");
        Thread.currentThread().interrupt();
        try {
            assertThrows(IllegalStateException.class,
                    () -> EtcdProcess.start(config, neverHealthy, Duration.ofSeconds(20)));
        } finally {
            Thread.interrupted();
        }
        List<ProcessHandle> left = ProcessHandle.allProcesses().filter(h -> h.info().arguments()
                .map(a -> List.of(a).contains(config.dataDir().toString())).orElse(false)).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertEquals(List.of(), left, "etcd left running");
    }
}
