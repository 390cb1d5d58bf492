package dev.podwire.labfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.Cidr;
import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabRecordsTest {
    @Test
    void recordsRejectInvalidValuesWithFieldMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegmentSpec("lan", Cidr.parse("10.0.0.0/24"), Optional.of(Ipv4.parse("10.0.1.1"))));
        assertEquals("gateway: 10.0.1.1 (expected: inside 10.0.0.0/24)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RouterSpec("r1", List.of(), List.of(),
                IptablesRules.none()));
        assertThrows(IllegalArgumentException.class, () -> new Underlay(100, List.of(), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NodeSpec("Node_1", "lan", Ipv4.parse("10.0.0.2"),
                IfName.of("eth0"), Optional.empty(), Map.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ProxySyncOptions(false, 32,
                java.time.Duration.ZERO, java.time.Duration.ofSeconds(1)));
    }

    @Test
    void sysctlMapsAreSortedAndUnmodifiable() {
        NodeSpec n = new NodeSpec("n1", "lan", Ipv4.parse("10.0.0.2"), IfName.of("eth0"), Optional.empty(),
                Map.of("net.b", "1", "net.a", "2"), List.of());
        assertEquals(List.of("net.a", "net.b"), List.copyOf(n.sysctls().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> n.sysctls().put("net.c", "3"));
    }
}
