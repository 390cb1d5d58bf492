package dev.podwire.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.lab.ProcessRef;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLockTest {

    /** Holds the lock given as the first argument until killed (a second agent on the same host). */
    public static void main(String[] args) throws Exception {
        try (AgentLock lock = AgentLock.take(Path.of(args[0]), "n1", ProcessRef.of(ProcessHandle.current()))) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    private static Process holder(Path file) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                AgentLockTest.class.getName(), file.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());
        return p;
    }

    @Test
    void aSecondProcessIsRefusedWithTheHoldersPidUntilTheHolderIsKilled(@TempDir Path dir) throws Exception {
        Path file = AgentLock.file(dir);
        assertEquals(dir.resolve("run/podwire-agent/agent.lock"), file);
        Process first = holder(file);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> AgentLock.take(file, "n1", ProcessRef.of(ProcessHandle.current())));
            assertEquals("node n1 is already managed by the agent with pid " + first.pid() + " on this host ("
                    + file + " is locked); stop that agent first", e.getMessage());
        } finally {
            first.destroyForcibly().waitFor();
        }
        // kill -9 ends the lock with the process: no waiting, no stale file to remove.
        try (AgentLock mine = AgentLock.take(file, "n1", ProcessRef.of(ProcessHandle.current()))) {
            assertTrue(Files.readString(file).contains("\"pid\":" + ProcessHandle.current().pid()),
                    Files.readString(file));
        }
        try (AgentLock mine = AgentLock.take(file, "n1", ProcessRef.of(ProcessHandle.current()))) {
            // fcntl locks belong to the process: a second take here is refused, and the first lock stays held.
            IllegalStateException twice = assertThrows(IllegalStateException.class,
                    () -> AgentLock.take(file, "n1", ProcessRef.of(ProcessHandle.current())));
            assertTrue(twice.getMessage().contains("already managed by this process"), twice.getMessage());
        }
        // Released on close: another process may take it.
        holder(file).destroyForcibly().waitFor();
    }
}
