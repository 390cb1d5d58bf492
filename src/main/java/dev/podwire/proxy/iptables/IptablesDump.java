package dev.podwire.proxy.iptables;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed ruleset: the tables, chains and rules of an {@code iptables-save} dump, or the state an {@code
 * iptables-restore --noflush} payload leaves behind. Understands both forms: our restore input ({@code -m tcp -p
 * tcp -d 10.0.0.1 --dport 80}, {@code --or-mark}) and what iptables-save prints back ({@code -d 10.0.0.1/32 -p tcp
 * -m tcp --dport 80}, {@code --set-xmark}, {@code --mask 255.255.255.255 --rsource}).
 *
 * @param tables the tables in the order first seen
 */
public record IptablesDump(List<Table> tables) {
    /** Copies. */
    public IptablesDump {
        tables = List.copyOf(tables);
    }

    /**
     * One table.
     *
     * @param name e.g. {@code nat}
     * @param chains its chains in declaration order
     */
    public record Table(String name, List<Chain> chains) {
        /** Copies. */
        public Table {
            Objects.requireNonNull(name, "name");
            chains = List.copyOf(chains);
        }

        /** {@return the chain called {@code name}, if present} */
        public Optional<Chain> chain(String chainName) {
            return chains.stream().filter(c -> c.name().equals(chainName)).findFirst();
        }
    }

    /**
     * One chain.
     *
     * @param name the chain name
     * @param policy the policy of a built-in chain ({@code ACCEPT}/{@code DROP}); empty for user chains
     * @param rules its rules in order
     */
    public record Chain(String name, Optional<String> policy, List<IptablesRule> rules) {
        /** Copies. */
        public Chain {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(policy, "policy");
            rules = List.copyOf(rules);
        }
    }

    /** {@return an empty ruleset} */
    public static IptablesDump empty() {
        return new IptablesDump(List.of());
    }

    /**
     * {@return the ruleset in {@code text}, an iptables-save dump or a restore payload}
     *
     * @throws IllegalArgumentException on a line it cannot parse, a rule in an undeclared chain, a jump to an
     *     undefined chain or {@code -X} of a chain still referenced (message names the line number)
     */
    public static IptablesDump parse(String text) {
        return empty().apply(text);
    }

    /**
     * {@return this ruleset after {@code iptables-restore --noflush} of {@code payload}: a chain line flushes (or
     * creates) that chain, {@code -A} appends, {@code -X} deletes; chains not mentioned are kept}
     *
     * @throws IllegalArgumentException like {@link #parse}; the whole payload is then rejected, as the kernel would
     */
    public IptablesDump apply(String payload) {
        return DumpParser.apply(this, payload);
    }

    /** {@return the table called {@code name}, if present} */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** {@return the chain names of table {@code name}; empty if the table is absent} */
    public List<String> chainNames(String tableName) {
        return table(tableName).map(t -> t.chains().stream().map(Chain::name).toList()).orElse(List.of());
    }

    /** {@return the ruleset in iptables-save-like form (our parsed rule texts, no counters)} */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Table t : tables) {
            out.append('*').append(t.name()).append('\n');
            t.chains().forEach(c -> out.append(':').append(c.name()).append(' ').append(c.policy().orElse("-"))
                    .append(" [0:0]\n"));
            t.chains().forEach(c -> c.rules().forEach(r -> out.append(r.text()).append('\n')));
            out.append("COMMIT\n");
        }
        return out.toString();
    }
}
