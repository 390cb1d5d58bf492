package dev.podwire.lab;

import dev.podwire.net.Netns;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The underlay as data: which namespaces exist, what {@code ip -batch} text runs in each (in order), and which
 * sysctls each gets.
 *
 * @param namespaces every namespace, fabric first
 * @param batches {@code ip -batch} scripts in the order they must run (the fabric's creates the veths whose far
 *     ends the machines' scripts configure)
 * @param sysctls per namespace, sorted
 * @param iptables per namespace, the machine's own {@code iptables-restore --noflush} payload; applied last, after
 *     the sysctls (a {@code conntrack} match may depend on them)
 */
public record UnderlayPlan(List<Netns> namespaces, List<Batch> batches, Map<Netns, Map<String, String>> sysctls,
        Map<Netns, String> iptables) {

    /** Copies. */
    public UnderlayPlan {
        namespaces = List.copyOf(namespaces);
        batches = List.copyOf(batches);
        sysctls = java.util.Collections.unmodifiableMap(new TreeMap<>(sysctls));
        iptables = java.util.Collections.unmodifiableMap(new TreeMap<>(iptables));
    }

    /**
     * One {@code ip -batch} script for one namespace.
     *
     * @param netns where it runs
     * @param lines the script, newline-terminated
     */
    public record Batch(Netns netns, String lines) {}

    /** {@return the whole plan as one readable text, for golden tests and {@code --dry-run}} */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# namespaces\n");
        namespaces.forEach(ns -> out.append("netns add ").append(ns.name()).append('\n'));
        for (Batch b : batches) {
            out.append("# ip -n ").append(b.netns().name()).append(" -batch -\n").append(b.lines());
        }
        sysctls.forEach((ns, map) -> {
            out.append("# sysctl in ").append(ns.name()).append('\n');
            map.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        });
        iptables.forEach((ns, text) -> out.append("# iptables-restore --noflush in ").append(ns.name()).append('\n')
                .append(text));
        return out.toString();
    }
}
