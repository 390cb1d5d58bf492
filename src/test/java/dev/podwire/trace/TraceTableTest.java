package dev.podwire.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.golden.Golden;
import dev.podwire.net.Ipv4;
import org.junit.jupiter.api.Test;

class TraceTableTest {
    @Test
    void rendersTcpProbeTableWithDscpRequestsAndRememberedReplyFlows() {
        Golden.assertGolden("dev/podwire/trace/table/tcp.nft", TraceTable.install(new ProbeSpec(TraceProtocol.TCP,
                Ipv4.parse("10.244.0.2"), 45678, Ipv4.parse("10.96.0.50"), 80)));
    }

    @Test
    void rendersIcmpProbeTableMatchingTheEchoId() {
        Golden.assertGolden("dev/podwire/trace/table/icmp.nft", TraceTable.install(new ProbeSpec(TraceProtocol.ICMP,
                Ipv4.parse("10.244.0.2"), 4321, Ipv4.parse("10.244.1.2"), 0)));
    }

    @Test
    void removalIsIdempotent() {
        assertEquals("table inet podwire-trace\ndelete table inet podwire-trace\n", TraceTable.remove());
    }

    @Test
    void probeRejectsSourcePortEqualToTargetPort() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeSpec(TraceProtocol.TCP, Ipv4.parse("10.0.0.1"),
                80, Ipv4.parse("10.0.0.2"), 80));
    }
}
