package dev.podwire.agent;

import dev.podwire.backend.FlannelRules;
import dev.podwire.host.Command;
import dev.podwire.netfilter.Jumps;
import dev.podwire.subnet.Lease;

/**
 * flanneld's traffic manager on one node: the {@code FLANNEL-POSTRTG} (ip-masq) and {@code FLANNEL-FWD} chains in one
 * {@code iptables-restore --noflush}, and the jumps to them from the built-in chains added only when missing.
 */
final class FlannelRulesSync {
    private final NodeContext ctx;

    FlannelRulesSync(NodeContext ctx) {
        this.ctx = ctx;
    }

    /** Programs flannel's chains and the jumps to them. */
    void ensure(Lease lease) {
        FlannelRules rules = FlannelRules.of(ctx.lab().podNetwork().network(), lease.subnet(),
                ctx.lab().flannel().ipMasq());
        ctx.executor().run(Command.iptablesRestore(ctx.netns(), rules.restorePayload())).orThrow();
        Jumps.ensure(ctx.executor(), ctx.netns(), rules.jumps());
    }
}
