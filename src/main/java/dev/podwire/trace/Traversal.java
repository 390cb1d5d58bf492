package dev.podwire.trace;

import java.util.List;
import java.util.Optional;

/**
 * One packet's way through one namespace, from the pass where our trace table marked it to the last hook that saw
 * it there.
 *
 * @param kind what the marking rule said the packet was
 * @param passes the hook passes, in the order the kernel reported them
 */
public record Traversal(PacketKind kind, List<HookPass> passes) {

    /** Copies; a traversal has at least its marking pass. */
    public Traversal {
        passes = List.copyOf(passes);
        if (passes.isEmpty()) {
            throw new IllegalArgumentException("passes: [] (expected: at least the marking pass)");
        }
    }

    /** {@return the packet as it entered this namespace (or was created in it)} */
    public PacketHeader first() {
        return passes.getFirst().header();
    }

    /** {@return the packet as the last hook saw it: after DNAT, and after SNAT when it left} */
    public PacketHeader last() {
        return passes.getLast().header();
    }

    /** {@return every rule hit, in order} */
    public List<RuleHit> hits() {
        return passes.stream().flatMap(p -> p.hits().stream()).toList();
    }

    /** {@return the hit that dropped the packet, if one did} */
    public Optional<RuleHit> drop() {
        return hits().stream().filter(RuleHit::drops).findFirst();
    }

    /** {@return whether the packet reached the given chain of our trace table (input, forward, postrouting)} */
    public boolean reached(String traceChain) {
        return hits().stream().anyMatch(h -> h.table().equals(TraceTable.NAME) && h.chain().equals(traceChain));
    }

    /** {@return whether the packet was created in this namespace (its first hook was output)} */
    public boolean local() {
        return first().in().isEmpty();
    }
}
