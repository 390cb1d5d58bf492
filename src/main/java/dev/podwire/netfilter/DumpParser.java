package dev.podwire.netfilter;

/**
 * Applies an {@code iptables-restore} payload (or an {@code iptables-save} dump) to a ruleset, all or nothing: the
 * changes go to a {@link RulesetEditor} and a failing line discards them. Rules are parsed by {@link RuleParser}.
 */
final class DumpParser {
    /**
     * How tables come into being and what a {@code *table} line does.
     *
     * @param kernel tables are created with all their built-in chains, as in the kernel; otherwise with only the
     *     chains the text mentions
     * @param flush a {@code *table} line empties the table first ({@code iptables-restore} without {@code --noflush})
     */
    record Mode(boolean kernel, boolean flush) {
        static final Mode TEXT = new Mode(false, false);
    }

    private DumpParser() {}

    static Ruleset apply(Ruleset base, String payload, Mode mode) {
        RulesetEditor edit = new RulesetEditor(base);
        String table = "";
        boolean open = false;
        int lineNo = 0;
        for (String raw : payload.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            try {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("*")) {
                    if (open) {
                        throw new IllegalArgumentException("table " + table + " has no COMMIT");
                    }
                    table = line.substring(1);
                    edit.table(table, mode.kernel());
                    if (mode.flush()) {
                        edit.flush(table);
                    }
                    open = true;
                } else if (!open) {
                    throw new IllegalArgumentException("outside of a *table section");
                } else if (line.equals("COMMIT")) {
                    edit.checkJumps(table);
                    open = false;
                } else if (line.startsWith(":")) {
                    String[] parts = line.substring(1).split(" ");
                    edit.declare(table, parts[0], parts.length > 1 ? parts[1] : "-");
                } else if (line.startsWith("-A ")) {
                    edit.append(table, RuleParser.parse(line));
                } else if (line.startsWith("-X ")) {
                    edit.deleteChain(table, line.substring(3).strip());
                } else {
                    throw new IllegalArgumentException("unsupported command");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage() + ": " + line, e);
            }
        }
        if (open) {
            throw new IllegalArgumentException("line " + lineNo + ": table " + table + " has no COMMIT");
        }
        return edit.freeze();
    }
}
