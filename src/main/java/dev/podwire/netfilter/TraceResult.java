package dev.podwire.netfilter;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of tracing one packet.
 *
 * @param steps the rules matched, in evaluation order, across nat and filter
 * @param verdict DNAT / REJECT / DROP / ACCEPT / no match
 * @param masqueraded whether nat POSTROUTING masqueraded it (its source becomes the node's address)
 * @param recentSet the {@code -m recent} lists the packet's source was added to ({@code --set}): session affinity
 */
public record TraceResult(List<TraceStep> steps, TraceVerdict verdict, boolean masqueraded, Set<String> recentSet) {
    /** Copies. */
    public TraceResult {
        steps = List.copyOf(steps);
        Objects.requireNonNull(verdict, "verdict");
        recentSet = Set.copyOf(recentSet);
    }

    /** {@return the chains entered, in order, for kube-proxy-style "chains traversed" assertions} */
    public List<String> chains() {
        return steps.stream().map(s -> s.table() + "/" + s.chain()).distinct().toList();
    }
}
