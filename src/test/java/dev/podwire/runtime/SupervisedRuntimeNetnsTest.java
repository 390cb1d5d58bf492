package dev.podwire.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.lab.ProcessRef;
import dev.podwire.testing.TestNetns;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's runtime killed with SIGKILL is replaced on the next call; its command containers are adopted. */
@Tag("netns")
class SupervisedRuntimeNetnsTest {

    @Test
    void aKilledRuntimeIsReplacedAndItsCommandContainersAdopted(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        RuntimePaths paths = new RuntimePaths(tmp.resolve("runtime.sock"));
        List<ProcessRef> spawned = new CopyOnWriteArrayList<>();
        try (TestNetns node = TestNetns.create("srnode"); TestNetns pod = TestNetns.create("srpod")) {
            SupervisedRuntime rt = SupervisedRuntime.connectOrStart(paths, node.netns(), "n1", spawned::add);
            ContainerSpec sleeper = new ContainerSpec(pod.netns().name(), "default", "job", "uid-1", "sleep",
                    "busybox", List.of(), List.of("sleep", "300"), tmp.resolve("sleep.log").toString());
            RunningContainer job = rt.start(sleeper);
            rt.start(RuntimeProcessNetnsTest.web(pod.netns().name()));
            assertEquals(2, rt.list().size());
            long first = rt.info().process().pid();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            assertTrue(ProcessHandle.of(first).map(h -> {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }).orElse(true));

            List<RunningContainer> after = rt.list();
            assertNotEquals(first, rt.info().process().pid(), "a new runtime answers");
            assertEquals(2, spawned.size(), "both runtimes were reported for down: " + spawned);
            assertEquals(List.of(sleeper.id()), after.stream().map(c -> c.spec().id()).toList(),
                    "the command container outlived the runtime and was adopted; the built-in server died with it");
            assertTrue(after.getFirst().state().isRunning());
            assertEquals(job.processes(), after.getFirst().processes());
            rt.start(RuntimeProcessNetnsTest.web(pod.netns().name()));
            assertEquals(2, rt.list().size(), "the server starts again on the new runtime");
            rt.stop(sleeper.id());
        } finally {
            spawned.forEach(p -> p.live().ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
