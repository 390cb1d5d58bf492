package dev.podwire.backend;

import java.util.Objects;
import java.util.Set;

/**
 * A rule in a built-in chain that jumps to one of our chains. We do not own built-in chains, so such rules are
 * checked against {@code iptables-save} and appended only when missing (see {@link JumpRules}).
 *
 * @param table {@code filter}, {@code nat}, {@code mangle} or {@code raw}
 * @param chain the built-in chain, e.g. {@code POSTROUTING}
 * @param spec the rule after {@code -A <chain>}, in {@code iptables-save} form, e.g.
 *     {@code -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG}
 */
public record JumpRule(String table, String chain, String spec) {
    private static final Set<String> TABLES = Set.of("filter", "nat", "mangle", "raw");

    /** Validates. */
    public JumpRule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(spec, "spec");
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("table: " + table + " (expected: filter, nat, mangle or raw)");
        }
        if (!chain.matches("[A-Za-z0-9_-]{1,28}")) {
            throw new IllegalArgumentException("chain: " + chain + " (expected: 1..28 of A-Z a-z 0-9 _ -)");
        }
        if (spec.isBlank() || spec.contains("\n") || !spec.contains("-j ")) {
            throw new IllegalArgumentException("spec: " + spec + " (expected: one line with a -j target)");
        }
    }

    /** {@return the rule as {@code iptables-save} prints it and {@code iptables-restore} takes it} */
    public String line() {
        return "-A " + chain + " " + spec;
    }
}
