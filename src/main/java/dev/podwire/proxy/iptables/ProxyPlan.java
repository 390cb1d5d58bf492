package dev.podwire.proxy.iptables;

import dev.podwire.netfilter.Jump;
import dev.podwire.proxy.ServicePortName;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The iptables rules of one proxy sync: our chains in the filter and nat tables, in kube-proxy's order, and the
 * jump rules that hook them into the built-in chains.
 *
 * @param filter the filter-table chains (KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-FORWARD, KUBE-NODEPORTS,
 *     KUBE-PROXY-FIREWALL, optionally KUBE-FIREWALL)
 * @param nat the nat-table chains: KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING, KUBE-MARK-MASQ, then per service
 *     (sorted by name) its EXT, FW, SVC, SVL and SEP chains
 * @param jumps the rules in built-in chains, in the order kube-proxy ensures them
 */
public record ProxyPlan(List<PlannedChain> filter, List<PlannedChain> nat, List<Jump> jumps) {
    /** Validates and copies. */
    public ProxyPlan {
        filter = List.copyOf(filter);
        nat = List.copyOf(nat);
        jumps = List.copyOf(jumps);
        unique("filter", filter);
        unique("nat", nat);
    }

    private static void unique(String field, List<PlannedChain> chains) {
        Set<String> seen = new HashSet<>();
        for (PlannedChain c : chains) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException(field + ": " + c.name() + " twice (expected: unique chain names)");
            }
        }
    }

    /** {@return the nat chain called {@code name}, if planned} */
    public Optional<PlannedChain> natChain(String name) {
        return nat.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** {@return the filter chain called {@code name}, if planned} */
    public Optional<PlannedChain> filterChain(String name) {
        return filter.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** {@return the nat chains owned by {@code service}, in plan order} */
    public List<PlannedChain> serviceChains(ServicePortName service) {
        return nat.stream().filter(c -> c.service().filter(service::equals).isPresent()).toList();
    }

    /** {@return the number of rules in both tables} */
    public int ruleCount() {
        return filter.stream().mapToInt(c -> c.rules().size()).sum() + nat.stream().mapToInt(c -> c.rules().size())
                .sum();
    }
}
