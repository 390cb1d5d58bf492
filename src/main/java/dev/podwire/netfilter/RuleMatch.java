package dev.podwire.netfilter;

import dev.podwire.net.Cidr;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/** One match of a parsed iptables rule. {@code negated} is a {@code !} in front of it. */
public sealed interface RuleMatch {
    /** {@code [!] -s <cidr>}. */
    record Source(Cidr cidr, boolean negated) implements RuleMatch {}

    /** {@code [!] -d <cidr>}. */
    record Destination(Cidr cidr, boolean negated) implements RuleMatch {}

    /** {@code [!] -p <protocol>}, lower case. */
    record Protocol(String name, boolean negated) implements RuleMatch {}

    /** {@code -m tcp|udp|sctp [!] --dport <port>}. */
    record DestinationPort(int port, boolean negated) implements RuleMatch {}

    /** {@code -m comment --comment <text>}: always matches. */
    record Comment(String text) implements RuleMatch {}

    /**
     * {@code -m addrtype [!] --src-type|--dst-type <type>}.
     *
     * @param source true for {@code --src-type}
     * @param type e.g. {@code LOCAL}
     * @param negated whether a {@code !} precedes the option
     */
    record AddrType(boolean source, String type, boolean negated) implements RuleMatch {}

    /** {@code -m statistic --mode random --probability <p>}. */
    record Statistic(double probability) implements RuleMatch {}

    /**
     * {@code -m recent --name <list> --rcheck [--seconds s] [--reap]} or {@code --set}: source-address lists.
     *
     * @param name the list
     * @param set true for {@code --set} (adds the source and matches), false for {@code --rcheck}
     * @param seconds the {@code --seconds} window of a check
     */
    record Recent(String name, boolean set, OptionalInt seconds) implements RuleMatch {}

    /** {@code -m mark [!] --mark value[/mask]}: matches if {@code (mark & mask) == value}. */
    record Mark(int value, int mask, boolean negated) implements RuleMatch {}

    /** {@code -m conntrack [!] --ctstate A,B}: matches if the connection is in any of the states. */
    record Conntrack(Set<String> states, boolean negated) implements RuleMatch {
        /** Copies. */
        public Conntrack {
            states = Set.copyOf(states);
        }
    }

    /** Anything else, e.g. {@code -m nfacct --nfacct-name x} or {@code -i eth0}, kept verbatim. */
    record Other(String module, List<String> args) implements RuleMatch {
        /** Copies. */
        public Other {
            Objects.requireNonNull(module, "module");
            args = List.copyOf(args);
        }
    }
}
