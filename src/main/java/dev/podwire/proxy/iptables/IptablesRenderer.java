package dev.podwire.proxy.iptables;

import dev.podwire.netfilter.RestorePayload;
import dev.podwire.netfilter.Ruleset;
import dev.podwire.proxy.ServicePortName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders a {@link ProxyPlan} as the {@code iptables-restore --noflush} payload kube-proxy would feed: {@code
 * *filter}, chain lines, rules, {@code COMMIT}, then the same for {@code *nat}. A chain line flushes that chain;
 * chains not mentioned are left alone, which is what makes partial syncs possible. Stale per-service chains get a
 * chain line (flushing them, so they no longer reference each other) and then {@code -X}. Rules are grouped by
 * chain in plan order (kube-proxy interleaves them; iptables-restore does not care).
 */
public final class IptablesRenderer {
    private IptablesRenderer() {}

    /** {@return the full payload for {@code plan}, deleting no stale chains} */
    public static String render(ProxyPlan plan) {
        return render(plan, Set.of());
    }

    /**
     * {@return the full payload for {@code plan}, also deleting every per-service chain (KUBE-SVC-, -SVL-, -EXT-,
     * -FW-, -SEP-) in {@code existingNatChains} that the plan no longer has}
     *
     * @param existingNatChains the nat chains now in the kernel, e.g. from {@link Ruleset#chainNames}
     */
    public static String render(ProxyPlan plan, Collection<String> existingNatChains) {
        Set<String> planned = plan.nat().stream().map(PlannedChain::name).collect(Collectors.toSet());
        Set<String> stale = existingNatChains.stream()
                .filter(c -> ChainNames.isServiceChain(c) && !planned.contains(c))
                .collect(Collectors.toCollection(TreeSet::new));
        return payload(plan.filter(), plan.nat(), stale);
    }

    /**
     * {@return a partial-sync payload: both tables' top-level chains in full, but only the per-service chains of
     * services whose chains differ from {@code previous} (new services, changed endpoints, changed settings), and
     * {@code -X} for per-service chains {@code previous} had and {@code plan} has not}
     * The result assumes the kernel holds exactly {@code previous}; after a failed restore, render in full.
     */
    public static String renderPartial(ProxyPlan plan, ProxyPlan previous) {
        Set<ServicePortName> changed = changedServices(plan, previous);
        List<PlannedChain> nat = plan.nat().stream()
                .filter(c -> c.service().isEmpty() || changed.contains(c.service().get()))
                .toList();
        Set<String> planned = plan.nat().stream().map(PlannedChain::name).collect(Collectors.toSet());
        Set<String> stale = previous.nat().stream()
                .map(PlannedChain::name)
                .filter(c -> ChainNames.isServiceChain(c) && !planned.contains(c))
                .collect(Collectors.toCollection(TreeSet::new));
        return payload(plan.filter(), nat, stale);
    }

    /** {@return the services of {@code plan} whose per-service chains are new or differ from {@code previous}} */
    public static Set<ServicePortName> changedServices(ProxyPlan plan, ProxyPlan previous) {
        Map<ServicePortName, List<PlannedChain>> now = byService(plan);
        Map<ServicePortName, List<PlannedChain>> before = byService(previous);
        return now.entrySet().stream()
                .filter(e -> !Objects.equals(e.getValue(), before.get(e.getKey())))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<ServicePortName, List<PlannedChain>> byService(ProxyPlan plan) {
        Map<ServicePortName, List<PlannedChain>> out = new TreeMap<>();
        for (PlannedChain c : plan.nat()) {
            Optional<ServicePortName> s = c.service();
            s.ifPresent(name -> out.computeIfAbsent(name, k -> new ArrayList<>()).add(c));
        }
        return out;
    }

    private static String payload(List<PlannedChain> filter, List<PlannedChain> nat, Set<String> staleNat) {
        RestorePayload out = new RestorePayload();
        table(out, "filter", filter, Set.of());
        table(out, "nat", nat, staleNat);
        return out.render();
    }

    private static void table(RestorePayload out, String name, List<PlannedChain> chains, Set<String> stale) {
        out.table(name);
        chains.forEach(c -> out.chain(c.name()));
        // A stale chain is declared (flushed) so that no other stale chain still jumps to it when it is deleted.
        stale.forEach(c -> out.chain(c).deleteChain(c));
        chains.forEach(c -> c.rules().forEach(r -> out.rule(c.name(), r)));
    }
}
