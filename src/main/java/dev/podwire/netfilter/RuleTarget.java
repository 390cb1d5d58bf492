package dev.podwire.netfilter;

import dev.podwire.net.Ipv4;
import java.util.List;
import java.util.OptionalInt;

/** What a parsed iptables rule does when it matches. */
public sealed interface RuleTarget {
    /** No {@code -j}: the rule only counts packets. */
    record None() implements RuleTarget {}

    /** {@code -j <user chain>}: run that chain, come back unless it decides. */
    record Jump(String chain) implements RuleTarget {}

    /** {@code -j ACCEPT}. */
    record Accept() implements RuleTarget {}

    /** {@code -j DROP}. */
    record Drop() implements RuleTarget {}

    /** {@code -j REJECT [--reject-with ...]}. */
    record Reject(List<String> args) implements RuleTarget {
        /** Copies. */
        public Reject {
            args = List.copyOf(args);
        }
    }

    /** {@code -j RETURN}. */
    record Return() implements RuleTarget {}

    /** {@code -j DNAT --to-destination ip[:port]}. */
    record Dnat(Ipv4 ip, OptionalInt port) implements RuleTarget {}

    /** {@code -j MASQUERADE [--random-fully]}. */
    record Masquerade(boolean randomFully) implements RuleTarget {}

    /**
     * {@code -j MARK}: every form normalised to {@code --set-xmark value/mask}, i.e. {@code mark = (mark & ~mask) ^
     * value} ({@code --or-mark v} = {@code v/v}, {@code --xor-mark v} = {@code v/0}).
     */
    record SetMark(int value, int mask) implements RuleTarget {
        /** {@return {@code mark} after this target} */
        public int apply(int mark) {
            return (mark & ~mask) ^ value;
        }
    }

    /** Any other target, kept verbatim. */
    record Other(String name, List<String> args) implements RuleTarget {
        /** Copies. */
        public Other {
            args = List.copyOf(args);
        }
    }
}
