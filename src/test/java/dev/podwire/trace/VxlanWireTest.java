package dev.podwire.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Ipv4;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link VxlanWire} against a real capture: {@code tcpdump -i any -s 200 udp port 8472} in node x1 of a two-node
 * flannel vxlan lab during a curl --local-port 47754 of 10.244.0.2:47754 → 10.244.1.2:80 (the expected values are what tshark decodes
 * from the same file with {@code -d udp.port==8472,vxlan}).
 */
class VxlanWireTest {

    private static byte[] capture() throws IOException {
        try (InputStream in = VxlanWireTest.class.getResourceAsStream("vxlan-any.pcap")) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesOuterVxlanAndInnerHeadersOfALinuxCookedV2Capture() throws IOException {
        List<VxlanFrame> frames = VxlanWire.frames(capture(), 8472);
        assertEquals(10, frames.size());
        assertEquals(new VxlanFrame(true, Ipv4.parse("192.168.78.11"), Ipv4.parse("192.168.78.12"), 8472, 1,
                "da:70:c8:1d:5d:70", Ipv4.parse("10.244.0.2"), Ipv4.parse("10.244.1.2"), 47754, 80, 0x2484),
                frames.get(0));
        assertEquals(new VxlanFrame(false, Ipv4.parse("192.168.78.12"), Ipv4.parse("192.168.78.11"), 8472, 1,
                "5e:fd:30:b6:e6:ae", Ipv4.parse("10.244.1.2"), Ipv4.parse("10.244.0.2"), 80, 47754, 0),
                frames.get(1));
    }

    @Test
    void otherPortsForeignFilesAndTruncatedCapturesGiveNoFrames() throws IOException {
        assertEquals(List.of(), VxlanWire.frames(capture(), 4789));
        assertEquals(List.of(), VxlanWire.frames(new byte[0], 8472));
        assertEquals(List.of(), VxlanWire.frames("not a capture at all, just text".getBytes(), 8472));
        byte[] cut = Arrays.copyOf(capture(), 24 + 16 + 40);
        assertEquals(List.of(), VxlanWire.frames(cut, 8472));
    }

    @Test
    void aFrameCarriesThePacketWithTheSameAddressesPortsAndIpId() throws IOException {
        VxlanFrame syn = VxlanWire.frames(capture(), 8472).getFirst();
        PacketHeader left = new PacketHeader(Optional.of("cni0"), Optional.of("flannel.1"), Ipv4.parse("10.244.0.2"),
                Ipv4.parse("10.244.1.2"), 47754, 80, List.of("SYN"), 63, 0x2484, 60);
        assertTrue(syn.carries(left));
        assertFalse(syn.carries(new PacketHeader(left.in(), left.out(), left.src(), left.dst(), 47754, 80,
                List.of("ACK"), 63, 0x2485, 52)));
    }

    @Test
    void theCapturedHeaderReplacesTheTablesView() throws IOException {
        VxlanFrame syn = VxlanWire.frames(capture(), 8472).getFirst();
        Encapsulation tables = new Encapsulation("flannel.1", 1, Ipv4.parse("192.168.78.11"),
                Ipv4.parse("192.168.78.99"), 8472, "aa:bb:cc:dd:ee:ff", Optional.of("ens33"), false);
        Encapsulation seen = tables.seen(syn);
        assertEquals(new Encapsulation("flannel.1", 1, Ipv4.parse("192.168.78.11"), Ipv4.parse("192.168.78.12"), 8472,
                "da:70:c8:1d:5d:70", Optional.of("ens33"), true), seen);
        assertEquals("VXLAN VNI 1 via flannel.1 over ens33: outer 192.168.78.11 → 192.168.78.12 udp/8472, inner dst "
                + "MAC da:70:c8:1d:5d:70 (captured on the underlay)", seen.display());
    }
}
