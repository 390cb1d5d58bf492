package dev.podwire.netfilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mutable working copy of a {@link Ruleset}: every change is made here and frozen into a new ruleset only when all of
 * it succeeded, which is how a payload or a command is applied all or nothing.
 */
final class RulesetEditor {
    /** One chain being edited. */
    static final class MutableChain {
        Optional<String> policy;
        final List<Rule> rules = new ArrayList<>();

        MutableChain(Optional<String> policy) {
            this.policy = policy;
        }
    }

    private final Map<String, Map<String, MutableChain>> tables = new LinkedHashMap<>();

    RulesetEditor(Ruleset base) {
        for (Ruleset.Table t : base.tables()) {
            Map<String, MutableChain> chains = new LinkedHashMap<>();
            for (Ruleset.Chain c : t.chains()) {
                MutableChain m = new MutableChain(c.policy());
                m.rules.addAll(c.rules());
                chains.put(c.name(), m);
            }
            tables.put(t.name(), chains);
        }
    }

    Ruleset freeze() {
        List<Ruleset.Table> out = new ArrayList<>();
        tables.forEach((name, chains) -> {
            List<Ruleset.Chain> cs = new ArrayList<>();
            chains.forEach((c, m) -> cs.add(new Ruleset.Chain(c, m.policy, m.rules)));
            out.add(new Ruleset.Table(name, cs));
        });
        return new Ruleset(out);
    }

    /**
     * {@return the chains of {@code table}, creating the table if needed}
     *
     * @param kernel create it as the kernel does, with all its built-in chains (policy ACCEPT); otherwise empty, as a
     *     text that mentions no chain of it describes it
     */
    Map<String, MutableChain> table(String table, boolean kernel) {
        if (!Tables.exists(table)) {
            throw new IllegalArgumentException("table '" + table + "' does not exist");
        }
        Map<String, MutableChain> chains = tables.computeIfAbsent(table, k -> new LinkedHashMap<>());
        if (kernel) {
            Map<String, MutableChain> ordered = new LinkedHashMap<>();
            for (String b : Tables.builtInChains(table)) {
                ordered.put(b, chains.getOrDefault(b, new MutableChain(Optional.of("ACCEPT"))));
            }
            chains.forEach(ordered::putIfAbsent);
            chains.clear();
            chains.putAll(ordered);
        }
        return chains;
    }

    /** Empties {@code table} as {@code iptables-restore} without {@code --noflush} does: no rules, no user chains. */
    void flush(String table) {
        Map<String, MutableChain> chains = table(table, true);
        chains.keySet().removeIf(c -> !Tables.isBuiltIn(table, c));
        chains.values().forEach(c -> {
            c.rules.clear();
            c.policy = Optional.of("ACCEPT");
        });
    }

    /** A chain line {@code :NAME POLICY}: sets a built-in chain's policy, creates or flushes a user chain. */
    void declare(String table, String name, String policy) {
        Map<String, MutableChain> chains = table(table, false);
        if (Tables.isBuiltIn(table, name)) {
            // A built-in chain line only sets the policy; with --noflush the chain keeps its rules.
            chains.computeIfAbsent(name, k -> new MutableChain(Optional.of(policy))).policy = Optional.of(policy);
            return;
        }
        if (!policy.equals("-")) {
            throw new IllegalArgumentException("user chain with policy " + policy);
        }
        MutableChain existing = chains.get(name);
        if (existing != null) {
            existing.rules.clear();
        } else {
            chains.put(name, new MutableChain(Optional.empty()));
        }
    }

    /**
     * Inserts {@code rule} into its chain at 1-based {@code position} ({@code size + 1} appends); a built-in chain of
     * a table described by text (not yet listed) is created on the way.
     */
    void insert(String table, int position, Rule rule) {
        MutableChain c = chain(table, rule.chain());
        if (position < 1 || position > c.rules.size() + 1) {
            throw new IllegalArgumentException("index of insertion too big: " + position + " in chain " + rule.chain()
                    + " of " + c.rules.size() + " rules");
        }
        c.rules.add(position - 1, rule);
    }

    /** Appends {@code rule} to its chain. */
    void append(String table, Rule rule) {
        insert(table, chain(table, rule.chain()).rules.size() + 1, rule);
    }

    /** Deletes the first rule of its chain that is the {@link Rule#sameAs same} as {@code rule}. */
    void delete(String table, Rule rule) {
        List<Rule> rules = chain(table, rule.chain()).rules;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).sameAs(rule)) {
                rules.remove(i);
                return;
            }
        }
        throw new IllegalArgumentException("bad rule (does a matching rule exist in that chain?)");
    }

    /** {@code -X NAME}: deletes an empty, unreferenced user chain. */
    void deleteChain(String table, String name) {
        Map<String, MutableChain> chains = table(table, false);
        if (!chains.containsKey(name) || Tables.isBuiltIn(table, name)) {
            throw new IllegalArgumentException("chain " + name + " does not exist");
        }
        if (!chains.get(name).rules.isEmpty()) {
            throw new IllegalArgumentException("chain " + name + " is not empty");
        }
        for (MutableChain c : chains.values()) {
            for (Rule r : c.rules) {
                if (r.target() instanceof RuleTarget.Jump(String target) && target.equals(name)) {
                    throw new IllegalArgumentException("chain " + name + " is still referenced by " + r.text());
                }
            }
        }
        chains.remove(name);
    }

    /** Fails if a rule of {@code table} jumps to a chain that does not exist, as the kernel refuses at commit. */
    void checkJumps(String table) {
        Map<String, MutableChain> chains = table(table, false);
        for (MutableChain c : chains.values()) {
            for (Rule r : c.rules) {
                if (r.target() instanceof RuleTarget.Jump(String target) && !chains.containsKey(target)) {
                    throw new IllegalArgumentException("table " + table + ": " + r.text() + " jumps to undefined "
                            + target);
                }
            }
        }
    }

    private MutableChain chain(String table, String name) {
        Map<String, MutableChain> chains = table(table, false);
        MutableChain c = chains.get(name);
        if (c == null && Tables.isBuiltIn(table, name)) {
            c = new MutableChain(Optional.of("ACCEPT"));
            chains.put(name, c);
        }
        if (c == null) {
            throw new IllegalArgumentException("chain " + name + " does not exist");
        }
        return c;
    }
}
