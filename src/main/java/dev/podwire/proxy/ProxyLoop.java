package dev.podwire.proxy;

import dev.podwire.cluster.ClusterStore;
import dev.podwire.cluster.ResourceType;
import dev.podwire.host.Kernel;
import dev.podwire.labfile.KubeProxyConfigs;
import dev.podwire.labfile.KubeProxyOptions;
import dev.podwire.labfile.ProxySyncOptions;
import dev.podwire.net.Ipv4;
import dev.podwire.sync.Outcome;
import dev.podwire.sync.Pass;
import dev.podwire.sync.Syncer;
import dev.podwire.sync.Trigger;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * kube-proxy on one node, whatever its mode: the part every mode shares (kube-proxy's {@code SyncLoop} and the
 * trackers around {@code syncProxyRules}). Each sync builds a {@link ProxySnapshot} from the Services and
 * EndpointSlices in the store and hands it to the mode's {@link Proxier}: fully on the first sync, every
 * {@code syncPeriod}, after any failure and after a configuration change; otherwise only when the snapshot changed,
 * and no more often than {@code minSyncPeriod} (a change that comes sooner is held back, {@link Outcome.Later}). It
 * also keeps kube-proxy's health-check servers ({@link HealthCheckServers}) and deletes UDP conntrack entries pointing
 * at endpoints that went away ({@link StaleUdp}), so datagram clients do not keep talking to a dead pod.
 */
public final class ProxyLoop implements Syncer {
    private static final System.Logger LOG = System.getLogger(ProxyLoop.class.getName());
    private final Kernel kernel;
    private final String node;
    private final List<Ipv4> nodeAddresses;
    private final ClusterStore cluster;
    private final InstantSource clock;
    private final KubeProxyConfigFollower config;
    private final HealthCheckServers health;
    private final Proxier proxier;
    private volatile ProxyObserver observer = ProxyObserver.NONE;
    private Optional<ProxySnapshot> applied = Optional.empty();
    private Instant lastFull = Instant.EPOCH;
    private Instant lastSync = Instant.EPOCH;

    /**
     * The proxy of one node.
     *
     * @param node the node's name: endpoints on it are local
     * @param nodeAddresses the node's addresses (NodePorts answer on them)
     * @param initial the lab's kube-proxy settings, until the {@code kube-system/kube-proxy} ConfigMap says otherwise
     * @param modes the registry of modes ({@code proxy.modes.Proxiers::create}): this loop knows none of them
     */
    public ProxyLoop(Kernel kernel, String node, List<Ipv4> nodeAddresses, ClusterStore cluster,
            KubeProxyOptions initial, InstantSource clock, ProxierFactory modes) {
        this.kernel = kernel;
        this.node = node;
        this.nodeAddresses = List.copyOf(nodeAddresses);
        this.cluster = cluster;
        this.clock = clock;
        this.config = new KubeProxyConfigFollower(node, initial);
        this.health = new HealthCheckServers(kernel.netns(), node);
        this.proxier = modes.create(initial.mode(), kernel);
    }

    /** Reports every applied sync to {@code observer} (kube-proxy's sync metrics hook in there). */
    public void observe(ProxyObserver observer) {
        this.observer = observer;
    }

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public Set<Trigger> wakesOn() {
        return Set.of(Trigger.keys(ResourceType.SERVICE.prefix()), Trigger.keys(ResourceType.ENDPOINT_SLICE.prefix()),
                Trigger.keys(ResourceType.CONFIG_MAP.prefix(KubeProxyConfigs.NAMESPACE)));
    }

    @Override
    public Outcome sync(Pass pass) {
        Instant now = clock.instant();
        // kube-proxy exits when its configuration changes and comes back with the new one: here, a full resync.
        boolean reconfigured = config.reload(cluster.get(ResourceType.CONFIG_MAP, KubeProxyConfigs.NAMESPACE,
                KubeProxyConfigs.NAME));
        ProxySyncOptions options = config.current().active();
        ProxySnapshot snapshot = snapshot();
        health.sync(snapshot);
        boolean periodic = !now.isBefore(lastFull.plus(options.syncPeriod()));
        boolean full = pass == Pass.RECOVER || reconfigured || periodic || applied.isEmpty();
        if (!full) {
            if (snapshot.equals(applied.get())) {
                return Outcome.done(0);
            }
            Instant allowed = lastSync.plus(options.minSyncPeriod());
            if (now.isBefore(allowed)) {
                return new Outcome.Later(Duration.between(now, allowed));
            }
        }
        long t0 = System.nanoTime();
        Proxier.Applied done;
        try {
            done = proxier.sync(snapshot, full);
        } catch (RuntimeException e) {
            applied = Optional.empty();
            throw new IllegalStateException("apply proxy rules in netns " + kernel.netns() + ": " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        int flushed = applied.map(prev -> StaleUdp.clear(kernel, prev, snapshot)).orElse(0);
        applied = Optional.of(snapshot);
        lastSync = now;
        if (done.full()) {
            lastFull = now;
        }
        LOG.log(System.Logger.Level.INFO, "proxy sync node=" + node + " kind=" + (done.full() ? "full" : "partial")
                + " services=" + snapshot.services().size() + " endpoints="
                + snapshot.endpoints().values().stream().mapToInt(List::size).sum() + " rules=" + done.rules()
                + " payloadLines=" + done.payloadLines() + " conntrackFlushed=" + flushed + " took="
                + took.toMillis() + "ms");
        observer.synced(snapshot, done, took);
        return Outcome.done(1);
    }

    private ProxySnapshot snapshot() {
        KubeProxyOptions c = config.current();
        ProxySyncOptions options = c.active();
        ProxyOptions opts = new ProxyOptions(c.clusterCidr(), options.masqueradeAll(), options.masqueradeBit());
        return ProxySnapshots.from(cluster.list(ResourceType.SERVICE), cluster.list(ResourceType.ENDPOINT_SLICE), node,
                nodeAddresses, opts);
    }

    /** Closes the health check servers. */
    @Override
    public void close() {
        health.close();
    }
}
