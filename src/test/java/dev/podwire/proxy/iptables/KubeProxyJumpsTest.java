package dev.podwire.proxy.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.host.Command;
import dev.podwire.netfilter.Jump;
import dev.podwire.netfilter.RuleTarget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kube-proxy's jumps through the one ensure path, on a node of the stateful fake. */
class KubeProxyJumpsTest {
    private static List<Jump> all() {
        List<Jump> jumps = new ArrayList<>(KubeProxyJumps.KUBE_PROXY);
        jumps.addAll(KubeProxyJumps.KUBE_FIREWALL);
        return jumps;
    }

    private static List<String> targets(FakeNode node, String table, String chain) {
        return node.save().rules(table, chain).stream()
                .map(r -> r.target() instanceof RuleTarget.Jump(String t) ? t : r.text()).toList();
    }

    @Test
    void aCleanNodeGetsKubeProxysOwnCommandsAndItsDerivedOrder() {
        FakeNode node = new FakeNode();
        ProxyPlan plan = ProxyPlanner.plan(ProxyScenarios.seed001().snapshot());
        assertEquals(all(), plan.jumps());
        node.fullSync(plan);
        // kube-proxy's iptablesJumpChains, each checked and then inserted at the top: -C, then -I without position.
        List<String> expected = new ArrayList<>();
        for (Jump j : plan.jumps()) {
            expected.add(String.join(" ", "iptables -w 5 -t", j.table(), "-C", j.chain(), String.join(" ", j.args())));
            expected.add(String.join(" ", "iptables -w 5 -t", j.table(), "-I", j.chain(), String.join(" ", j.args())));
        }
        assertEquals(expected, node.exec.commands().stream().map(Command::argv)
                .filter(a -> a.getFirst().equals("iptables") && !a.contains("-S")).map(a -> String.join(" ", a))
                .toList());
        // kube-proxy.md 1.2: "a clean node ends with (derived)".
        assertEquals(List.of("KUBE-FIREWALL", "KUBE-PROXY-FIREWALL", "KUBE-NODEPORTS", "KUBE-EXTERNAL-SERVICES"),
                targets(node, "filter", "INPUT"));
        assertEquals(List.of("KUBE-PROXY-FIREWALL", "KUBE-FORWARD", "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES"),
                targets(node, "filter", "FORWARD"));
        assertEquals(List.of("KUBE-FIREWALL", "KUBE-PROXY-FIREWALL", "KUBE-SERVICES"),
                targets(node, "filter", "OUTPUT"));
        assertEquals(List.of("KUBE-SERVICES"), targets(node, "nat", "PREROUTING"));
        assertEquals(List.of("KUBE-SERVICES"), targets(node, "nat", "OUTPUT"));
        assertEquals(List.of("KUBE-POSTROUTING"), targets(node, "nat", "POSTROUTING"));
    }

    @Test
    void aNodeThatHasThemOnlyChecks() {
        FakeNode node = new FakeNode();
        ProxyPlan plan = ProxyPlanner.plan(ProxyScenarios.seed000().snapshot());
        node.fullSync(plan);
        int before = node.exec.commands().size();
        assertEquals(0, node.fullSync(plan));
        List<List<String>> ran = node.exec.commands().subList(before, node.exec.commands().size()).stream()
                .map(Command::argv).toList();
        assertEquals(List.of("iptables-save", "iptables-restore"), ran.subList(0, 2).stream().map(List::getFirst)
                .toList());
        assertEquals(plan.jumps().size(), ran.size() - 2);
        ran.subList(2, ran.size()).forEach(a -> assertEquals("-C", a.get(5), a.toString()));
    }
}
