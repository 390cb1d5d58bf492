package dev.podwire.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.testing.TestNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command containers end for real: stopped ones that ignore SIGTERM, and ones whose pid file could not be written. */
@Tag("netns")
class CommandContainersNetnsTest {

    @Test
    void stopKillsAContainerThatIgnoresSigtermAndItsChildren(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        String marker = marker();
        try (TestNetns pod = TestNetns.create("ccstop"); InProcessRuntime rt = new InProcessRuntime(tmp)) {
            // sh ignores SIGTERM and so does its sleep child (an ignored signal stays ignored across exec).
            RunningContainer c = rt.start(spec(pod, tmp, List.of("sh", "-c", "trap '' TERM; sleep " + marker
                    + "; true")));
            awaitMarked(marker, true);
            long t0 = System.nanoTime();
            rt.stop(c.spec().id());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(alive(marker).isEmpty(), "still running after stop: " + alive(marker));
            assertTrue(c.processes().getFirst().live().isEmpty());
            assertTrue(took.compareTo(Duration.ofSeconds(2)) > 0, "SIGKILL came before the grace period: " + took);
            assertEquals(List.of(), rt.list());
        } finally {
            alive(marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void containerWhosePidFileCannotBeWrittenIsEnded(@TempDir Path tmp) throws Exception {
        assumeTrue(TestNetns.isRoot(), "needs root for ip netns");
        String marker = marker();
        // The pid files' directory cannot be created: a file has its name.
        Files.writeString(tmp.resolve("containers"), "not a directory");
        try (TestNetns pod = TestNetns.create("ccwrite"); InProcessRuntime rt = new InProcessRuntime(tmp)) {
            var e = assertThrows(java.io.UncheckedIOException.class,
                    () -> rt.start(spec(pod, tmp, List.of("sleep", marker))));
            assertTrue(e.getMessage().contains("containers"), e.getMessage());
            Thread.sleep(500);
            assertTrue(alive(marker).isEmpty(), "left running without a pid file: " + alive(marker));
        } finally {
            alive(marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static ContainerSpec spec(TestNetns pod, Path tmp, List<String> command) {
        return new ContainerSpec(pod.netns().name(), "default", "job", "uid-1", "job", "busybox", List.of(), command,
                tmp.resolve("logs/job.log").toString());
    }

    /** {@return a sleep duration (seconds) unique to this test run, to find its processes by command line} */
    private static String marker() {
        return "300." + Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000_000L);
    }

    private static List<ProcessHandle> alive(String marker) {
        return ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(List::of).orElse(List.of())
                .contains(marker) || h.info().arguments().map(a -> String.join(" ", a).contains("sleep " + marker))
                .orElse(false)).filter(ProcessHandle::isAlive).toList();
    }

    private static void awaitMarked(String marker, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (alive(marker).isEmpty() == present && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(present, !alive(marker).isEmpty(), "processes of " + marker);
    }
}
