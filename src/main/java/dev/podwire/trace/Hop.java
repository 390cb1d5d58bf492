package dev.podwire.trace;

import java.util.List;
import java.util.Optional;

/**
 * One place on the packet's path.
 *
 * @param place where
 * @param kind request, reply, or ICMP error
 * @param entered the packet as it entered (or was created)
 * @param left the packet as the last hook saw it (after DNAT and SNAT)
 * @param rules the iptables/nftables rules that matched, in order (our own trace table left out)
 * @param outcome how the traversal ended
 * @param route the route lookup for the packet here, when one was made
 * @param encapsulation the VXLAN header added when the packet left through a VXLAN device
 */
public record Hop(Place place, PacketKind kind, PacketHeader entered, PacketHeader left, List<RuleHit> rules,
        Outcome outcome, Optional<RouteLookup> route, Optional<Encapsulation> encapsulation) {

    /** Copies. */
    public Hop {
        rules = List.copyOf(rules);
    }

    /** {@return the rule that did DNAT here, if one did} */
    public Optional<RuleHit> dnat() {
        return rules.stream().filter(r -> r.rule().map(t -> t.contains("-j DNAT")).orElse(false)).reduce((a, b) -> b);
    }

    /** {@return the rule that did SNAT or MASQUERADE here, if one did} */
    public Optional<RuleHit> snat() {
        return rules.stream().filter(r -> r.rule().map(t -> t.contains("-j MASQUERADE") || t.contains("-j SNAT"))
                .orElse(false)).reduce((a, b) -> b);
    }
}
