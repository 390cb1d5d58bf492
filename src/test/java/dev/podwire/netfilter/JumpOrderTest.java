package dev.podwire.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.podwire.backend.FlannelRules;
import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.lb.LbRenderer;
import dev.podwire.net.Cidr;
import dev.podwire.net.Netns;
import dev.podwire.proxy.iptables.KubeProxyJumps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The owners of built-in chain rules on one node of the stateful fake: whichever syncer ensures its jumps first, each
 * chain ends in {@link JumpOrder}'s order, which is the order a node has today (kube-proxy inserts at the top, flanneld
 * appends), around rules of other programs.
 */
class JumpOrderTest {
    private static final Netns NS = Netns.of("fx-order");
    private static final FlannelRules FLANNEL = FlannelRules.of(Cidr.parse("10.244.0.0/16"),
            Cidr.parse("10.244.1.0/24"), true);

    private static List<Jump> kubeProxy() {
        List<Jump> jumps = new ArrayList<>(KubeProxyJumps.KUBE_PROXY);
        jumps.addAll(KubeProxyJumps.KUBE_FIREWALL);
        return jumps;
    }

    /** A node whose chains exist (the payloads ran) and whose FORWARD holds a rule of another program. */
    private static FakeExecutor node() {
        FakeExecutor exec = new FakeExecutor();
        exec.run(Command.iptablesRestore(NS, """
                *filter
                :DOCKER-USER - [0:0]
                :KUBE-FIREWALL - [0:0]
                :KUBE-PROXY-FIREWALL - [0:0]
                :KUBE-NODEPORTS - [0:0]
                :KUBE-FORWARD - [0:0]
                :KUBE-SERVICES - [0:0]
                :KUBE-EXTERNAL-SERVICES - [0:0]
                -A FORWARD -j DOCKER-USER
                COMMIT
                *nat
                :KUBE-SERVICES - [0:0]
                :KUBE-POSTROUTING - [0:0]
                COMMIT
                """)).orThrow();
        exec.run(Command.iptablesRestore(NS, FLANNEL.restorePayload())).orThrow();
        return exec;
    }

    private static List<String> targets(FakeExecutor exec, String table, String chain) {
        Ruleset saved = Ruleset.parse(exec.run(Command.of(NS, "iptables-save")).orThrow().stdout());
        return saved.rules(table, chain).stream()
                .map(r -> r.target() instanceof RuleTarget.Jump(String t) ? t : r.text()).toList();
    }

    /** {@return the argv of the last {@code iptables -I} or {@code -A}} */
    private static List<String> lastChange(FakeExecutor exec) {
        return exec.commands().reversed().stream().map(Command::argv)
                .filter(a -> a.getFirst().equals("iptables") && (a.contains("-I") || a.contains("-A")))
                .findFirst().orElseThrow();
    }

    @Test
    void kubeProxyAndFlannelEndInTheSameOrderWhicheverGoesFirst() {
        FakeExecutor flannelFirst = node();
        assertEquals(2, Jumps.ensure(flannelFirst, NS, FLANNEL.jumps()));
        assertEquals(14, Jumps.ensure(flannelFirst, NS, kubeProxy()));
        FakeExecutor proxyFirst = node();
        assertEquals(14, Jumps.ensure(proxyFirst, NS, kubeProxy()));
        assertEquals(2, Jumps.ensure(proxyFirst, NS, FLANNEL.jumps()));

        for (FakeExecutor exec : List.of(flannelFirst, proxyFirst)) {
            assertEquals(List.of("KUBE-PROXY-FIREWALL", "KUBE-FORWARD", "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES",
                    "DOCKER-USER", "FLANNEL-FWD"), targets(exec, "filter", "FORWARD"));
            assertEquals(List.of("KUBE-POSTROUTING", "FLANNEL-POSTRTG"), targets(exec, "nat", "POSTROUTING"));
            assertEquals(List.of("KUBE-FIREWALL", "KUBE-PROXY-FIREWALL", "KUBE-NODEPORTS", "KUBE-EXTERNAL-SERVICES"),
                    targets(exec, "filter", "INPUT"));
            assertEquals(0, Jumps.ensure(exec, NS, kubeProxy()) + Jumps.ensure(exec, NS, FLANNEL.jumps()));
        }
    }

    @Test
    void aJumpSomeoneDeletedComesBackAtItsDeclaredPlace() {
        FakeExecutor exec = node();
        Jumps.ensure(exec, NS, kubeProxy());
        Jumps.ensure(exec, NS, FLANNEL.jumps());
        Jump forward = kubeProxy().stream().filter(j -> j.target().equals("KUBE-FORWARD")).findFirst().orElseThrow();
        List<String> delete = new ArrayList<>(List.of("iptables", "-t", "filter", "-D", "FORWARD"));
        delete.addAll(forward.args());
        exec.run(new Command(NS, delete, "")).orThrow();
        Jump fwd = FLANNEL.jumps().getLast();
        exec.run(new Command(NS, List.of("iptables", "-t", "filter", "-D", "FORWARD", "-m", "comment", "--comment",
                "flanneld forward", "-j", "FLANNEL-FWD"), "")).orThrow();
        exec.run(new Command(NS, List.of("iptables", "-t", "filter", "-A", "FORWARD", "-j", "ACCEPT"), "")).orThrow();

        assertEquals(1, Jumps.ensure(exec, NS, List.of(fwd)));
        assertEquals(1, Jumps.ensure(exec, NS, kubeProxy()));
        assertEquals(List.of("KUBE-PROXY-FIREWALL", "KUBE-FORWARD", "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES",
                "DOCKER-USER", "-A FORWARD -j ACCEPT", "FLANNEL-FWD"), targets(exec, "filter", "FORWARD"));
        assertEquals(List.of("iptables", "-w", "5", "-t", "filter", "-I", "FORWARD", "2"),
                lastChange(exec).subList(0, 8), "inserted below KUBE-PROXY-FIREWALL, not on top");
    }

    @Test
    void theLoadBalancersJumpsAreAppendedIntoItsOwnNamespace() {
        FakeExecutor exec = new FakeExecutor();
        exec.run(Command.iptablesRestore(NS, LbRenderer.chains())).orThrow();
        assertEquals(2, Jumps.ensure(exec, NS, LbRenderer.JUMPS));
        assertEquals(List.of("-A PREROUTING -j PODWIRE-LB"), targets(exec, "nat", "PREROUTING").stream()
                .map(t -> "-A PREROUTING -j " + t).toList());
        assertEquals(List.of("PODWIRE-LB-MASQ"), targets(exec, "nat", "POSTROUTING"));
        assertEquals(List.of("iptables", "-w", "5", "-t", "nat", "-A", "POSTROUTING", "-j", "PODWIRE-LB-MASQ"),
                lastChange(exec));
        // The balancer's chains are rewritten on every sync; the jumps stay.
        exec.run(Command.iptablesRestore(NS, LbRenderer.render(List.of()))).orThrow();
        assertEquals(0, Jumps.ensure(exec, NS, LbRenderer.JUMPS));
    }
}
