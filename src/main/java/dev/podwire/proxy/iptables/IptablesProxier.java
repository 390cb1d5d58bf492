package dev.podwire.proxy.iptables;

import dev.podwire.host.Command;
import dev.podwire.host.Kernel;
import dev.podwire.netfilter.Jump;
import dev.podwire.netfilter.Jumps;
import dev.podwire.netfilter.Ruleset;
import dev.podwire.proxy.Proxier;
import dev.podwire.proxy.ProxySnapshot;
import java.util.List;
import java.util.Optional;

/**
 * kube-proxy's iptables mode on one node: plans the whole ruleset ({@link ProxyPlanner}) and applies it with one
 * {@code iptables-restore --noflush}: the full payload (stale service chains deleted, then the jumps from the built-in
 * chains checked with {@code -C} and inserted when missing), or a partial one rewriting only the chains that changed
 * since the plan applied last (kube-proxy's MinimizeIPTablesRestore).
 */
public final class IptablesProxier implements Proxier {
    private final Kernel kernel;
    private Optional<ProxyPlan> applied = Optional.empty();
    private final PlanCache cache = new PlanCache();

    /** The proxier of the node {@code kernel} reaches. */
    public IptablesProxier(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Applied sync(ProxySnapshot snapshot, boolean full) {
        ProxyPlan plan = ProxyPlanner.plan(snapshot, IptablesFeatures.defaults(), cache);
        boolean doFull = full || applied.isEmpty();
        String payload;
        try {
            if (doFull) {
                String save = kernel.run("iptables-save", "-t", "nat").orThrow().stdout();
                payload = IptablesRenderer.render(plan, Ruleset.chainNames(save, "nat"));
            } else {
                payload = IptablesRenderer.renderPartial(plan, applied.get());
            }
            kernel.run(Command.iptablesRestore(kernel.netns(), payload)).orThrow();
            if (doFull) {
                Jumps.ensure(kernel.executor(), kernel.netns(), plan.jumps());
                ensureCanaries();
            }
        } catch (RuntimeException e) {
            // The kernel may hold neither plan now: the next sync must be a full one.
            applied = Optional.empty();
            throw e;
        }
        applied = Optional.of(plan);
        return new Applied(doFull, plan.ruleCount(), payload.lines().count());
    }

    @Override
    public void reset() {
        applied = Optional.empty();
    }

    // kube-proxy's canaries: an empty KUBE-PROXY-CANARY chain in mangle, nat and filter, made on full syncs; a table
    // flushed and its chains deleted takes its canary along. A flush alone (iptables -t nat -F) leaves chains, so the
    // jumps from the built-in chains into kube-proxy's are checked too: one per table kube-proxy writes.
    private static final List<String> CANARY_TABLES = List.of("mangle", "nat", "filter");
    static final String CANARY = "KUBE-PROXY-CANARY";
    private static final List<Jump> SENTINELS = List.of(
            KubeProxyJumps.KUBE_PROXY.stream().filter(j -> j.table().equals("nat") && j.chain().equals("PREROUTING"))
                    .findFirst().orElseThrow(),
            KubeProxyJumps.KUBE_PROXY.stream().filter(j -> j.table().equals("filter") && j.chain().equals("FORWARD")
                    && j.target().equals("KUBE-FORWARD")).findFirst().orElseThrow());

    @Override
    public boolean intact() {
        if (applied.isEmpty()) {
            return true;
        }
        return kernel.run("iptables", "-w", "5", "-t", "mangle", "-S", CANARY).ok()
                && Jumps.present(kernel.executor(), kernel.netns(), SENTINELS);
    }

    private void ensureCanaries() {
        for (String table : CANARY_TABLES) {
            if (!kernel.run("iptables", "-w", "5", "-t", table, "-S", CANARY).ok()) {
                kernel.run("iptables", "-w", "5", "-t", table, "-N", CANARY).orThrow();
            }
        }
    }
}
