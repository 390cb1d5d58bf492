package dev.podwire.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Ensures jump rules in built-in chains, which we do not own, without touching anything else in those chains. */
public final class JumpRules {
    private JumpRules() {
    }

    /**
     * {@return the rules of {@code wanted} absent from {@code iptablesSaveOutput}, in {@code wanted}'s order}.
     * Rules are compared per table as whole lines with white space collapsed, which is how {@code iptables-save}
     * prints a rule that was added in its canonical form.
     */
    public static List<JumpRule> missing(String iptablesSaveOutput, List<JumpRule> wanted) {
        Map<String, Set<String>> present = new HashMap<>();
        String table = "";
        for (String raw : iptablesSaveOutput.split("\n")) {
            String line = normalize(raw);
            if (line.startsWith("*")) {
                table = line.substring(1);
            } else if (line.startsWith("-A ")) {
                present.computeIfAbsent(table, t -> new HashSet<>()).add(line);
            }
        }
        List<JumpRule> out = new ArrayList<>();
        for (JumpRule rule : wanted) {
            if (!present.getOrDefault(rule.table(), Set.of()).contains(normalize(rule.line()))) {
                out.add(rule);
            }
        }
        return List.copyOf(out);
    }

    /**
     * {@return an {@code iptables-restore --noflush} payload appending {@code rules}}, one {@code *table} ...
     * {@code COMMIT} block per table in alphabetical order, rules in list order; empty for no rules. It declares
     * no chains, so it leaves everything else in the built-in chains alone; apply it after the payload that
     * creates the target chains.
     */
    public static String render(List<JumpRule> rules) {
        Map<String, List<JumpRule>> byTable = new TreeMap<>();
        rules.forEach(r -> byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r));
        StringBuilder out = new StringBuilder();
        byTable.forEach((table, list) -> {
            out.append('*').append(table).append('\n');
            list.forEach(r -> out.append(r.line()).append('\n'));
            out.append("COMMIT\n");
        });
        return out.toString();
    }

    private static String normalize(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }
}
