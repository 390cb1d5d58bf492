package dev.podwire.backend;

import dev.podwire.testing.TestNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.host.Command;
import dev.podwire.net.Cidr;
import dev.podwire.netfilter.Jumps;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Feeds the rendered payloads to the real iptables-restore in a throw-away namespace and reads them back. */
@Tag("netns")
class FlannelRulesNetnsTest {
    /** flannel.md section 6 for N = 10.244.0.0/16, P = 10.244.0.0/24, in iptables-save order. */
    private static final List<String> EXPECTED = List.of(
            "-A FORWARD -m comment --comment \"flanneld forward\" -j FLANNEL-FWD",
            "-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT",
            "-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT",
            "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG",
            "-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG -s 10.244.0.0/24 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/24 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/24 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment \"flanneld masq\" -j MASQUERADE"
                    + " --random-fully",
            "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\""
                    + " -j MASQUERADE --random-fully");

    private static String save(TestNetns ns) {
        return ns.ok("iptables-save");
    }

    private static List<String> rules(String save) {
        return Arrays.stream(save.split("\n")).filter(l -> l.startsWith("-A ")).toList();
    }

    @Test
    void realIptablesAcceptsPayloadsAndSavesFlannelsExactRules() {
        assumeTrue(TestNetns.isRoot(), "needs root");
        FlannelRules rules = FlannelRules.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.0.0/24"), true);
        try (TestNetns ns = TestNetns.create("fl")) {
            ns.run(Command.iptablesRestore(ns.netns(), rules.restorePayload())).orThrow();
            assertEquals(rules.jumps().size(), Jumps.ensure(ns::run, ns.netns(), rules.jumps()), "all missing");

            String saved = save(ns);
            assertEquals(EXPECTED, rules(saved), saved);
            assertEquals(0, Jumps.ensure(ns::run, ns.netns(), rules.jumps()), "none missing: " + saved);

            // A resync re-applies the chain payload: declared chains are flushed and refilled, jumps survive.
            ns.run(Command.iptablesRestore(ns.netns(), rules.restorePayload())).orThrow();
            assertEquals(EXPECTED, rules(save(ns)));
        }
    }

    @Test
    void realIptablesAcceptsForwardOnlyPayloadWithoutMasq() {
        assumeTrue(TestNetns.isRoot(), "needs root");
        FlannelRules rules = FlannelRules.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("10.244.1.0/24"), false);
        try (TestNetns ns = TestNetns.create("fl")) {
            ns.run(Command.iptablesRestore(ns.netns(), rules.restorePayload())).orThrow();
            Jumps.ensure(ns::run, ns.netns(), rules.jumps());
            assertEquals(EXPECTED.subList(0, 3), rules(save(ns)));
        }
    }
}
