package dev.podwire.trace;

import java.util.Optional;

/**
 * One {@code TRACE:} line: the kernel evaluated a rule (or reached a chain's policy or end) for the traced packet.
 *
 * @param table the table ({@code nat}, {@code filter}, or our own trace table)
 * @param chain the chain
 * @param kind a rule that matched, the chain's policy, or a return from a user chain
 * @param verdict the verdict in upper case as printed: {@code ACCEPT}, {@code DROP}, {@code CONTINUE}, {@code JUMP},
 *     {@code GOTO}, {@code RETURN}
 * @param target the chain jumped to, for {@code JUMP} and {@code GOTO}
 * @param rule the matched rule in {@code iptables-save} syntax (without the {@code -4 -t TABLE} prefix), when the
 *     table belongs to iptables-nft
 */
public record RuleHit(String table, String chain, Kind kind, String verdict, Optional<String> target,
        Optional<String> rule) {

    /** What the trace line reports. */
    public enum Kind { RULE, POLICY, RETURN }

    /** {@return whether this hit ends the packet's life here: a DROP (REJECT shows as DROP too)} */
    public boolean drops() {
        return verdict.equals("DROP");
    }

    /** {@return the {@code iptables-save} text of a matched rule with its table, e.g. {@code -t nat -A ...}} */
    public String display() {
        return switch (kind) {
            case RULE -> rule.map(r -> "-t " + table + " " + r).orElse(table + " " + chain + " rule: " + verdict);
            case POLICY -> "-t " + table + " :" + chain + " policy " + verdict;
            case RETURN -> "-t " + table + " " + chain + " return";
        };
    }
}
