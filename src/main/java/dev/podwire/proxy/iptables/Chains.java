package dev.podwire.proxy.iptables;

import dev.podwire.proxy.ServicePortName;

/** Where one table's chains and rules are written while planning. */
interface Chains {
    /** Declares a top-level chain. */
    void declare(String name);

    /** Declares a chain owned by {@code service}. */
    void declare(String name, ServicePortName service);

    /** Appends a rule (the text after {@code -A <chain> }) to a declared chain. */
    void add(String chain, String rule);
}
