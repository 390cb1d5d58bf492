package dev.podwire.labfile;

import dev.podwire.netfilter.RuleParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A machine's own iptables rules ({@code iptables: |} on a host or router): {@code iptables-restore} text, applied
 * with {@code iptables-restore --noflush} once the underlay is built. The compact constructor checks the structure
 * that {@code iptables-restore} would reject only halfway through a lab's bring-up: tables opened with {@code *name}
 * and closed with {@code COMMIT}, chains declared before rules use them, {@code -j} targets that are built-in,
 * declared or extension targets. Option syntax is left to {@code iptables-restore --test} (see
 * {@link LabFiles#load(List, RulesCheck)}).
 *
 * @param text the rules, as written (empty = none)
 */
public record IptablesRules(String text) {
    private static final Map<String, Set<String>> BUILT_IN = Map.of(
            "filter", Set.of("INPUT", "FORWARD", "OUTPUT"),
            "nat", Set.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
            "mangle", Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
            "raw", Set.of("PREROUTING", "OUTPUT"),
            "security", Set.of("INPUT", "FORWARD", "OUTPUT"));
    private static final Set<String> RULE_VERBS = Set.of("-A", "--append", "-I", "--insert", "-D", "--delete",
            "-R", "--replace", "-N", "--new-chain", "-X", "--delete-chain", "-F", "--flush", "-P", "--policy",
            "-Z", "--zero");

    /** Validates. */
    public IptablesRules {
        if (!text.isBlank()) {
            check(text);
        }
    }

    /** {@return no rules} */
    public static IptablesRules none() {
        return new IptablesRules("");
    }

    /** {@return whether there is anything to apply} */
    public boolean isEmpty() {
        return text.isBlank();
    }

    /** {@return the text to pipe into {@code iptables-restore}, newline-terminated} */
    public String payload() {
        return text.endsWith("\n") ? text : text + "\n";
    }

    private static void check(String text) {
        Optional<String> table = Optional.empty();
        Set<String> chains = new TreeSet<>();
        Set<String> committed = new TreeSet<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String at = "line " + (i + 1) + " of the rules: ";
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> words = words(line, at);
            if (line.startsWith("*")) {
                String name = line.substring(1);
                if (table.isPresent()) {
                    throw new IllegalArgumentException(at + line + " inside *" + table.get()
                            + " (expected: COMMIT first)");
                }
                if (!BUILT_IN.containsKey(name)) {
                    throw new IllegalArgumentException(at + line + " (expected: *filter, *nat, *mangle, *raw or"
                            + " *security)");
                }
                if (!committed.add(name)) {
                    throw new IllegalArgumentException(at + line + " opens table " + name + " a second time"
                            + " (expected: one block per table)");
                }
                table = Optional.of(name);
                chains = new TreeSet<>(BUILT_IN.get(name));
                continue;
            }
            if (table.isEmpty()) {
                throw new IllegalArgumentException(at + line + " outside a table (expected: *filter, *nat, ... first)");
            }
            if (line.equals("COMMIT")) {
                table = Optional.empty();
            } else if (line.startsWith(":")) {
                if (words.size() < 2 || words.getFirst().length() < 2 || words.getFirst().length() > 29) {
                    throw new IllegalArgumentException(at + line + " (expected: :CHAIN POLICY [packets:bytes],"
                            + " e.g. :FORWARD DROP [0:0] or :MY-CHAIN - [0:0])");
                }
                String chain = words.getFirst().substring(1);
                String policy = words.get(1);
                boolean builtIn = BUILT_IN.get(table.get()).contains(chain);
                if (builtIn ? !(policy.equals("ACCEPT") || policy.equals("DROP")) : !policy.equals("-")) {
                    throw new IllegalArgumentException(at + line + " (expected: policy " + (builtIn ? "ACCEPT or DROP"
                            : "- for a user chain") + ")");
                }
                chains.add(chain);
            } else if (RULE_VERBS.contains(words.getFirst())) {
                rule(words, chains, at + line);
            } else {
                throw new IllegalArgumentException(at + line + " (expected: *table, :CHAIN POLICY, -A/-I/-N ... or"
                        + " COMMIT, as iptables-save prints)");
            }
        }
        table.ifPresent(t -> {
            throw new IllegalArgumentException("table " + t + " is never closed (expected: COMMIT at the end)");
        });
    }

    private static void rule(List<String> words, Set<String> chains, String at) {
        String verb = words.getFirst();
        if (words.size() < 2) {
            throw new IllegalArgumentException(at + " (expected: a chain after " + verb + ")");
        }
        String chain = words.get(1);
        if (verb.equals("-N") || verb.equals("--new-chain")) {
            chains.add(chain);
            return;
        }
        if (!chains.contains(chain)) {
            throw new IllegalArgumentException(at + " (expected: chain " + chain + " declared first, e.g. :" + chain
                    + " - [0:0])");
        }
        for (int j = 2; j < words.size(); j++) {
            String w = words.get(j);
            if ((w.equals("-j") || w.equals("--jump") || w.equals("-g") || w.equals("--goto"))) {
                if (j + 1 >= words.size()) {
                    throw new IllegalArgumentException(at + " (expected: a target after " + w + ")");
                }
                String target = words.get(j + 1);
                // Extension targets (ACCEPT, DROP, MASQUERADE, LOG, ...) are upper case; anything else must be a
                // chain of this table.
                if (!chains.contains(target) && !target.matches("[A-Z][A-Z0-9_]*")) {
                    throw new IllegalArgumentException(at + " (expected: target " + target + " to be a built-in"
                            + " target or a chain declared in this table)");
                }
            }
        }
    }

    /** {@return the words of a line, split by the netfilter parser as iptables-restore splits them} */
    private static List<String> words(String line, String at) {
        try {
            return RuleParser.words(line);
        } catch (IllegalArgumentException e) {
            // The only way a line cannot be split: a double quote that is never closed.
            throw new IllegalArgumentException(at + line + " (expected: a closing double quote)", e);
        }
    }
}
