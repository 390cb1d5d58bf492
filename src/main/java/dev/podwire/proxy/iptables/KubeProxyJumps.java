package dev.podwire.proxy.iptables;

import dev.podwire.netfilter.Jump;
import java.util.List;

/**
 * kube-proxy's rules in built-in chains ({@code iptablesJumpChains}), ensured on full syncs with {@link
 * dev.podwire.netfilter.Jumps#ensure}: checked with {@code -C} and, when missing, inserted at the top, so ensuring
 * {@link #KUBE_PROXY} in list order leaves the last one first, as on a real node (and as {@link
 * dev.podwire.netfilter.JumpOrder} declares).
 */
public final class KubeProxyJumps {
    /** kube-proxy's jumps, in the order it ensures them. */
    public static final List<Jump> KUBE_PROXY = List.of(
            ctNew("filter", "INPUT", "kubernetes externally-visible service portals", "KUBE-EXTERNAL-SERVICES"),
            ctNew("filter", "FORWARD", "kubernetes externally-visible service portals", "KUBE-EXTERNAL-SERVICES"),
            plain("filter", "INPUT", "kubernetes health check service ports", "KUBE-NODEPORTS"),
            ctNew("filter", "FORWARD", "kubernetes service portals", "KUBE-SERVICES"),
            ctNew("filter", "OUTPUT", "kubernetes service portals", "KUBE-SERVICES"),
            plain("filter", "FORWARD", "kubernetes forwarding rules", "KUBE-FORWARD"),
            ctNew("filter", "INPUT", "kubernetes load balancer firewall", "KUBE-PROXY-FIREWALL"),
            ctNew("filter", "OUTPUT", "kubernetes load balancer firewall", "KUBE-PROXY-FIREWALL"),
            ctNew("filter", "FORWARD", "kubernetes load balancer firewall", "KUBE-PROXY-FIREWALL"),
            plain("nat", "OUTPUT", "kubernetes service portals", "KUBE-SERVICES"),
            plain("nat", "PREROUTING", "kubernetes service portals", "KUBE-SERVICES"),
            plain("nat", "POSTROUTING", "kubernetes postrouting rules", "KUBE-POSTROUTING"));

    /** The kubelet-duplicate jumps to KUBE-FIREWALL, written when localhost NodePorts are on. */
    public static final List<Jump> KUBE_FIREWALL = List.of(
            Jump.of("filter", "INPUT", "-j", "KUBE-FIREWALL"),
            Jump.of("filter", "OUTPUT", "-j", "KUBE-FIREWALL"));

    private KubeProxyJumps() {}

    private static Jump ctNew(String table, String chain, String comment, String target) {
        return Jump.of(table, chain, "-m", "conntrack", "--ctstate", "NEW", "-m", "comment", "--comment", comment,
                "-j", target);
    }

    private static Jump plain(String table, String chain, String comment, String target) {
        return Jump.of(table, chain, "-m", "comment", "--comment", comment, "-j", target);
    }
}
