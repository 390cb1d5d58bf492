package dev.podwire.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabNamesTest {
    private final LabNames names = new LabNames("hostgw");

    @Test
    void namesNamespacesAfterTheLab() {
        assertEquals("hostgw-fabric", names.fabric().name());
        assertEquals("hostgw-hostgw-master", names.machine("hostgw-master").name());
        assertTrue(names.pod("default", "nginx-1").name().matches("hostgw-pod-[0-9a-f]{10}"));
    }

    @Test
    void podNamesAreStableAndDistinct() {
        assertEquals(names.pod("default", "a"), names.pod("default", "a"));
        assertNotEquals(names.pod("default", "a"), names.pod("other", "a"));
        assertTrue(names.podVeth("default", "a").value().matches("veth[0-9a-f]{8}"));
    }

    @Test
    void fitsLongMachineNamesIntoFifteenBytes() {
        assertEquals("hostgw-master", names.fabricPort("hostgw-master", "lan", false).value());
        assertEquals("r.lan", names.fabricPort("r", "lan", true).value());
        String port = names.fabricPort("a-very-long-machine-name", "lan", true).value();
        assertEquals(15, port.length());
        assertNotEquals(port, names.fabricPort("a-very-long-machine-name", "wan", true).value());
    }

    @Test
    void rejectsLabNamesThatCannotPrefixNamespaces() {
        assertThrows(IllegalArgumentException.class, () -> new LabNames("Bad_Name"));
        assertThrows(IllegalArgumentException.class, () -> new LabNames("x".repeat(21)));
    }
}
