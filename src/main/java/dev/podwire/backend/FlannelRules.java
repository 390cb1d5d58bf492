package dev.podwire.backend;

import dev.podwire.net.Cidr;
import dev.podwire.netfilter.Jump;
import dev.podwire.netfilter.JumpOrder;
import dev.podwire.netfilter.Jumps;
import dev.podwire.netfilter.RestorePayload;
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

    private static final String MASQ_COMMENT = "flanneld masq";
    private static final String FWD_COMMENT = "flanneld forward";
    private static final String MASQ = "-m comment --comment " + RestorePayload.quote(MASQ_COMMENT);
    private static final String FWD = "-m comment --comment " + RestorePayload.quote(FWD_COMMENT);

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
        return lines(POSTROUTING_CHAIN, natSpecs());
    }

    /** {@return the {@value #FORWARD_CHAIN} rules in order, as {@code iptables-save} prints them} */
    public List<String> filterRules() {
        return lines(FORWARD_CHAIN, filterSpecs());
    }

    /**
     * {@return the jumps from built-in chains into ours: POSTROUTING (only with ipMasq), then FORWARD}; flanneld
     * appends them, and {@link JumpOrder} puts them after kube-proxy's
     */
    public List<Jump> jumps() {
        List<Jump> out = new ArrayList<>();
        if (ipMasq) {
            out.add(Jump.of("nat", "POSTROUTING", "-m", "comment", "--comment", MASQ_COMMENT, "-j",
                    POSTROUTING_CHAIN));
        }
        out.add(Jump.of("filter", "FORWARD", "-m", "comment", "--comment", FWD_COMMENT, "-j", FORWARD_CHAIN));
        return List.copyOf(out);
    }

    /**
     * {@return the {@code iptables-restore --noflush} payload for our chains}: each chain is declared
     * ({@code :CHAIN - [0:0]}, which creates it or, under --noflush, flushes it) and refilled in one atomic commit
     * per table, so a re-apply never duplicates rules. Without ipMasq there is no nat block, as flanneld creates no
     * nat chain then. Built-in chains are not touched: ensure {@link #jumps()} with {@link Jumps#ensure}.
     */
    public String restorePayload() {
        RestorePayload out = new RestorePayload();
        out.table("filter").chain(FORWARD_CHAIN);
        filterSpecs().forEach(r -> out.rule(FORWARD_CHAIN, r));
        if (ipMasq) {
            out.table("nat").chain(POSTROUTING_CHAIN);
            natSpecs().forEach(r -> out.rule(POSTROUTING_CHAIN, r));
        }
        return out.render();
    }

    /** The {@value #POSTROUTING_CHAIN} rules after {@code -A CHAIN}. */
    private List<String> natSpecs() {
        if (!ipMasq) {
            return List.of();
        }
        String n = network.toString();
        String p = podSubnet.toString();
        String masquerade = "-j MASQUERADE" + (randomFully ? " --random-fully" : "");
        return List.of(
                "-m mark --mark " + KUBE_PROXY_MARK + " " + MASQ + " -j RETURN",
                "-s " + p + " -d " + n + " " + MASQ + " -j RETURN",
                "-s " + n + " -d " + p + " " + MASQ + " -j RETURN",
                "! -s " + n + " -d " + p + " " + MASQ + " -j RETURN",
                "-s " + n + " ! -d 224.0.0.0/4 " + MASQ + " " + masquerade,
                "! -s " + n + " -d " + n + " " + MASQ + " " + masquerade);
    }

    /** The {@value #FORWARD_CHAIN} rules after {@code -A CHAIN}. */
    private List<String> filterSpecs() {
        return List.of("-s " + network + " " + FWD + " -j ACCEPT", "-d " + network + " " + FWD + " -j ACCEPT");
    }

    private static List<String> lines(String chain, List<String> specs) {
        return specs.stream().map(s -> "-A " + chain + " " + s).toList();
    }
}
