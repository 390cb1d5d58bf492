package dev.podwire.netfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rule in a built-in chain that jumps into one of our chains. We do not own built-in chains, so such rules are
 * ensured one by one ({@link Jumps#ensure}) where {@link JumpOrder} says, never written by a restore payload.
 *
 * @param table e.g. {@code filter} or {@code nat}
 * @param chain the built-in chain, e.g. {@code PREROUTING}
 * @param args the rule's arguments, unquoted (one element per argv word), ending with {@code -j <chain>} of a chain
 *     declared in {@link JumpOrder}, e.g. {@code [-m, comment, --comment, kubernetes service portals, -j,
 *     KUBE-SERVICES]}
 */
public record Jump(String table, String chain, List<String> args) {
    /** Validates and copies. */
    public Jump {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(chain, "chain");
        if (!Tables.exists(table)) {
            throw new IllegalArgumentException("table: " + table + " (expected: one of " + Tables.names() + ")");
        }
        if (!Tables.isBuiltIn(table, chain)) {
            throw new IllegalArgumentException("chain: " + chain + " (expected: a built-in chain of " + table + ", one"
                    + " of " + Tables.builtInChains(table) + ")");
        }
        args = List.copyOf(args);
        if (args.size() < 2 || !args.get(args.size() - 2).equals("-j")) {
            throw new IllegalArgumentException("args: " + args + " (expected: ending with -j <chain>)");
        }
        if (JumpOrder.of(args.getLast()).isEmpty()) {
            throw new IllegalArgumentException("args: " + args + " (expected: a jump to a chain declared in"
                    + " JumpOrder, which owns the order of built-in chains)");
        }
    }

    /** {@return a jump with these argv words} */
    public static Jump of(String table, String chain, String... args) {
        return new Jump(table, chain, List.of(args));
    }

    /** {@return the chain this rule jumps to} */
    public String target() {
        return args.getLast();
    }

    /** {@return where this jump stands among the jumps of its built-in chain} */
    public JumpOrder order() {
        return JumpOrder.of(target()).orElseThrow();
    }

    /** {@return the rule in restore form, {@code -A CHAIN ...} with quoted comments} */
    public String line() {
        return "-A " + chain + " " + RestorePayload.join(args);
    }

    /** {@return the rule, parsed} */
    public Rule rule() {
        List<String> words = new ArrayList<>(List.of("-A", chain));
        words.addAll(args);
        return RuleParser.parse(words);
    }
}
