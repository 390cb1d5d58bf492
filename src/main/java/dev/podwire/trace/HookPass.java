package dev.podwire.trace;

import java.util.List;

/**
 * A packet's pass through one netfilter hook in one namespace: the {@code PACKET:} line and the {@code TRACE:} lines
 * that follow it (one per table/chain evaluated at that hook with the same priority family).
 *
 * @param header the packet as it entered the hook
 * @param hits the rules, policies and returns the kernel reported, in order
 */
public record HookPass(PacketHeader header, List<RuleHit> hits) {

    /** Copies. */
    public HookPass {
        hits = List.copyOf(hits);
    }
}
