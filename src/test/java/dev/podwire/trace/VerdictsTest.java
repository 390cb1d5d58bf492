package dev.podwire.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podwire.net.Ipv4;
import dev.podwire.net.Netns;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictsTest {
    private static final Place NODE = new Place("node/a", Netns.of("trc-a"), List.of());
    private static final PacketHeader IN = new PacketHeader(Optional.of("cni0"), Optional.empty(),
            Ipv4.parse("10.244.0.2"), Ipv4.parse("10.99.0.1"), 40000, 80, List.of("SYN"), 64, 7, 60);

    @Test
    void vanishedPacketWithFailedLookupIsAMissingRoute() {
        RouteLookup lookup = new RouteLookup("10.99.0.1 from 10.244.0.2 iif cni0", Optional.empty(),
                Optional.empty(), Optional.of("Network is unreachable"));
        Verdict v = Verdicts.vanished(hop(Optional.of(lookup)), "request");
        assertEquals(Verdict.Status.DROPPED, v.status());
        assertEquals("no route to 10.99.0.1 in node/a (ip route get 10.99.0.1 from 10.244.0.2 iif cni0: Network is "
                + "unreachable)", v.explanation());
    }

    @Test
    void crossDeviceLookupFailureIsTheReversePathFilter() {
        RouteLookup lookup = new RouteLookup("10.99.0.1 from 10.244.0.2 iif cni0", Optional.empty(),
                Optional.empty(), Optional.of("Invalid cross-device link"));
        Verdict v = Verdicts.vanished(hop(Optional.of(lookup)), "request");
        assertTrue(v.explanation().startsWith("the reverse-path check (rp_filter) in node/a"), v.explanation());
        assertTrue(v.fix().contains("rp_filter=2"), v.fix());
    }

    @Test
    void invalidStateDropExplainsAsymmetricRouting() {
        RuleHit rule = new RuleHit("filter", "KUBE-FORWARD", RuleHit.Kind.RULE, "DROP", Optional.empty(),
                Optional.of("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP"));
        Verdict v = Verdicts.dropped(hop(Optional.empty()), rule, "reply");
        assertTrue(v.explanation().contains("asymmetric routing"), v.explanation());
        assertTrue(v.fix().contains("masqueradeAll"), v.fix());
    }

    private static Hop hop(Optional<RouteLookup> route) {
        return new Hop(NODE, PacketKind.REQUEST, IN, IN, List.of(), new Outcome.Vanished(), route, Optional.empty());
    }
}
