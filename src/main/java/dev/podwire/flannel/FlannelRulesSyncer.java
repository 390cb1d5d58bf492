package dev.podwire.flannel;

import dev.podwire.backend.FlannelRules;
import dev.podwire.host.Command;
import dev.podwire.host.Kernel;
import dev.podwire.netfilter.Jumps;
import dev.podwire.net.Cidr;
import dev.podwire.subnet.Lease;
import dev.podwire.subnet.LeaseView;
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import dev.podwire.sync.Trigger;
import java.util.Set;

/**
 * flanneld's traffic manager on one node: the {@code FLANNEL-POSTRTG} (ip-masq) and {@code FLANNEL-FWD} chains in one
 * {@code iptables-restore --noflush}, and the jumps to them from the built-in chains added only when missing. Like
 * flanneld, which re-checks its rules every few seconds, it runs on every resync, so rules flushed by hand come back.
 */
public final class FlannelRulesSyncer implements dev.podwire.sync.Syncer {
    private final Kernel kernel;
    private final Cidr network;
    private final boolean ipMasq;
    private final LeaseView leases;

    /**
     * @param network the pod network (flannel's {@code Network})
     * @param ipMasq flannel's {@code --ip-masq}
     */
    public FlannelRulesSyncer(Kernel kernel, Cidr network, boolean ipMasq, LeaseView leases) {
        this.kernel = kernel;
        this.network = network;
        this.ipMasq = ipMasq;
        this.leases = leases;
    }

    @Override
    public String name() {
        return "flannel-rules";
    }

    @Override
    public Set<Trigger> wakesOn() {
        return Set.of(Trigger.signal(LeaseView.RENEWED));
    }

    @Override
    public Outcome sync(Pass pass) {
        return Outcome.done(ensure(leases.self()));
    }

    /** Programs flannel's chains and the jumps to them; {@return how many jumps were missing} */
    int ensure(Lease lease) {
        FlannelRules rules = FlannelRules.of(network, lease.subnet(), ipMasq);
        // The chains first: a jump to a chain that does not exist is refused.
        kernel.run(Command.iptablesRestore(kernel.netns(), rules.restorePayload())).orThrow();
        return Jumps.ensure(kernel.executor(), kernel.netns(), rules.jumps());
    }
}
