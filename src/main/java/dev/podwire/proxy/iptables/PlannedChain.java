package dev.podwire.proxy.iptables;

import dev.podwire.proxy.ServicePortName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chain the proxy owns, with its rules in order.
 *
 * @param name the chain name, at most 28 characters (iptables' limit)
 * @param service the service port owning a per-service chain (SVC, SVL, EXT, FW, SEP); empty for the top-level
 *     chains (KUBE-SERVICES, KUBE-NODEPORTS, ...) that every sync rewrites
 * @param rules each rule's text after {@code -A <name> }, in restore-input form, e.g.
 *     {@code -m comment --comment "ns/svc:p cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 53 -j KUBE-SVC-X}
 */
public record PlannedChain(String name, Optional<ServicePortName> service, List<String> rules) {
    /** Validates and copies. */
    public PlannedChain {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_-]{1,28}")) {
            throw new IllegalArgumentException("name: " + name + " (expected: 1..28 of A-Z a-z 0-9 _ -)");
        }
        Objects.requireNonNull(service, "service");
        rules = List.copyOf(rules);
        for (String r : rules) {
            if (r.contains("\n")) {
                throw new IllegalArgumentException("rules: " + r + " (expected: one line per rule)");
            }
        }
    }
}
