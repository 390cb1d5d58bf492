package dev.podwire.netfilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.podwire.backend.FlannelRules;
import dev.podwire.host.Command;
import dev.podwire.host.Executor;
import dev.podwire.host.FakeExecutor;
import dev.podwire.net.Cidr;
import dev.podwire.net.Netns;
import dev.podwire.proxy.iptables.KubeProxyJumps;
import dev.podwire.testing.TestNetns;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link Jumps#ensure} against the real iptables, and the stateful fake doing exactly what the kernel does. */
@Tag("netns")
class JumpsNetnsTest {
    private static final FlannelRules FLANNEL = FlannelRules.of(Cidr.parse("10.244.0.0/16"),
            Cidr.parse("10.244.1.0/24"), true);
    private static final String CHAINS = """
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
            """;

    private static List<Jump> kubeProxy() {
        List<Jump> jumps = new ArrayList<>(KubeProxyJumps.KUBE_PROXY);
        jumps.addAll(KubeProxyJumps.KUBE_FIREWALL);
        return jumps;
    }

    /** Flannel first, then kube-proxy, then KUBE-FORWARD deleted and ensured again; {@return the built-in chains} */
    private static String scenario(Executor exec, Netns ns) {
        exec.run(Command.iptablesRestore(ns, CHAINS)).orThrow();
        exec.run(Command.iptablesRestore(ns, FLANNEL.restorePayload())).orThrow();
        assertEquals(2, Jumps.ensure(exec, ns, FLANNEL.jumps()));
        assertEquals(14, Jumps.ensure(exec, ns, kubeProxy()));
        List<String> delete = new ArrayList<>(List.of("iptables", "-w", "5", "-t", "filter", "-D", "FORWARD"));
        delete.addAll(KubeProxyJumps.KUBE_PROXY.get(5).args());
        exec.run(new Command(ns, delete, "")).orThrow();
        assertEquals(1, Jumps.ensure(exec, ns, kubeProxy()));
        assertEquals(0, Jumps.ensure(exec, ns, FLANNEL.jumps()));
        StringBuilder out = new StringBuilder();
        for (String[] tc : new String[][] {{"filter", "INPUT"}, {"filter", "FORWARD"}, {"filter", "OUTPUT"},
                {"nat", "PREROUTING"}, {"nat", "OUTPUT"}, {"nat", "POSTROUTING"}}) {
            out.append(exec.run(Command.of(ns, "iptables", "-w", "5", "-t", tc[0], "-S", tc[1])).orThrow().stdout());
        }
        return out.toString();
    }

    @Test
    void kernelAndFakeEndWithTheDeclaredOrder() {
        assumeTrue(TestNetns.isRoot(), "needs root");
        String kernel;
        try (TestNetns ns = TestNetns.create("jo")) {
            kernel = scenario(ns::run, ns.netns());
        }
        assertEquals("""
                -P INPUT ACCEPT
                -A INPUT -j KUBE-FIREWALL
                -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
                -A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
                -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
                -P FORWARD ACCEPT
                -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
                -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
                -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
                -A FORWARD -j DOCKER-USER
                -A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD
                -P OUTPUT ACCEPT
                -A OUTPUT -j KUBE-FIREWALL
                -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
                -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -P PREROUTING ACCEPT
                -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -P OUTPUT ACCEPT
                -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -P POSTROUTING ACCEPT
                -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
                -A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG
                """, kernel);
        assertEquals(kernel, scenario(new FakeExecutor(), Netns.of("fx-jo")), "the fake lists what the kernel lists");
    }
}
