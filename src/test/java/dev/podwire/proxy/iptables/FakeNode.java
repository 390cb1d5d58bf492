package dev.podwire.proxy.iptables;

import dev.podwire.host.Command;
import dev.podwire.host.FakeExecutor;
import dev.podwire.net.Netns;
import dev.podwire.netfilter.Jumps;
import dev.podwire.netfilter.Ruleset;

/**
 * One node's iptables in the stateful {@link FakeExecutor}, synced the way the node's proxy syncs (kube-proxy's
 * {@code syncProxyRules} against {@code FakeIPTables}): a full sync reads the nat chains with {@code iptables-save -t
 * nat}, restores the full payload (deleting stale service chains) and ensures the jumps; a partial sync restores the
 * partial payload only.
 */
final class FakeNode {
    static final Netns NS = Netns.of("fx-node");
    final FakeExecutor exec = new FakeExecutor();

    /** Runs a full sync of {@code plan}; {@return how many jumps it added} */
    int fullSync(ProxyPlan plan) {
        String save = exec.run(Command.of(NS, "iptables-save", "-t", "nat")).orThrow().stdout();
        restore(IptablesRenderer.render(plan, Ruleset.parse(save).chainNames("nat")));
        return Jumps.ensure(exec, NS, plan.jumps());
    }

    /** Runs a partial sync from {@code previous}, which the node must hold, to {@code plan}. */
    void partialSync(ProxyPlan plan, ProxyPlan previous) {
        restore(IptablesRenderer.renderPartial(plan, previous));
    }

    /** {@return the node's rules, read back with {@code iptables-save} and parsed} */
    Ruleset save() {
        return Ruleset.parse(exec.run(Command.of(NS, "iptables-save")).orThrow().stdout());
    }

    private void restore(String payload) {
        exec.run(Command.iptablesRestore(NS, payload)).orThrow();
    }
}
