package dev.podwire.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podwire.lab.ProcessRef;
import dev.podwire.workload.PortSpec;
import dev.podwire.net.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime protocol's payloads: what travels as one JSON line comes back equal, and bad specs are refused. */
class ContainerSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContainerSpec WEB = new ContainerSpec("lab-pod-0123456789", "default", "web-0",
            "6f1c2d1e-0000-4000-8000-000000000001", "nginx", "nginx:1.14.2",
            List.of(new PortSpec("http", 80, Protocol.TCP), PortSpec.of(5005, Protocol.UDP)), List.of(), "");

    @Test
    void runningContainerRoundTripsThroughJson() throws Exception {
        RunningContainer c = new RunningContainer(WEB, List.of(new ProcessRef(4242, 1_700_000_000_000L)),
                ContainerState.running(java.time.Instant.ofEpochMilli(1_700_000_000_123L)));
        assertEquals(c, JSON.readValue(JSON.writeValueAsString(c), RunningContainer.class));
        RunningContainer ended = new RunningContainer(WEB, List.of(), ContainerState.exited(
                java.time.Instant.ofEpochMilli(1_700_000_000_123L), 3, java.time.Instant.ofEpochMilli(1_700_000_009_000L)));
        assertEquals(ended, JSON.readValue(JSON.writeValueAsString(ended), RunningContainer.class));
        assertEquals(WEB, JSON.readValue(JSON.writeValueAsString(WEB), ContainerSpec.class));
    }

    @Test
    void idIsKubeletsLogDirectoryStyle() {
        assertEquals("default_web-0_6f1c2d1e-0000-4000-8000-000000000001_nginx", WEB.id());
        assertEquals("default/web-0", WEB.podKey());
    }

    @Test
    void refusesNamesThatWouldMakeAmbiguousIdsAndRelativeLogs() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ContainerSpec("lab-pod-1", "default", "a_b",
                "u", "c", "img", List.of(), List.of(), ""));
        assertTrue(e.getMessage().startsWith("podName: \"a_b\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ContainerSpec("lab-pod-1", "default", "a", "u", "c",
                "img", List.of(), List.of("sleep", "1"), "relative.log"));
    }
}
