package dev.podwire.netfilter;

/**
 * One rule a traced packet matched.
 *
 * @param table e.g. {@code nat}
 * @param chain e.g. {@code KUBE-SERVICES}
 * @param ruleNumber 1-based position in the chain, as {@code iptables -L --line-numbers} shows
 * @param rule the rule text
 */
public record TraceStep(String table, String chain, int ruleNumber, String rule) {
    @Override
    public String toString() {
        return table + "/" + chain + "#" + ruleNumber + ": " + rule;
    }
}
