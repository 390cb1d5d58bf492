package dev.podwire.proxy.iptables;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A rule in a built-in chain that jumps into one of our chains (kube-proxy's {@code iptablesJumpChains}). We do
 * not own built-in chains, so each is checked with {@code -C} and, when missing, inserted at the top with
 * {@code -I <chain>} (no position = 1). Ensuring {@link #KUBE_PROXY} in list order therefore leaves the last
 * one first, as on a real node.
 *
 * @param table {@code filter} or {@code nat}
 * @param chain the built-in chain, e.g. {@code PREROUTING}
 * @param args the rule's arguments, unquoted (one element per argv word), e.g.
 *     {@code [-m, comment, --comment, kubernetes service portals, -j, KUBE-SERVICES]}
 */
public record BaseChainJump(String table, String chain, List<String> args) {
    private static final Set<String> BUILT_IN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");

    /** kube-proxy's jumps, in the order it ensures them. */
    public static final List<BaseChainJump> KUBE_PROXY = List.of(
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
    public static final List<BaseChainJump> KUBE_FIREWALL = List.of(
            new BaseChainJump("filter", "INPUT", List.of("-j", "KUBE-FIREWALL")),
            new BaseChainJump("filter", "OUTPUT", List.of("-j", "KUBE-FIREWALL")));

    /** Validates and copies. */
    public BaseChainJump {
        Objects.requireNonNull(table, "table");
        if (!table.equals("filter") && !table.equals("nat")) {
            throw new IllegalArgumentException("table: " + table + " (expected: filter or nat)");
        }
        if (!BUILT_IN.contains(chain)) {
            throw new IllegalArgumentException("chain: " + chain + " (expected: a built-in chain)");
        }
        args = List.copyOf(args);
        if (args.size() < 2 || !args.get(args.size() - 2).equals("-j")) {
            throw new IllegalArgumentException("args: " + args + " (expected: ending with -j <chain>)");
        }
    }

    private static BaseChainJump ctNew(String table, String chain, String comment, String target) {
        return new BaseChainJump(table, chain,
                List.of("-m", "conntrack", "--ctstate", "NEW", "-m", "comment", "--comment", comment, "-j", target));
    }

    private static BaseChainJump plain(String table, String chain, String comment, String target) {
        return new BaseChainJump(table, chain, List.of("-m", "comment", "--comment", comment, "-j", target));
    }

    /** {@return the chain this rule jumps to} */
    public String target() {
        return args.getLast();
    }

    /** {@return the arguments of {@code iptables} that check for the rule: {@code -t T -C CHAIN args...}} */
    public List<String> checkArgs() {
        return withOp("-C");
    }

    /** {@return the arguments of {@code iptables} that insert the rule at the top: {@code -t T -I CHAIN args...}} */
    public List<String> insertArgs() {
        return withOp("-I");
    }

    private List<String> withOp(String op) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("-t", table, op, chain), args.stream())
                .toList();
    }

    /** {@return the rule in restore form, {@code -A CHAIN ...} with quoted comments} */
    public String line() {
        return "-A " + chain + " " + String.join(" ", args.stream().map(Rules::quote).toList());
    }
}
