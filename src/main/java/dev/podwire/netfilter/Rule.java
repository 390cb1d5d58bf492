package dev.podwire.netfilter;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One parsed {@code -A} rule (see {@link RuleParser}).
 *
 * @param chain the chain it is appended to
 * @param matches its matches, in order
 * @param target what it does on a match
 * @param text the rule line as written, for display
 */
public record Rule(String chain, List<RuleMatch> matches, RuleTarget target, String text) {
    /** Copies. */
    public Rule {
        Objects.requireNonNull(chain, "chain");
        matches = List.copyOf(matches);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(text, "text");
    }

    /**
     * {@return whether {@code other} is the same rule, whatever its spelling}: same chain, matches and target, as
     * {@code iptables -C} and {@code -D} compare a rule with those in the kernel ({@code -m tcp -p tcp} and {@code -p
     * tcp -m tcp}, or a quoted and an unquoted comment, are the same rule)
     */
    public boolean sameAs(Rule other) {
        return chain.equals(other.chain) && target.equals(other.target)
                && Set.copyOf(header()).equals(Set.copyOf(other.header())) && modules().equals(other.modules());
    }

    /** The matches of the fixed rule header ({@code -s -d -p -i -o}), whose order the kernel does not keep. */
    private List<RuleMatch> header() {
        return matches.stream().filter(Rule::inHeader).toList();
    }

    /** The matches of {@code -m} modules, whose order the kernel keeps. */
    private List<RuleMatch> modules() {
        return matches.stream().filter(m -> !inHeader(m)).toList();
    }

    private static boolean inHeader(RuleMatch m) {
        return switch (m) {
            case RuleMatch.Source s -> true;
            case RuleMatch.Destination d -> true;
            case RuleMatch.Protocol p -> true;
            case RuleMatch.Other(String module, var args) -> module.startsWith("-");
            default -> false;
        };
    }

    /** {@return the rule after {@code -A CHAIN}, as written; empty for a rule without options} */
    public String spec() {
        String rest = text.strip().substring(2).strip();
        return rest.substring(chain.length()).strip();
    }
}
