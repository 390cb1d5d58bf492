package dev.podwire.netfilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one writer of {@code iptables-restore} text (and of {@code iptables-save}-like text, which has the same form).
 * Each {@link #table} opens a section; within a section the output is always: chain lines ({@code :NAME POLICY
 * [0:0]}, which create a chain or, under {@code --noflush}, flush it), then {@code -A} rules, then {@code -X}
 * deletions, then {@code COMMIT}, whatever order they were added in. That order is what makes a payload valid on its
 * own: a rule may jump to a chain declared in the same section, and a chain is flushed (so nothing it held references
 * another chain any more) before it is deleted.
 *
 * <pre>{@code
 * String payload = new RestorePayload()
 *         .table("nat").chain("PODWIRE-LB").rule("PODWIRE-LB", "-d 10.0.0.1/32 -j DNAT --to-destination 10.1.1.1:80")
 *         .render();
 * }</pre>
 */
public final class RestorePayload {
    private record Section(String table, List<String> chains, List<String> rules, List<String> deletions) {}

    private final List<Section> sections = new ArrayList<>();

    /** Creates an empty payload (rendered as {@code ""}). */
    public RestorePayload() {}

    /**
     * Opens the section of {@code table}; what follows goes into it until the next call.
     *
     * @throws IllegalArgumentException for a table the kernel does not have
     */
    public RestorePayload table(String table) {
        Objects.requireNonNull(table, "table");
        if (!Tables.exists(table)) {
            throw new IllegalArgumentException("table: " + table + " (expected: one of " + Tables.names() + ")");
        }
        sections.add(new Section(table, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        return this;
    }

    /** Declares a user chain, {@code :NAME - [0:0]}: creates it, or empties it under {@code --noflush}. */
    public RestorePayload chain(String name) {
        return chain(name, "-");
    }

    /**
     * Declares a chain with a policy, {@code :NAME POLICY [0:0]}.
     *
     * @param policy {@code ACCEPT} or {@code DROP} for a built-in chain (which keeps its rules under {@code
     *     --noflush}), {@code -} for a user chain
     */
    public RestorePayload chain(String name, String policy) {
        checkName(name);
        Objects.requireNonNull(policy, "policy");
        if (!policy.equals("-") && !policy.equals("ACCEPT") && !policy.equals("DROP")) {
            throw new IllegalArgumentException("policy: " + policy + " (expected: -, ACCEPT or DROP)");
        }
        open().chains().add(":" + name + " " + policy + " [0:0]");
        return this;
    }

    /**
     * Appends a rule, {@code -A CHAIN SPEC}.
     *
     * @param spec the rule after the chain name, in restore form (words with spaces double-quoted, see {@link
     *     #quote}); empty for a rule that only counts
     */
    public RestorePayload rule(String chain, String spec) {
        checkName(chain);
        Objects.requireNonNull(spec, "spec");
        if (spec.contains("\n")) {
            throw new IllegalArgumentException("spec: " + spec + " (expected: one line)");
        }
        open().rules().add(spec.isEmpty() ? "-A " + chain : "-A " + chain + " " + spec);
        return this;
    }

    /** Deletes a user chain, {@code -X NAME}; declare it too, so that it is empty when deleted. */
    public RestorePayload deleteChain(String name) {
        checkName(name);
        open().deletions().add("-X " + name);
        return this;
    }

    /** {@return the text: one {@code *table} ... {@code COMMIT} block per section, in the order opened} */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Section s : sections) {
            out.append('*').append(s.table()).append('\n');
            s.chains().forEach(l -> out.append(l).append('\n'));
            s.rules().forEach(l -> out.append(l).append('\n'));
            s.deletions().forEach(l -> out.append(l).append('\n'));
            out.append("COMMIT\n");
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    /** {@return {@code word} double-quoted if it contains a space, as kube-proxy and flannel quote comments} */
    public static String quote(String word) {
        return word.contains(" ") ? "\"" + word + "\"" : word;
    }

    /** {@return argv words as one restore-form line: joined by spaces, each {@link #quote quoted}} */
    public static String join(List<String> words) {
        return String.join(" ", words.stream().map(RestorePayload::quote).toList());
    }

    private Section open() {
        if (sections.isEmpty()) {
            throw new IllegalStateException("no table (expected: table(name) first)");
        }
        return sections.getLast();
    }

    private static void checkName(String chain) {
        Objects.requireNonNull(chain, "chain");
        if (!chain.matches("[A-Za-z0-9_.-]{1,28}")) {
            throw new IllegalArgumentException("chain: " + chain + " (expected: 1..28 of A-Z a-z 0-9 _ . -)");
        }
    }
}
