package dev.podwire.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.net.Ipv4;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The tcpdump filter of {@code trace --pcap}: the probe's own packets, ICMP errors about them, and the overlay's UDP
 * port, which is the lab's VXLAN {@code Port} (8472 only when the lab leaves it at flannel's default).
 */
class CaptureFilterTest {
    private static final Ipv4 CLIENT = Ipv4.parse("10.244.1.5");
    private static final Ipv4 TARGET = Ipv4.parse("10.244.2.7");

    @Test
    void capturesTheOverlayOnTheLabsVxlanPortNotTheDefaultOne() {
        ProbeSpec tcp = new ProbeSpec(TraceProtocol.TCP, CLIENT, 43512, TARGET, 80);
        assertEquals("tcp port 43512 or icmp or udp port 4789", TraceSession.captureFilter(tcp, OptionalInt.of(4789)));
        ProbeSpec icmp = new ProbeSpec(TraceProtocol.ICMP, CLIENT, 7, TARGET, 0);
        assertEquals("icmp or udp port 4789", TraceSession.captureFilter(icmp, OptionalInt.of(4789)));
    }

    @Test
    void capturesFlannelsDefaultPortWhenTheLabUsesIt() {
        ProbeSpec udp = new ProbeSpec(TraceProtocol.UDP, CLIENT, 40000, TARGET, 53);
        assertEquals("udp port 40000 or icmp or udp port 8472", TraceSession.captureFilter(udp, OptionalInt.of(8472)));
    }

    @Test
    void capturesNoOverlayPortWithoutAnOverlay() {
        ProbeSpec http = new ProbeSpec(TraceProtocol.HTTP, CLIENT, 43512, TARGET, 80);
        assertEquals("tcp port 43512 or icmp", TraceSession.captureFilter(http, OptionalInt.empty()));
        ProbeSpec icmp = new ProbeSpec(TraceProtocol.ICMP, CLIENT, 7, TARGET, 0);
        assertEquals("icmp", TraceSession.captureFilter(icmp, OptionalInt.empty()));
    }
}
