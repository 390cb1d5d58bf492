package dev.podwire.proxy.iptables;

import dev.podwire.host.Command;
import dev.podwire.host.Kernel;
import dev.podwire.netfilter.Jumps;
import dev.podwire.netfilter.Ruleset;
import dev.podwire.proxy.Proxier;
import dev.podwire.proxy.ProxySnapshot;
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

    /** The proxier of the node {@code kernel} reaches. */
    public IptablesProxier(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Applied sync(ProxySnapshot snapshot, boolean full) {
        ProxyPlan plan = ProxyPlanner.plan(snapshot);
        boolean doFull = full || applied.isEmpty();
        String payload;
        try {
            if (doFull) {
                String save = kernel.run("iptables-save", "-t", "nat").orThrow().stdout();
                payload = IptablesRenderer.render(plan, Ruleset.parse(save).chainNames("nat"));
            } else {
                payload = IptablesRenderer.renderPartial(plan, applied.get());
            }
            kernel.run(Command.iptablesRestore(kernel.netns(), payload)).orThrow();
            if (doFull) {
                Jumps.ensure(kernel.executor(), kernel.netns(), plan.jumps());
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
}
