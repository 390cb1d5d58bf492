package dev.podwire.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Command;
import dev.podwire.host.JavaCommand;
import dev.podwire.host.ProcessExecutor;
import dev.podwire.lab.ProcessRef;
import dev.podwire.net.Netns;
import dev.podwire.testing.TestNetns;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code podwire runtime} process in a test "node" namespace serving a built-in server in a "pod" namespace,
 * reached by curl from a "client" namespace over a veth pair. Needs root.
 */
@Tag("netns")
class RuntimeProcessNetnsTest {
    private final ProcessExecutor exec = new ProcessExecutor();

    static ContainerSpec web(String podNetns) {
        return new ContainerSpec(podNetns, "default", "web-0", "uid-1", "web", "nginx:1.14.2",
                RuntimeStarter.ports(), List.of(), "");
    }

    @Test
    void serverOutlivesKilledAgentAndNewClientAdoptsIt(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        RuntimePaths paths = new RuntimePaths(tmp.resolve("runtime.sock"));
        List<ProcessRef> started = new ArrayList<>();
        try (TestNetns node = TestNetns.create("rtnode"); TestNetns client = TestNetns.create("rtcli");
                TestNetns pod = TestNetns.create("rtpod")) {
            wire(client.netns(), pod.netns());
            // The "agent" is its own JVM, so it can really be killed with SIGKILL.
            Process agent = new ProcessBuilder(javaArgv(RuntimeStarter.class.getName(), paths.socket().toString(),
                    node.netns().name(), pod.netns().name())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String ready = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(ready != null && ready.startsWith("ready "), "agent said: " + ready);
            long runtimePid = Long.parseLong(ready.substring(6).strip());
            ProcessHandle runtime = ProcessHandle.of(runtimePid).orElseThrow();
            started.add(ProcessRef.of(runtime));
            // The runtime runs inside the node's namespace.
            assertEquals(inode("/proc/" + runtimePid + "/ns/net"), inode(node.netns().path()));
            assertEquals("web-0", curl(client.netns(), "http://10.124.0.2:8080/hostname"));

            // A client loop runs across the kill: not one request may fail.
            Process loop = new ProcessBuilder("ip", "netns", "exec", client.netns().name(), "bash", "-c",
                    "for i in $(seq 1 40); do curl -s -o /dev/null -w '%{http_code}\\n' --max-time 2 "
                            + "http://10.124.0.2:8080/hostname; sleep 0.05; done").start();
            Thread.sleep(500);
            agent.destroyForcibly();   // SIGKILL
            assertTrue(agent.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, agent.exitValue());
            assertTrue(loop.waitFor(60, TimeUnit.SECONDS));
            List<String> codes = new String(loop.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .toList();
            assertEquals(40, codes.size(), codes.toString());
            assertTrue(codes.stream().allMatch("200"::equals), codes.toString());
            assertTrue(runtime.isAlive(), "the runtime died with its agent");
            assertEquals("web-0", curl(client.netns(), "http://10.124.0.2:8080/hostname"));
            assertTrue(curl(client.netns(), "http://10.124.0.2:8080/").contains("Welcome to nginx!"));

            // A new agent finds the same runtime and sees the server; asking again starts no second one.
            RuntimeClient again = RuntimeProcess.connectOrStart(paths, node.netns(), "n1");
            assertEquals(runtimePid, again.info().process().pid());
            assertEquals(List.of(web(pod.netns().name())), again.list().stream().map(RunningContainer::spec).toList());
            again.start(web(pod.netns().name()));
            assertEquals(1, again.list().size());

            again.stop(web(pod.netns().name()).id());
            assertEquals(List.of(), again.list());
            assertFalse(exec.run(new Command(client.netns(), List.of("curl", "-s", "--max-time", "2",
                    "http://10.124.0.2:8080/hostname"), "")).ok(), "still served after stop");
        } finally {
            started.forEach(p -> p.live().ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void commandContainerIsAdoptedByANewRuntimeAndRuntimeEndsWithItsNode(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        RuntimePaths paths = new RuntimePaths(tmp.resolve("runtime.sock"));
        List<ProcessRef> started = new ArrayList<>();
        try (TestNetns pod = TestNetns.create("rtpod2")) {
            TestNetns node = TestNetns.create("rtnode2");
            try {
                RuntimeClient first = RuntimeProcess.connectOrStart(paths, node.netns(), "n2");
                started.add(first.info().process());
                ContainerSpec sleeper = new ContainerSpec(pod.netns().name(), "default", "job", "uid-2", "sleep",
                        "busybox", List.of(), List.of("sleep", "300"), tmp.resolve("logs/sleep.log").toString());
                RunningContainer c = first.start(sleeper);
                started.addAll(c.processes());
                ProcessHandle sleep = c.processes().getFirst().live().orElseThrow();
                assertEquals(inode(pod.netns().path()), inode("/proc/" + sleep.pid() + "/ns/net"));

                // The runtime itself dies; a new one adopts the command container from its pid file.
                ProcessHandle firstRuntime = first.info().process().live().orElseThrow();
                firstRuntime.destroyForcibly();
                firstRuntime.onExit().get(10, TimeUnit.SECONDS);
                List<ProcessRef> spawned = new ArrayList<>();
                RuntimeClient second = RuntimeProcess.connectOrStart(paths, node.netns(), "n2", spawned::add);
                started.add(second.info().process());
                assertTrue(second.info().process().pid() != first.info().process().pid());
                assertEquals(List.of(second.info().process().pid()), spawned.stream().map(ProcessRef::pid).toList(),
                        "the spawned runtime is reported (for the lab record) as soon as it is started");
                List<ProcessRef> none = new ArrayList<>();
                RuntimeProcess.connectOrStart(paths, node.netns(), "n2", none::add);
                assertEquals(List.of(), none, "adopting a live runtime spawns nothing");
                assertEquals(List.of(c), second.list());
                assertEquals(c, second.start(sleeper), "started a duplicate");
                assertTrue(sleep.isAlive());

                // Deleting the node's namespace (the lab going down) ends the runtime by itself.
                ProcessHandle rt = second.info().process().live().orElseThrow();
                node.close();
                rt.onExit().get(10, TimeUnit.SECONDS);
                assertFalse(rt.isAlive());
            } finally {
                node.close();
            }
        } finally {
            started.forEach(p -> p.live().ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }));
        }
    }

    @Test
    void runtimeOfAnAgentOnAHostOfItsOwnRunsInTheRootNamespace(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        RuntimePaths paths = RuntimePaths.under(tmp);
        List<ProcessRef> started = new ArrayList<>();
        try (TestNetns client = TestNetns.create("rtcli3"); TestNetns pod = TestNetns.create("rtpod3")) {
            wire(client.netns(), pod.netns());
            RuntimeClient rt = RuntimeProcess.connectOrStart(paths, Netns.HOST, "host-1");
            started.add(rt.info().process());
            assertEquals(tmp.resolve("run/podwire-runtime/runtime.sock"), paths.socket());
            long pid = rt.info().process().pid();
            assertEquals(inode("/proc/self/ns/net"), inode("/proc/" + pid + "/ns/net"));
            rt.start(web(pod.netns().name()));
            assertEquals("web-0", curl(client.netns(), "http://10.124.0.2:8080/hostname"));
        } finally {
            started.forEach(p -> p.live().ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void secondRuntimeForTheSameNodeIsRefusedEvenBeforeTheFirstWroteItsPidFile(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for the runtime");
        RuntimePaths paths = RuntimePaths.under(tmp);
        List<ProcessRef> started = new ArrayList<>();
        try {
            RuntimeClient first = RuntimeProcess.connectOrStart(paths, Netns.HOST, "dup-1");
            started.add(first.info().process());
            // The window between the first one's bind and its pid file: only the lock can tell.
            Files.delete(paths.pidFile());
            var e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IllegalStateException.class,
                    () -> RuntimeServer.serve(paths, Netns.HOST, "dup-1")));
            assertTrue(e.getMessage().contains("already runs") && e.getMessage().contains("runtime.lock"),
                    e.getMessage());
            assertTrue(Files.exists(paths.socket()), "the first runtime's socket was removed");
            assertEquals(first.info().process().pid(), RuntimeClient.connect(paths).info().process().pid());
        } finally {
            started.forEach(p -> p.live().ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private void wire(Netns client, Netns pod) {
        exec.run(Command.of(client, "ip", "link", "add", "veth-c", "type", "veth", "peer", "name", "eth0", "netns",
                pod.name())).orThrow();
        exec.run(Command.ipBatch(client, "addr add 10.124.0.1/24 dev veth-c\nlink set veth-c up\n")).orThrow();
        exec.run(Command.ipBatch(pod, "addr add 10.124.0.2/24 dev eth0\nlink set eth0 up\n")).orThrow();
    }

    private String curl(Netns from, String url) {
        return exec.run(new Command(from, List.of("curl", "-s", "--max-time", "3", url), "")).orThrow().stdout();
    }

    private static String inode(String path) throws Exception {
        return String.valueOf(Files.getAttribute(Path.of(path), "unix:ino"));
    }

    private static List<String> javaArgv(String main, String... args) {
        List<String> argv = new ArrayList<>(JavaCommand.argv(main));
        argv.addAll(List.of(args));
        return argv;
    }
}
