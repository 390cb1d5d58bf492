package dev.podwire.kubelet;

import dev.podwire.cluster.ResourceType;
import dev.podwire.net.Cidr;
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import dev.podwire.sync.Syncer;
import dev.podwire.sync.Trigger;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The node's pods as a {@link Syncer}: on every change of a Pod, on a new lease and on every resync, the pods the store
 * binds to this node are handed to {@link PodSync}.
 */
public final class PodSyncer implements Syncer {
    private final PodSync pods;
    private final KubeletEnv env;
    private final Supplier<Cidr> subnet;
    private final int mtu;
    private final Set<Trigger> triggers;

    /**
     * @param subnet the node's pod subnet now (a new lease may bring another)
     * @param mtu the pods' MTU
     * @param signals signals of the node's other syncers that wake it too (a new lease)
     */
    public PodSyncer(PodSync pods, KubeletEnv env, Supplier<Cidr> subnet, int mtu, Set<String> signals) {
        this.pods = pods;
        this.env = env;
        this.subnet = subnet;
        this.mtu = mtu;
        java.util.Set<Trigger> t = new java.util.HashSet<>();
        t.add(Trigger.keys(ResourceType.POD.prefix()));
        signals.forEach(s -> t.add(Trigger.signal(s)));
        this.triggers = Set.copyOf(t);
    }

    @Override
    public String name() {
        return "pods";
    }

    @Override
    public Set<Trigger> wakesOn() {
        return triggers;
    }

    @Override
    public Outcome sync(Pass pass) {
        List<Pod> mine = env.cluster().list(ResourceType.POD).stream()
                .filter(p -> p.getSpec() != null && env.node().equals(p.getSpec().getNodeName())).toList();
        int changes = pods.sync(mine, subnet.get(), mtu);
        // A pod or container waiting in back-off is retried when its wait is over, not at the next resync.
        java.time.Instant now = env.clock().instant();
        return pods.nextRetry().filter(t -> t.isAfter(now)).map(t -> (Outcome) new Outcome.Later(
                java.time.Duration.between(now, t))).orElse(Outcome.done(changes));
    }

    @Override
    public void close() {
        pods.close();
    }
}
