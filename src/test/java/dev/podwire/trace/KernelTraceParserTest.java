package dev.podwire.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelTraceParserTest {
    // Recorded in a throw-away router namespace: DNAT by a KUBE-SEP rule, then a REJECT in FORWARD whose ICMP error
    // is printed in the middle of the rejected packet's pass.
    private static final String ROUTER = """
            PACKET: 1 3621f570 IN=ra NFPROTO=2 SRC=10.70.1.2 DST=10.96.0.50 LEN=60 TOS=0x14 TTL=64 ID=41925 DF SPORT=45690 DPORT=80 SYN\s
             TRACE: 1 3621f570 podwire-trace:probe_request:rule:0x9:CONTINUE \s
             TRACE: 1 3621f570 podwire-trace:trace_pre:policy:ACCEPT\s
            PACKET: 2 3621f570 IN=ra SRC=10.70.1.2 DST=10.96.0.50 LEN=60 TOS=0x14 TTL=64 ID=41925 DF SPORT=45690 DPORT=80 SYN\s
             TRACE: 2 3621f570 nat:PREROUTING:rule:0x3:JUMP:KUBE-SERVICES  -4 -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
             TRACE: 2 3621f570 nat:KUBE-SEP-XYZ:rule:0x8:ACCEPT  -4 -t nat -A KUBE-SEP-XYZ -p tcp -j DNAT --to-destination 10.70.2.2:8081
            PACKET: 2 9a9a9a9a IN=ra OUT=rb SRC=10.70.1.2 DST=10.70.2.2 LEN=60 TOS=0x14 TTL=63 ID=41925 DF SPORT=45690 DPORT=8081 SYN\s
            PACKET: 1 d689e88e OUT=ra NFPROTO=2 SRC=10.70.1.1 DST=10.70.1.2 LEN=88 TOS=0xc0 TTL=64 ID=16222\s
             TRACE: 1 d689e88e podwire-trace:icmp_error:rule:0xb:CONTINUE \s
             TRACE: 1 d689e88e podwire-trace:trace_out:policy:ACCEPT\s
             TRACE: 2 9a9a9a9a filter:FORWARD:rule:0x3:DROP  -4 -t filter -A FORWARD -d 10.70.2.2/32 -p tcp -j REJECT --reject-with icmp-port-unreachable
            """;

    @Test
    void groupsPassesIntoTraversalsByMarkAndFollowsThePacketAcrossANewTraceId() {
        List<Traversal> ts = KernelTraceParser.parse(ROUTER);
        assertEquals(2, ts.size());
        Traversal request = ts.get(0);
        assertEquals(PacketKind.REQUEST, request.kind());
        assertEquals(3, request.passes().size());
        assertEquals("10.70.2.2", request.last().dst().toString());
        assertEquals(8081, request.last().dport());
        assertEquals(List.of("SYN"), request.first().flags());
        assertEquals(PacketKind.ICMP_ERROR, ts.get(1).kind());
    }

    @Test
    void interruptedPassKeepsItsDropAndTheRuleInIptablesSaveSyntax() {
        Traversal request = KernelTraceParser.parse(ROUTER).getFirst();
        RuleHit drop = request.drop().orElseThrow();
        assertEquals("-A FORWARD -d 10.70.2.2/32 -p tcp -j REJECT --reject-with icmp-port-unreachable",
                drop.rule().orElseThrow());
        assertEquals("-t filter -A FORWARD -d 10.70.2.2/32 -p tcp -j REJECT --reject-with icmp-port-unreachable",
                drop.display());
        assertTrue(PathAnalyser.outcome(request) instanceof Outcome.Dropped);
        RuleHit jump = request.hits().stream().filter(h -> h.table().equals("nat")).findFirst().orElseThrow();
        assertEquals("JUMP", jump.verdict());
        assertEquals("KUBE-SERVICES", jump.target().orElseThrow());
    }

    @Test
    void ignoresLinesBeforeAnyMark() {
        assertEquals(List.of(), KernelTraceParser.parse("""
                PACKET: 2 11111111 IN=ra SRC=10.70.1.2 DST=10.96.0.50 LEN=60 TOS=0x0 TTL=64 ID=1 DF SPORT=1 DPORT=2 SYN
                 TRACE: 2 11111111 nat:PREROUTING:policy:ACCEPT
                """));
    }
}
