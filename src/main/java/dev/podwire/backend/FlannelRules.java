package dev.podwire.backend;

import dev.podwire.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * flanneld's iptables rules since v0.20 ({@code pkg/trafficmngr/iptables/iptables.go}): masquerading in nat chain
 * {@value #POSTROUTING_CHAIN} (only with {@code --ip-masq}) and FORWARD accepts in filter chain {@value #FORWARD_CHAIN}
 * (always, {@code --iptables-forward-rules} defaults to true).
 *
 * @param network the flannel Network (N)
 * @param podSubnet this node's lease (P)
 * @param ipMasq flanneld's {@code --ip-masq}
 * @param randomFully whether MASQUERADE gets {@code --random-fully} (flannel: when iptables supports it and
 *     {@code --ip-masq-fully-random-disable} is unset)
 */
public record FlannelRules(Cidr network, Cidr podSubnet, boolean ipMasq, boolean randomFully) {
    /** The nat chain flannel owns. */
    public static final String POSTROUTING_CHAIN = "FLANNEL-POSTRTG";
    /** The filter chain flannel owns. */
    public static final String FORWARD_CHAIN = "FLANNEL-FWD";
    /** kube-proxy's masquerade mark; flannel returns early for it to avoid double NAT (v0.20.2). */
    public static final String KUBE_PROXY_MARK = "0x4000/0x4000";

    private static final String MASQ = "-m comment --comment \"flanneld masq\"";
    private static final String FWD = "-m comment --comment \"flanneld forward\"";

    /** Validates. */
    public FlannelRules {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(podSubnet, "podSubnet");
        if (!network.contains(podSubnet)) {
            throw new IllegalArgumentException("podSubnet: " + podSubnet + " (expected: inside network " + network
                    + ")");
        }
    }

    /** {@return the rules with {@code --random-fully}, as on any current iptables} */
    public static FlannelRules of(Cidr network, Cidr podSubnet, boolean ipMasq) {
        return new FlannelRules(network, podSubnet, ipMasq, true);
    }

    /** {@return the {@value #POSTROUTING_CHAIN} rules in order, as {@code iptables-save} prints them; empty without ipMasq} */
    public List<String> natRules() {
        if (!ipMasq) {
            return List.of();
        }
        String n = network.toString();
        String p = podSubnet.toString();
        String masquerade = "-j MASQUERADE" + (randomFully ? " --random-fully" : "");
        String a = "-A " + POSTROUTING_CHAIN + " ";
        return List.of(
                a + "-m mark --mark " + KUBE_PROXY_MARK + " " + MASQ + " -j RETURN",
                a + "-s " + p + " -d " + n + " " + MASQ + " -j RETURN",
                a + "-s " + n + " -d " + p + " " + MASQ + " -j RETURN",
                a + "! -s " + n + " -d " + p + " " + MASQ + " -j RETURN",
                a + "-s " + n + " ! -d 224.0.0.0/4 " + MASQ + " " + masquerade,
                a + "! -s " + n + " -d " + n + " " + MASQ + " " + masquerade);
    }

    /** {@return the {@value #FORWARD_CHAIN} rules in order, as {@code iptables-save} prints them} */
    public List<String> filterRules() {
        String a = "-A " + FORWARD_CHAIN + " ";
        return List.of(a + "-s " + network + " " + FWD + " -j ACCEPT", a + "-d " + network + " " + FWD + " -j ACCEPT");
    }

    /** {@return the jumps from built-in chains into ours: POSTROUTING (only with ipMasq), then FORWARD} */
    public List<JumpRule> jumpRules() {
        List<JumpRule> out = new ArrayList<>();
        if (ipMasq) {
            out.add(new JumpRule("nat", "POSTROUTING", MASQ + " -j " + POSTROUTING_CHAIN));
        }
        out.add(new JumpRule("filter", "FORWARD", FWD + " -j " + FORWARD_CHAIN));
        return List.copyOf(out);
    }

    /**
     * {@return the {@code iptables-restore --noflush} payload for our chains}: each chain is declared
     * ({@code :CHAIN - [0:0]}, which creates it or, under --noflush, flushes it) and refilled in one atomic commit
     * per table, so a re-apply never duplicates rules. Without ipMasq there is no nat block, as flanneld creates no
     * nat chain then. Built-in chains are not touched: add {@link #jumpRules()} with {@link JumpRules}.
     */
    public String restorePayload() {
        StringBuilder out = new StringBuilder();
        block(out, "filter", FORWARD_CHAIN, filterRules());
        if (ipMasq) {
            block(out, "nat", POSTROUTING_CHAIN, natRules());
        }
        return out.toString();
    }

    private static void block(StringBuilder out, String table, String chain, List<String> rules) {
        out.append('*').append(table).append('\n').append(':').append(chain).append(" - [0:0]\n");
        rules.forEach(r -> out.append(r).append('\n'));
        out.append("COMMIT\n");
    }
}
