package dev.podwire.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestorePayloadTest {
    @Test
    void writesChainLinesThenRulesThenDeletionsPerTableWhateverTheCallOrder() {
        String payload = new RestorePayload()
                .table("filter").rule("MINE", "-j ACCEPT").chain("MINE")
                .table("nat").deleteChain("OLD").chain("OLD").rule("NEW", "").chain("NEW")
                .render();
        assertEquals("""
                *filter
                :MINE - [0:0]
                -A MINE -j ACCEPT
                COMMIT
                *nat
                :OLD - [0:0]
                :NEW - [0:0]
                -A NEW
                -X OLD
                COMMIT
                """, payload);
        // What it writes, the parser reads: OLD is created and deleted in one commit.
        assertEquals(List.of("MINE"), Ruleset.parse(payload).chainNames("filter"));
        assertEquals(List.of("NEW"), Ruleset.parse(payload).chainNames("nat"));
    }

    @Test
    void writesBuiltInPoliciesAsIptablesSaveDoes() {
        assertEquals("*filter\n:FORWARD DROP [0:0]\nCOMMIT\n",
                new RestorePayload().table("filter").chain("FORWARD", "DROP").render());
        assertEquals("", new RestorePayload().render());
    }

    @Test
    void quotesWordsWithSpacesLikeKubeProxy() {
        assertEquals("-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
                RestorePayload.join(List.of("-m", "comment", "--comment", "kubernetes service portals", "-j",
                        "KUBE-SERVICES")));
        assertEquals("ns/svc:p80", RestorePayload.quote("ns/svc:p80"));
    }

    @Test
    void refusesWhatIptablesRestoreWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> new RestorePayload().table("nats"));
        assertThrows(IllegalStateException.class, () -> new RestorePayload().chain("X"));
        assertThrows(IllegalArgumentException.class, () -> new RestorePayload().table("nat").chain("X", "ACCEPTS"));
        assertThrows(IllegalArgumentException.class,
                () -> new RestorePayload().table("nat").chain("KUBE-SEP-ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        assertThrows(IllegalArgumentException.class, () -> new RestorePayload().table("nat").rule("X", "-j A\n-j B"));
    }
}
