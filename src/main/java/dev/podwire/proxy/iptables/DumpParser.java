package dev.podwire.proxy.iptables;

import dev.podwire.net.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Applies an iptables-restore payload (or a save dump) to a ruleset; rules are parsed by {@link RuleParser}. */
final class DumpParser {
    private static final Map<String, List<String>> BUILT_IN = Map.of(
            "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
            "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
            "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
            "raw", List.of("PREROUTING", "OUTPUT"));

    private static final class MutableChain {
        Optional<String> policy;
        final List<IptablesRule> rules = new ArrayList<>();

        MutableChain(Optional<String> policy) {
            this.policy = policy;
        }
    }

    private DumpParser() {}

    static IptablesDump apply(IptablesDump base, String payload) {
        Map<String, Map<String, MutableChain>> tables = new LinkedHashMap<>();
        for (IptablesDump.Table t : base.tables()) {
            Map<String, MutableChain> chains = new LinkedHashMap<>();
            for (IptablesDump.Chain c : t.chains()) {
                MutableChain m = new MutableChain(c.policy());
                m.rules.addAll(c.rules());
                chains.put(c.name(), m);
            }
            tables.put(t.name(), chains);
        }
        Map<String, MutableChain> current = null;
        String table = "";
        int lineNo = 0;
        for (String raw : payload.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            try {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("*")) {
                    table = line.substring(1);
                    current = tables.computeIfAbsent(table, k -> new LinkedHashMap<>());
                } else if (current == null) {
                    throw new IllegalArgumentException("outside of a *table section");
                } else if (line.equals("COMMIT")) {
                    checkJumps(table, current);
                    current = null;
                } else if (line.startsWith(":")) {
                    declare(table, current, line);
                } else if (line.startsWith("-A ")) {
                    IptablesRule rule = RuleParser.parse(line);
                    chain(table, current, rule.chain()).rules.add(rule);
                } else if (line.startsWith("-X ")) {
                    delete(current, line.substring(3).strip());
                } else {
                    throw new IllegalArgumentException("unsupported command");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage() + ": " + line, e);
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("line " + lineNo + ": table " + table + " has no COMMIT");
        }
        List<IptablesDump.Table> out = new ArrayList<>();
        tables.forEach((name, chains) -> {
            List<IptablesDump.Chain> cs = new ArrayList<>();
            chains.forEach((c, m) -> cs.add(new IptablesDump.Chain(c, m.policy, m.rules)));
            out.add(new IptablesDump.Table(name, cs));
        });
        return new IptablesDump(out);
    }

    private static void declare(String table, Map<String, MutableChain> chains, String line) {
        String[] parts = line.substring(1).split(" ");
        String name = parts[0];
        String policy = parts.length > 1 ? parts[1] : "-";
        if (isBuiltIn(table, name)) {
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

    private static MutableChain chain(String table, Map<String, MutableChain> chains, String name) {
        MutableChain c = chains.get(name);
        if (c == null && isBuiltIn(table, name)) {
            c = new MutableChain(Optional.of("ACCEPT"));
            chains.put(name, c);
        }
        if (c == null) {
            throw new IllegalArgumentException("chain " + name + " does not exist");
        }
        return c;
    }

    private static void delete(Map<String, MutableChain> chains, String name) {
        if (!chains.containsKey(name)) {
            throw new IllegalArgumentException("chain " + name + " does not exist");
        }
        if (!chains.get(name).rules.isEmpty()) {
            throw new IllegalArgumentException("chain " + name + " is not empty");
        }
        for (MutableChain c : chains.values()) {
            for (IptablesRule r : c.rules) {
                if (r.target() instanceof RuleTarget.Jump(String target) && target.equals(name)) {
                    throw new IllegalArgumentException("chain " + name + " is still referenced by " + r.text());
                }
            }
        }
        chains.remove(name);
    }

    private static void checkJumps(String table, Map<String, MutableChain> chains) {
        for (MutableChain c : chains.values()) {
            for (IptablesRule r : c.rules) {
                if (r.target() instanceof RuleTarget.Jump(String target) && !chains.containsKey(target)) {
                    throw new IllegalArgumentException("table " + table + ": " + r.text() + " jumps to undefined "
                            + target);
                }
            }
        }
    }

    private static boolean isBuiltIn(String table, String chain) {
        return BUILT_IN.getOrDefault(table, List.of()).contains(chain);
    }

    /** {@return a CIDR from {@code 10.0.0.1} or {@code 10.0.0.0/8}} */
    static Cidr cidr(String text) {
        return Cidr.parse(text.contains("/") ? text : text + "/32");
    }

    static final Set<String> STANDARD_TARGETS = Set.of("ACCEPT", "DROP", "RETURN", "REJECT", "DNAT", "SNAT",
            "MASQUERADE", "MARK", "LOG", "CONNMARK", "NFQUEUE", "QUEUE", "CT", "NOTRACK", "REDIRECT", "TPROXY",
            "TRACE", "NFLOG", "CHECKSUM", "TCPMSS", "ULOG");
}
