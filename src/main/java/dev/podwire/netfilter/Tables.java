package dev.podwire.netfilter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The kernel's iptables tables and their built-in chains, in the order {@code iptables-save} lists them. */
public final class Tables {
    private static final Map<String, List<String>> BUILT_IN = Map.of(
            "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
            "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
            "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
            "raw", List.of("PREROUTING", "OUTPUT"),
            "security", List.of("INPUT", "FORWARD", "OUTPUT"));

    private Tables() {}

    /** {@return whether the kernel has a table called {@code table}} */
    public static boolean exists(String table) {
        return BUILT_IN.containsKey(table);
    }

    /** {@return the built-in chains of {@code table}; empty for a table that does not exist} */
    public static List<String> builtInChains(String table) {
        return BUILT_IN.getOrDefault(table, List.of());
    }

    /** {@return whether {@code chain} is a built-in chain of {@code table}} */
    public static boolean isBuiltIn(String table, String chain) {
        return builtInChains(table).contains(chain);
    }

    /** {@return the names of every table} */
    public static Set<String> names() {
        return BUILT_IN.keySet();
    }
}
