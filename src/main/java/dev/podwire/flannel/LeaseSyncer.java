package dev.podwire.flannel;

import dev.podwire.subnet.LeaseView;
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import dev.podwire.sync.Syncer;
import dev.podwire.sync.Trigger;
import java.util.Set;

/**
 * Keeps the node's lease: renews it when its renewal time comes, and takes it back when it expired or was deleted by
 * hand (then tells the node's other syncers, {@link LeaseView#RENEWED}, since the subnet may have changed).
 */
public final class LeaseSyncer implements Syncer {
    private final LeaseManager leases;

    /** The syncer of the lease {@code leases} holds. */
    public LeaseSyncer(LeaseManager leases) {
        this.leases = leases;
    }

    @Override
    public String name() {
        return "lease";
    }

    @Override
    public Set<Trigger> wakesOn() {
        return Set.of(Trigger.keys(leases.prefix()));
    }

    @Override
    public Outcome sync(Pass pass) {
        return leases.renewIfDue() ? Outcome.done(1, LeaseView.RENEWED) : Outcome.done(0);
    }
}
