package dev.podwire.proxy.iptables;

import java.util.List;
import java.util.Objects;

/**
 * One parsed {@code -A} rule.
 *
 * @param chain the chain it is appended to
 * @param matches its matches, in order
 * @param target what it does on a match
 * @param text the rule line as written, for display
 */
public record IptablesRule(String chain, List<RuleMatch> matches, RuleTarget target, String text) {
    /** Copies. */
    public IptablesRule {
        Objects.requireNonNull(chain, "chain");
        matches = List.copyOf(matches);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(text, "text");
    }
}
