package dev.podwire.agent;

import dev.podwire.backend.FlannelRules;
import dev.podwire.backend.JumpRule;
import dev.podwire.backend.JumpRules;
import dev.podwire.host.Command;
import dev.podwire.subnet.Lease;
import java.util.List;

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
        String save = ctx.executor().run(Command.of(ctx.netns(), "iptables-save")).orThrow().stdout();
        List<JumpRule> missing = JumpRules.missing(save, rules.jumpRules());
        if (!missing.isEmpty()) {
            ctx.executor().run(Command.iptablesRestore(ctx.netns(), JumpRules.render(missing))).orThrow();
        }
    }
}
