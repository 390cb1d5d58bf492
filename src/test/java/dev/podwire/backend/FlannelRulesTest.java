package dev.podwire.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.net.Cidr;
import dev.podwire.net.Netns;
import dev.podwire.netfilter.Jumps;
import dev.podwire.netfilter.Rule;
import dev.podwire.netfilter.Ruleset;
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

    @Test
    void ensuresOnlyTheMissingJumpAndAppendsIt() {
        FakeExecutor exec = new FakeExecutor();
        Netns ns = Netns.of("fx-flannel");
        FlannelRules rules = FlannelRules.of(N, P, true);
        exec.run(Command.iptablesRestore(ns, rules.restorePayload())).orThrow();
        exec.run(Command.iptablesRestore(ns, """
                *filter
                -A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
                COMMIT
                *nat
                :KUBE-POSTROUTING - [0:0]
                -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
                COMMIT
                """)).orThrow();
        int before = exec.commands().size();
        assertEquals(1, Jumps.ensure(exec, ns, rules.jumps()));
        assertEquals(List.of("-C POSTROUTING", "-S POSTROUTING", "-A POSTROUTING", "-C FORWARD"),
                exec.commands().subList(before, exec.commands().size()).stream()
                        .map(c -> c.argv().get(5) + " " + c.argv().get(6)).toList());
        assertEquals(List.of("iptables", "-w", "5", "-t", "nat", "-A", "POSTROUTING", "-m", "comment", "--comment",
                "flanneld masq", "-j", "FLANNEL-POSTRTG"), exec.commands().get(before + 2).argv());
        Ruleset saved = Ruleset.parse(exec.run(Command.of(ns, "iptables-save")).orThrow().stdout());
        assertEquals(List.of("-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
                "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG"),
                saved.rules("nat", "POSTROUTING").stream().map(Rule::text).toList());
        assertEquals(1, saved.rules("filter", "FORWARD").size());
        // Re-applying the chain payload flushes flannel's chains, never the built-in ones.
        exec.run(Command.iptablesRestore(ns, rules.restorePayload())).orThrow();
        assertEquals(0, Jumps.ensure(exec, ns, rules.jumps()));
    }
}
