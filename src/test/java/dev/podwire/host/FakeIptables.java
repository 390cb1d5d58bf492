package dev.podwire.host;

import dev.podwire.netfilter.Rule;
import dev.podwire.netfilter.RuleParser;
import dev.podwire.netfilter.RuleTarget;
import dev.podwire.netfilter.Ruleset;
import dev.podwire.netfilter.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code iptables-restore}, {@code iptables-save} and {@code iptables -C/-I/-A/-D/-S} over one namespace's {@link
 * Ruleset}, like kube-proxy's {@code FakeIPTables}. Every command is all or nothing: a failing one leaves the ruleset
 * as it was. Messages and exit codes are those of iptables v1.8.9 (nf_tables), measured in a scratch namespace, except
 * that every failed restore exits 1 (the real one exits 2 for a bad line or an undefined jump target and 4 for a
 * chain still in use).
 */
final class FakeIptables {
    private static final Pattern LINE = Pattern.compile("^line (\\d+): ");
    private static final String BAD_RULE = "iptables: Bad rule (does a matching rule exist in that chain?).\n";
    private static final String NO_CHAIN = "iptables: No chain/target/match by that name.\n";

    /** A command's result and the ruleset after it. */
    record Outcome(Result result, Ruleset state) {}

    private FakeIptables() {}

    /** {@return whether this fake models {@code command}} */
    static boolean handles(Command command) {
        return List.of("iptables", "iptables-restore", "iptables-save").contains(command.argv().getFirst());
    }

    static Outcome run(Command command, Ruleset state) {
        return switch (command.argv().getFirst()) {
            case "iptables-restore" -> restore(command, state);
            case "iptables-save" -> save(command, state);
            default -> iptables(command, state);
        };
    }

    private static Outcome restore(Command c, Ruleset state) {
        boolean noflush = false;
        boolean test = false;
        List<String> args = c.argv().subList(1, c.argv().size());
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-n", "--noflush" -> noflush = true;
                case "-t", "--test" -> test = true;
                case "-c", "--counters", "--wait" -> { }
                case "-w", "-W", "--wait-interval" -> i++;
                default -> {
                    return fail(c, state, 2, "iptables-restore: unrecognized option '" + args.get(i) + "'\n");
                }
            }
        }
        try {
            Ruleset after = state.restore(c.stdin(), noflush);
            return new Outcome(new Result(c, 0, "", ""), test ? state : after);
        } catch (IllegalArgumentException e) {
            Matcher m = LINE.matcher(e.getMessage());
            String at = m.find() ? "Error occurred at line: " + m.group(1) + "\n" : "";
            return fail(c, state, 1, "iptables-restore: " + e.getMessage() + "\n" + at);
        }
    }

    private static Outcome save(Command c, Ruleset state) {
        List<String> args = c.argv().subList(1, c.argv().size());
        if (args.size() >= 2 && (args.getFirst().equals("-t") || args.getFirst().equals("--table"))) {
            String table = args.get(1);
            if (!Tables.exists(table)) {
                return fail(c, state, 1, "iptables-save v1.8.9 (nf_tables): table '" + table + "' does not exist\n");
            }
            // Asking for a table shows it with its built-in chains even before anything used it, as iptables-nft.
            return new Outcome(new Result(c, 0, state.withTable(table).only(table).render(), ""), state);
        }
        return new Outcome(new Result(c, 0, state.render(), ""), state);
    }

    private static Outcome iptables(Command c, Ruleset state) {
        List<String> a = c.argv();
        String table = "filter";
        int i = 1;
        while (i < a.size() && List.of("-w", "--wait", "-W", "-t", "--table").contains(a.get(i))) {
            String opt = a.get(i++);
            if (opt.equals("-t") || opt.equals("--table")) {
                table = a.get(i++);
            } else if (opt.startsWith("-W") || (i < a.size() && a.get(i).matches("\\d+"))) {
                i++;
            }
        }
        if (!Tables.exists(table)) {
            return fail(c, state, 3, "iptables v1.8.9 (nf_tables): table '" + table + "' does not exist\n");
        }
        if (i >= a.size()) {
            return fail(c, state, 2, "iptables v1.8.9 (nf_tables): no command specified\n");
        }
        String op = a.get(i++);
        Optional<String> chain = i < a.size() ? Optional.of(a.get(i++)) : Optional.empty();
        Ruleset kernel = state.withTable(table);
        if (op.equals("-S") || op.equals("--list-rules")) {
            return list(c, state, kernel, table, chain);
        }
        if (chain.isEmpty()) {
            return fail(c, state, 2, "iptables v1.8.9 (nf_tables): option \"" + op + "\" requires an argument\n");
        }
        int position = 1;
        if (op.equals("-I") && i < a.size() && a.get(i).matches("\\d+")) {
            position = Integer.parseInt(a.get(i++));
        }
        List<String> words = new ArrayList<>(List.of("-A", chain.get()));
        words.addAll(a.subList(i, a.size()));
        Rule rule;
        try {
            rule = RuleParser.parse(words);
        } catch (IllegalArgumentException e) {
            return fail(c, state, 2, "iptables v1.8.9 (nf_tables): " + e.getMessage() + "\n");
        }
        if (rule.target() instanceof RuleTarget.Jump(String target) && kernel.chain(table, target).isEmpty()) {
            return fail(c, state, 2, "iptables v1.8.9 (nf_tables): Chain '" + target + "' does not exist\n");
        }
        boolean exists = kernel.chain(table, chain.get()).isPresent();
        return switch (op) {
            case "-C", "--check" -> exists && kernel.contains(table, rule) ? ok(c, state, "")
                    : fail(c, state, 1, BAD_RULE);
            case "-D", "--delete" -> exists && kernel.contains(table, rule) ? ok(c, kernel.delete(table, rule), "")
                    : fail(c, state, 1, BAD_RULE);
            case "-I", "--insert", "-A", "--append" -> {
                if (!exists) {
                    yield fail(c, state, 1, NO_CHAIN);
                }
                int size = kernel.rules(table, chain.get()).size();
                int at = op.startsWith("-I") || op.equals("--insert") ? position : size + 1;
                yield at > size + 1 ? fail(c, state, 1, "iptables: Index of insertion too big.\n")
                        : ok(c, kernel.insert(table, at, rule), "");
            }
            default -> fail(c, state, 2, "FakeExecutor: iptables " + op + " is not modelled\n");
        };
    }

    /** {@code -S [CHAIN]}: policies ({@code -P}) or user chains ({@code -N}), then the rules, as iptables prints. */
    private static Outcome list(Command c, Ruleset state, Ruleset kernel, String table, Optional<String> only) {
        Ruleset.Table t = kernel.table(table).orElseThrow();
        List<Ruleset.Chain> chains = only.map(n -> t.chain(n).stream().toList()).orElse(t.chains());
        if (chains.isEmpty()) {
            return fail(c, state, 1, NO_CHAIN);
        }
        StringBuilder out = new StringBuilder();
        chains.forEach(ch -> out.append(ch.policy().map(p -> "-P " + ch.name() + " " + p).orElse("-N " + ch.name()))
                .append('\n'));
        chains.forEach(ch -> ch.rules().forEach(r -> out.append("-A ").append(ch.name())
                .append(r.spec().isEmpty() ? "" : " " + r.spec()).append('\n')));
        return ok(c, state, out.toString());
    }

    private static Outcome ok(Command c, Ruleset state, String stdout) {
        return new Outcome(new Result(c, 0, stdout, ""), state);
    }

    private static Outcome fail(Command c, Ruleset state, int exit, String stderr) {
        return new Outcome(new Result(c, exit, "", stderr), state);
    }
}
