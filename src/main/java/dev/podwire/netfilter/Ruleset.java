package dev.podwire.netfilter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable iptables ruleset: the tables, chains and rules of an {@code iptables-save} dump, or the state an {@code
 * iptables-restore --noflush} payload leaves behind. Understands both forms: restore input ({@code -m tcp -p tcp -d
 * 10.0.0.1 --dport 80}, {@code --or-mark}) and what iptables-save prints back ({@code -d 10.0.0.1/32 -p tcp -m tcp
 * --dport 80}, {@code --set-xmark}, {@code --mask 255.255.255.255 --rsource}). Every change returns a new ruleset and
 * is all or nothing, like the kernel's commit; the stateful test executor keeps one per namespace.
 *
 * @param tables the tables in the order first seen
 */
public record Ruleset(List<Table> tables) {
    /** Copies. */
    public Ruleset {
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
    public record Chain(String name, Optional<String> policy, List<Rule> rules) {
        /** Copies. */
        public Chain {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(policy, "policy");
            rules = List.copyOf(rules);
        }
    }

    /** {@return an empty ruleset} */
    public static Ruleset empty() {
        return new Ruleset(List.of());
    }

    /**
     * {@return the ruleset in {@code text}, an iptables-save dump or a restore payload}; a table holds only the chains
     * the text mentions
     *
     * @throws IllegalArgumentException on a line it cannot parse, an unknown table, a rule in an undeclared chain, a
     *     jump to an undefined chain or {@code -X} of a chain still referenced (message names the line number)
     */
    public static Ruleset parse(String text) {
        return empty().apply(text);
    }

    /**
     * {@return this ruleset after {@code iptables-restore --noflush} of {@code payload}: a chain line flushes (or
     * creates) that chain, {@code -A} appends, {@code -X} deletes; chains not mentioned are kept}
     *
     * @throws IllegalArgumentException like {@link #parse}; the whole payload is then rejected, as the kernel would
     */
    public Ruleset apply(String payload) {
        return DumpParser.apply(this, payload, DumpParser.Mode.TEXT);
    }

    /**
     * {@return this ruleset after {@code iptables-restore} of {@code payload}, as the kernel keeps it}: a table the
     * payload opens is created with all its built-in chains; without {@code noflush} it is emptied first (no rules,
     * no user chains, policies ACCEPT)
     *
     * @throws IllegalArgumentException like {@link #parse}; nothing of the payload is then applied
     */
    public Ruleset restore(String payload, boolean noflush) {
        return DumpParser.apply(this, payload, new DumpParser.Mode(true, !noflush));
    }

    /** {@return this ruleset with {@code table} present, created as the kernel does (all its built-in chains)} */
    public Ruleset withTable(String table) {
        RulesetEditor edit = new RulesetEditor(this);
        edit.table(table, true);
        return edit.freeze();
    }

    /**
     * {@return this ruleset with {@code rule} inserted into its chain at 1-based {@code position}}
     *
     * @throws IllegalArgumentException when the chain does not exist, the position is past the end plus one, or the
     *     rule jumps to a chain that does not exist
     */
    public Ruleset insert(String table, int position, Rule rule) {
        RulesetEditor edit = new RulesetEditor(this);
        edit.insert(table, position, rule);
        edit.checkJumps(table);
        return edit.freeze();
    }

    /** {@return this ruleset with {@code rule} appended to its chain}, failing like {@link #insert} */
    public Ruleset append(String table, Rule rule) {
        return insert(table, rules(table, rule.chain()).size() + 1, rule);
    }

    /**
     * {@return this ruleset without the first rule of {@code rule}'s chain that is the {@link Rule#sameAs same}}
     *
     * @throws IllegalArgumentException when there is no such rule
     */
    public Ruleset delete(String table, Rule rule) {
        RulesetEditor edit = new RulesetEditor(this);
        edit.delete(table, rule);
        return edit.freeze();
    }

    /** {@return whether {@code rule}'s chain holds the {@link Rule#sameAs same} rule, as {@code iptables -C} asks} */
    public boolean contains(String table, Rule rule) {
        return rules(table, rule.chain()).stream().anyMatch(rule::sameAs);
    }

    /** {@return the table called {@code name}, if present} */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** {@return the chain {@code chain} of table {@code table}, if present} */
    public Optional<Chain> chain(String table, String chain) {
        return table(table).flatMap(t -> t.chain(chain));
    }

    /** {@return the rules of a chain; empty if the table or the chain is absent} */
    public List<Rule> rules(String table, String chain) {
        return chain(table, chain).map(Chain::rules).orElse(List.of());
    }

    /** {@return the chain names of table {@code name}; empty if the table is absent} */
    public List<String> chainNames(String tableName) {
        return table(tableName).map(t -> t.chains().stream().map(Chain::name).toList()).orElse(List.of());
    }

    /** {@return the ruleset with only {@code table} (none if absent), for {@code iptables-save -t}} */
    public Ruleset only(String table) {
        return new Ruleset(table(table).stream().toList());
    }

    /** {@return the ruleset in iptables-save form (rule texts as parsed, no counters), parseable by {@link #parse}} */
    public String render() {
        RestorePayload out = new RestorePayload();
        for (Table t : tables) {
            out.table(t.name());
            t.chains().forEach(c -> out.chain(c.name(), c.policy().orElse("-")));
            t.chains().forEach(c -> c.rules().forEach(r -> out.rule(c.name(), r.spec())));
        }
        return out.render();
    }
}
