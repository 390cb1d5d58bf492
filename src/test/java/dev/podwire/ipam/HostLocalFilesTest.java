package dev.podwire.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostLocalFilesTest {

    @Test
    void laysOutFilesLikeHostLocal() {
        HostLocalFiles files = HostLocalFiles.of("cbr0");
        assertEquals("/var/lib/cni/networks/cbr0/", files.directory());
        assertEquals("10.244.1.2", HostLocalFiles.reservationFileName(Ipv4.parse("10.244.1.2")));
        assertEquals("ctr1\r\neth0", HostLocalFiles.reservationContent("ctr1", IfName.of("eth0")));
        assertEquals("last_reserved_ip.0", HostLocalFiles.LAST_RESERVED_FILE);
        assertEquals("10.244.1.2", HostLocalFiles.lastReservedContent(Ipv4.parse("10.244.1.2")));
    }

    @Test
    void rebuildsStateFromDirectoryListingIgnoringLockAndForeignFiles() {
        var state = HostLocalFiles.parse(Map.of(
                "10.244.1.3", "ctr2\r\neth0",
                "10.244.1.2", "ctr1\r\neth0",
                "10.244.1.9", "oldctr\n",
                "last_reserved_ip.0", "10.244.1.3",
                "last_reserved_ip.1", "fd00::5",
                "lock", "",
                "fd00::2", "ctr9\r\neth0"));
        assertEquals(List.of(Ipv4.parse("10.244.1.2"), Ipv4.parse("10.244.1.3"), Ipv4.parse("10.244.1.9")),
                List.copyOf(state.reservations().keySet()));
        assertEquals(Optional.of(Ipv4.parse("10.244.1.3")), state.lastReserved());
        assertEquals(new HostLocalFiles.Reservation("oldctr", Optional.empty()),
                state.reservations().get(Ipv4.parse("10.244.1.9")));
        assertEquals(List.of(Ipv4.parse("10.244.1.2")), state.heldBy("ctr1", IfName.of("eth0")));
        assertEquals(List.of(Ipv4.parse("10.244.1.9")), state.heldBy("oldctr", IfName.of("eth0")));
        assertEquals(List.of(), state.heldBy("ctr1", IfName.of("eth1")));
    }

    @Test
    void stateFeedsTheAllocator() {
        var state = HostLocalFiles.parse(Map.of("10.244.1.2", "a\r\neth0", "last_reserved_ip.0", "10.244.1.2"));
        assertEquals(new Allocation.Assigned(Ipv4.parse("10.244.1.3")), HostLocalAllocator.allocate(
                HostLocalRange.of(dev.podwire.net.Cidr.parse("10.244.1.0/24")),
                state.reservations().keySet(), state.lastReserved()));
    }

    @Test
    void treatsUnreadableLastReservedAsAbsentAndRejectsBadNames() {
        assertEquals(Optional.empty(), HostLocalFiles.parse(Map.of("last_reserved_ip.0", "junk")).lastReserved());
        assertThrows(IllegalArgumentException.class, () -> HostLocalFiles.of("../etc"));
        assertThrows(IllegalArgumentException.class, () -> new HostLocalFiles("var/lib", "cbr0"));
    }
}
