package dev.podwire.host.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.IfName;
import dev.podwire.net.Ipv4;
import dev.podwire.net.Mac;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BridgeFdbTest {
    static final IfName VTEP = IfName.of("flannel.1");

    @Test
    void readsRemoteEntriesSortedByMac() {
        assertEquals(List.of(
                new BridgeFdb(Mac.parse("00:00:00:00:00:00"), VTEP, Optional.of(Ipv4.parse("192.168.50.9")),
                        List.of("self"), "permanent"),
                new BridgeFdb(Mac.parse("4a:4a:ee:b9:cb:2d"), VTEP, Optional.of(Ipv4.parse("192.168.50.2")),
                        List.of("self"), "permanent")),
                BridgeFdb.parse(Fixtures.read("fdb-show-flannel.1.json"), VTEP));
    }

    @Test
    void fillsDefaultsSkipsOtherDevicesAndReadsBlankAsNone() {
        assertEquals(List.of(), BridgeFdb.parse("", VTEP));
        assertEquals(List.of(new BridgeFdb(Mac.parse("33:33:00:00:00:01"), VTEP, Optional.empty(), List.of("self"),
                "")), BridgeFdb.parse("""
                [{"mac":"33:33:00:00:00:01","flags":["self"]},
                 {"mac":"6e:00:00:00:00:08","ifname":"cni0","flags":["master"],"state":"permanent"}]""", VTEP));
        assertThrows(IllegalArgumentException.class, () -> BridgeFdb.parse("[{", VTEP));
    }

    @Test
    void buildsTheCommandThatProducesTheJson() {
        assertEquals(List.of("bridge", "-j", "fdb", "show", "dev", "flannel.1"),
                BridgeFdb.command(Netns.of("n1"), VTEP).argv());
    }
}
