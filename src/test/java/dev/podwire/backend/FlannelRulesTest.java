package dev.podwire.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.net.Cidr;
import dev.podwire.netfilter.Jump;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlannelRulesTest {
    private static final Cidr N = Cidr.parse("10.244.0.0/16");
    private static final Cidr P = Cidr.parse("10.244.1.0/24");

    @Test
    void matchesFlannelsIptablesSaveTextWithMasq() {
        FlannelRules rules = FlannelRules.of(N, P, true);
        assertEquals(List.of(
                "-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment \"flanneld masq\" -j RETURN",
                "-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment \"flanneld masq\""
                        + " -j MASQUERADE --random-fully",
                "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\""
                        + " -j MASQUERADE --random-fully"), rules.natRules());
        assertEquals(List.of(
                "-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT",
                "-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT"),
                rules.filterRules());
        assertEquals(List.of(
                "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG",
                "-A FORWARD -m comment --comment \"flanneld forward\" -j FLANNEL-FWD"),
                rules.jumps().stream().map(Jump::line).toList());
    }

    @Test
    void withoutMasqKeepsOnlyForwardRules() {
        FlannelRules rules = FlannelRules.of(N, P, false);
        assertEquals(List.of(), rules.natRules());
        assertEquals("""
                *filter
                :FLANNEL-FWD - [0:0]
                -A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT
                -A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT
                COMMIT
                """, rules.restorePayload());
        assertEquals(List.of("FORWARD"), rules.jumps().stream().map(Jump::chain).toList());
    }

    @Test
    void dropsRandomFullyWhenDisabled() {
        assertEquals("-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\""
                + " -j MASQUERADE", new FlannelRules(N, P, true, false).natRules().getLast());
    }

    @Test
    void rejectsLeaseOutsideNetwork() {
        assertThrows(IllegalArgumentException.class, () -> FlannelRules.of(N, Cidr.parse("10.245.1.0/24"), true));
    }
}
